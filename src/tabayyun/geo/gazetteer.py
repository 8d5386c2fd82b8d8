"""Place lookup: the shipped compiled gazetteer, the curated places and a user's imported file.

Names are matched on compact keys (no diacritics, no article, no spaces: البوكمال =
البو كمال). A key may name several places; ``choose`` prefers the country the article is
about, then the more prominent place.
"""

from __future__ import annotations

import gzip
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tabayyun.geo.precision import PRECISION_OF_LEVEL
from tabayyun.lexicon import data_path, load_json
from tabayyun.text.normalize import compact_key

COLUMNS = ("id", "name_ar", "name_en", "lat", "lon", "level", "pcode", "population", "country", "aliases", "common")
# files written before the ``common`` column (a user's imported gazetteer) have the others only
REQUIRED_COLUMNS = len(COLUMNS) - 1

PARENT_STEPS = 3  # lies_in: a village's town's province at most
WIDE_LEVELS = frozenset({"country", "region"})  # lies_in: places that hold many separate incidents

# how prominent a place of each level is, for choosing among same-named places
LEVEL_RANK: Mapping[str, int] = {
    "country": 9, "region": 8, "capital": 8, "admin1-seat": 7, "admin1": 6, "city": 5, "town": 4,
    "admin2": 3, "admin3": 2, "neighbourhood": 1, "facility": 1, "village": 0,
}
USER_FILE_ENV = "TABAYYUN_USER_GAZETTEER"


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    level: str
    pcode: str = ""
    population: int = 0
    country: str = ""
    aliases: tuple[str, ...] = ()
    parent: str = ""  # the place (id) a neighbourhood or facility lies in
    label: str = "LOC"
    common: bool = False  # the name is also an everyday word: needs a place cue

    @property
    def precision(self) -> str:
        return PRECISION_OF_LEVEL.get(self.level, self.level)

    def names(self) -> tuple[str, ...]:
        return (self.name_ar, *self.aliases)


def default_user_file() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tabayyun" / "gazetteer-user.tsv"


def read_tsv(lines: Iterable[str]) -> list[Place]:
    """Places from the tab-separated gazetteer format (header line = COLUMNS; ``common`` = 1 marks
    a place whose every name is also an everyday word)."""
    places = []
    for n, line in enumerate(lines):
        if n == 0 and line.startswith("id\t"):
            continue
        c = line.rstrip("\n").split("\t")
        if len(c) < REQUIRED_COLUMNS or not c[1]:
            continue
        common = len(c) > REQUIRED_COLUMNS and c[REQUIRED_COLUMNS] == "1"
        places.append(Place(c[0], c[1], c[2], float(c[3]), float(c[4]), c[5], c[6], int(c[7] or 0), c[8],
                            tuple(a for a in c[9].split("|") if a), common=common))
    return places


def write_tsv(places: Iterable[Place], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for p in places:
            fh.write("\t".join([p.id, p.name_ar, p.name_en, f"{p.lat:.5f}", f"{p.lon:.5f}", p.level, p.pcode,
                                str(p.population), p.country, "|".join(p.aliases), "1" if p.common else ""]) + "\n")
            n += 1
    return n


def shipped_places() -> list[Place]:
    path = data_path("gazetteer", "gazetteer.tsv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return read_tsv(fh)


def curated_places() -> list[Place]:
    """The analyst-curated layer: countries, regions, neighbourhoods, facilities (data/kb/places.json)."""
    data = load_json("kb", "places.json")
    out = []
    for rec in data["places"]:
        out.append(Place(
            id=rec["id"], name_ar=rec["aliases"][0], name_en=rec.get("name_en", ""),
            lat=float(rec["lat"]), lon=float(rec["lon"]), level=rec.get("level", "town"),
            pcode=rec.get("pcode", ""), population=int(rec.get("population", 0)), country=rec.get("country", ""),
            aliases=tuple(rec["aliases"][1:]), parent=rec.get("parent", ""),
            label=rec.get("label", "FAC" if rec.get("level") == "facility" else "LOC"),
            common=bool(rec.get("common", False))))
    return out


def user_file() -> Path:
    """The analyst's own places (``import-gazetteer``), whether or not the file exists."""
    return Path(os.environ.get(USER_FILE_ENV) or default_user_file())


def user_places() -> list[Place]:
    path = user_file()
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return read_tsv(fh)


class Gazetteer:
    """Places indexed by the compact key of every name."""

    # not a dataclass: builds its index in __init__
    def __init__(self, places: Iterable[Place]) -> None:
        self.places: dict[str, Place] = {}
        self.by_key: dict[str, list[Place]] = {}
        for p in places:
            # a curated or user row with an id already seen replaces it (the later layer wins)
            self.places[p.id] = p
        for p in self.places.values():
            for name in p.names():
                key = compact_key(name)
                if len(key) >= 2 and p not in self.by_key.setdefault(key, []):
                    self.by_key[key].append(p)

    def candidates(self, key: str) -> list[Place]:
        return self.by_key.get(key, [])

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def choose(self, candidates: list[Place], countries: Counter[str] | None = None,
               near: Iterable[str] = ()) -> Place | None:
        """The intended place among same-named ones: one inside a place the article names
        (``near``), else in the article's most-mentioned country, else the most prominent."""
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        near_ids = set(near)
        countries = countries or Counter()

        def score(p: Place) -> tuple[int, int, int, int]:
            return (int(bool(p.parent) and p.parent in near_ids), countries.get(p.country, 0),
                    LEVEL_RANK.get(p.level, 0), p.population)

        return max(candidates, key=score)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Shipped, then curated, then the user's own places (later layers override by id)."""
    return Gazetteer([*shipped_places(), *curated_places(), *user_places()])


def lies_in(inner: str, outer: str) -> bool:
    """Whether the gazetteer's place ``inner`` lies in ``outer`` (its parent, or the parent's
    parent...): a province's seat stands for the province too, whatever its distance."""
    places = default_gazetteer()
    place = places.get(inner)
    for _ in range(PARENT_STEPS):
        if place is None or not place.parent:
            return False
        parent = places.get(place.parent)
        if parent is None or parent.level in WIDE_LEVELS:
            return False  # a country or region holds many separate incidents (merged afterwards)
        if place.parent == outer:
            return True
        place = parent
    return False
