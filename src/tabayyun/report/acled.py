"""ACLED's coding of an incident's fields: actor names and types, country and admin levels,
the numeric precisions and the disorder type.

Everything ACLED-specific is data: ``lexicon/acled_export.json`` (codes, generic actors, admin1
names), ``kb/acled_actors.json`` (ACLED-style names of the knowledge base's actors) and
``kb/acled_countries.json`` (ISO codes, ACLED's country names and regions).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tabayyun.geo.gazetteer import Gazetteer, Place, default_gazetteer
from tabayyun.geo.precision import acled_geo_precision
from tabayyun.lexicon import load_json

# how many parent places are followed up from a place (a facility in a neighbourhood in a town)
_PARENT_STEPS = 4
# transliteration marks GeoNames writes for ʿayn and hamza; ACLED writes an apostrophe or nothing
_MARKS = str.maketrans({"‘": "'", "’": "'", "ʿ": "'", "ʾ": "'", "ʻ": "'"})


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO-2, as the gazetteer has it
    iso3: str
    iso: int  # ISO numeric: ACLED's iso column
    name: str
    region: str


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    inter: int | None  # ACLED's actor-type code; None: the type is unknown


@dataclass(frozen=True, slots=True)
class Admin:
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""


def ascii_name(name: str) -> str:
    """A GeoNames English name as ACLED writes place names: no diacritics (Ḩamāh -> Hamah)."""
    folded = unicodedata.normalize("NFKD", name.translate(_MARKS))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def split_actor_id(actor_id: str) -> tuple[str, str | None]:
    """(the KB id, the country a country-scoped id is qualified by): org:isis -> (isis, None),
    org:ministry_interior:SY -> (ministry_interior, SY). A bare name is its own id."""
    parts = actor_id.split(":")
    if len(parts) == 1:
        return actor_id, None
    scope = parts[2] if len(parts) == 3 and len(parts[2]) == 2 and parts[2].isupper() else None
    return parts[1] if scope or len(parts) == 2 else ":".join(parts[1:]), scope


class AcledCoding:
    """The data files read once; every method is a pure lookup."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        rules = load_json("lexicon", "acled_export.json")
        actors = load_json("kb", "acled_actors.json")
        self.gazetteer = gazetteer or default_gazetteer()
        self.countries = {code: Country(code, c["iso3"], int(c["iso"]), c["country"], c["region"])
                          for code, c in load_json("kb", "acled_countries.json")["countries"].items()}
        self.inter_of: Mapping[str, int] = rules["inter"]
        self.disorder: Mapping[str, str] = rules["disorder_type"]
        self.disorder_by_sub: Mapping[str, str] = rules["disorder_type_by_sub_event"]
        self.precisions: Mapping[str, int] = rules["time_precision"]
        self.generic: Mapping[str, Mapping[str, Any]] = rules["generic_actors"]
        self.default_actor1: Mapping[str, str] = rules["default_actor1"]
        self.civilian_victims = frozenset(rules["civilian_victims"])
        self.civilian_targeting: str = rules["civilian_targeting"]
        self.scales: Mapping[str, str] = rules["source_scale"]
        self.admin1: Mapping[str, str | None] = rules["admin1"]
        self.unknown_country: str = rules["unknown_country"]
        self.actors: Mapping[str, Mapping[str, Any]] = actors["actors"]
        self.regimes = {f"{prefix}{self.countries[code].name}": years for code, years in actors["regimes"].items()
                        if code in self.countries for prefix in actors["state_prefixes"]}
        self.by_pcode = {p.pcode: p for p in self.gazetteer.places.values() if p.pcode}

    # --- places ---------------------------------------------------------------------------------
    def place(self, place_id: str | None) -> Place | None:
        return self.gazetteer.get(place_id) if place_id else None

    def country(self, code: str | None) -> Country | None:
        return self.countries.get(code) if code else None

    def _chain(self, place: Place) -> list[Place]:
        chain = [place]
        while len(chain) <= _PARENT_STEPS and chain[-1].parent:
            parent = self.gazetteer.get(chain[-1].parent)
            if parent is None or parent in chain:
                break
            chain.append(parent)
        return chain

    def _unit(self, pcode: str) -> str:
        unit = self.by_pcode.get(pcode)
        return ascii_name(unit.name_en) if unit is not None else ""

    def admin(self, place: Place | None, others: Iterable[Place] = ()) -> Admin:
        """ACLED's admin1-3 of a place: from the OCHA p-code of the place or a place it lies in
        (SY0305 lies in SY03), or a province the data names; else from another place the
        incident's reports give in the same country (a province-level report of it)."""
        if place is None:
            return Admin()
        a1 = a2 = a3 = ""
        for p in self._chain(place):
            if p.pcode and p.country == "SY":  # Syria's p-codes: SY + 2 digits per level
                a1 = a1 or self.admin1.get(p.pcode[:4]) or self._unit(p.pcode[:4])
                a2 = a2 or (self._unit(p.pcode[:6]) if len(p.pcode) >= 6 else "")
                a3 = a3 or (self._unit(p.pcode[:8]) if len(p.pcode) >= 8 else "")
            if not a1 and p.id in self.admin1:
                a1 = self.admin1[p.id] or ""
        if not a1:
            for o in others:
                if o.country == place.country and o.id != place.id:
                    found = self.admin(o)
                    if found.admin1:
                        a1 = found.admin1
                        break
        return Admin(a1, a2, a3)

    @staticmethod
    def location_name(place: Place | None, written: str | None) -> str:
        """The place's English name as ACLED writes it, else the name as the articles write it."""
        if place is not None and place.name_en:
            return ascii_name(place.name_en)
        return written or ""

    @staticmethod
    def geo_precision(precision: str | None, place_id: str | None) -> int:
        """1 the town or finer (a facility is a site), 2 a district or an unknown level, 3 a province or coarser."""
        if place_id and place_id.startswith("fac:"):
            return 1
        return acled_geo_precision(precision)

    def time_precision(self, precision: str | None) -> int:
        return self.precisions.get(str(precision or "year"), max(self.precisions.values()))

    # --- events and actors ----------------------------------------------------------------------
    def disorder_type(self, event_type: str, sub_event_type: str) -> str:
        return self.disorder_by_sub.get(sub_event_type) or self.disorder.get(event_type, "")

    @staticmethod
    def interaction(inter1: int | None, inter2: int | None) -> str:
        """Two codes lower first ("12"); a sole actor's code and 0 ("20"); unknown types: empty."""
        if inter1 is None:
            return ""
        if inter2 is None:
            return f"{inter1}0"
        return "".join(str(i) for i in sorted((inter1, inter2)))

    def _named(self, template: str, country: Country | None) -> str:
        name = template.replace("{country}", country.name) if country else template.replace(" ({country})", "")
        name = name.replace("{country}", "")
        years = self.regimes.get(name)
        return f"{name} ({years})" if years else name

    def generic_actor(self, kind: str, country: Country | None) -> Actor:
        entry = self.generic[kind]
        return Actor(self._named(entry["name"], country), int(entry["inter"]))

    def actor(self, actor_id: str, actor_type: str, country: Country | None,
              name_of: Callable[[str], str | None] | None = None) -> Actor:
        """ACLED's name and code of an event's actor (an entity id, or a name without one).
        ``actor_type``: what the event recorded; ``name_of`` gives the name the articles write
        for an entity outside the KB."""
        from tabayyun.entities.kb import entities_by_id

        kb_id, scope = split_actor_id(actor_id)
        entity = entities_by_id().get(kb_id)
        row = self.actors.get(kb_id)
        kind = actor_type or (entity.actor_type if entity is not None else "") or ""
        inter = self.inter_of.get(kind)
        if row is not None:
            own = self.country(scope) or country or self.country(entity.country if entity else None)
            return Actor(self._named(row["name"], own), int(row["inter"]) if "inter" in row else inter)
        if entity is not None and entity.name_en:
            place = self.country(scope)
            return Actor(f"{entity.name_en} ({place.name})" if place else entity.name_en, inter)
        written = name_of(actor_id) if name_of is not None and ":" in actor_id else None
        return Actor(written or kb_id.replace("_", " "), inter)


@lru_cache(maxsize=1)
def coding() -> AcledCoding:
    return AcledCoding()

