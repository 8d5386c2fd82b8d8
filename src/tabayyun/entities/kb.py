"""The knowledge base of actors, organisations, outlets and public figures (data/kb/*.json).

Each entry has a canonical id, a label, an English name, an ACLED actor type and Arabic
aliases; the loader adds the spelling variants listed in kb/variants.json so that the data
files need to list one spelling of each name only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from tabayyun.lexicon import load_json
from tabayyun.text.normalize import compact_key

KB_FILES = ("actors.json", "organisations.json", "outlets.json", "persons.json")


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    label: str
    name_ar: str
    name_en: str = ""
    actor_type: str | None = None
    country: str = ""
    aliases: tuple[str, ...] = ()
    # aliases that are also everyday words: they count only after a full alias in the same document
    short_aliases: tuple[str, ...] = ()
    # the name is an everyday word (الوطن، العربية): needs an outlet noun or quotation marks
    needs_cue: bool = False
    # "country": a generic institution (وزارة الداخلية) whose id is qualified by the country
    scope: str = ""
    by_country: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def entity_id(self) -> str:
        return self.id if ":" in self.id else f"{self.label.lower()}:{self.id}"


def _variant_table() -> list[tuple[str, str]]:
    pairs = load_json("kb", "variants.json")["pairs"]
    return [(a, b) for a, b in pairs] + [(b, a) for a, b in pairs]


def spelling_variants(name: str, table: Iterable[tuple[str, str]] | None = None) -> list[str]:
    """The name and its listed spelling variants (each word pair applied on whole words)."""
    table = _variant_table() if table is None else table
    out = [name]
    for a, b in table:
        for current in list(out):
            words = current.split()
            if a in words or (" " in a and f" {a} " in f" {current} "):
                alt = f" {current} ".replace(f" {a} ", f" {b} ").strip()
                if alt not in out:
                    out.append(alt)
    return out


def _entity(rec: Mapping[str, object], table: list[tuple[str, str]]) -> Entity:
    aliases: list[str] = []
    for a in rec["aliases"]:  # type: ignore[attr-defined]
        for v in spelling_variants(str(a), table):
            if v not in aliases:
                aliases.append(v)
    short: list[str] = []
    for a in rec.get("short_aliases", []):  # type: ignore[attr-defined]
        short.extend(v for v in spelling_variants(str(a), table) if v not in short)
    label = str(rec["label"])
    rid = str(rec["id"])
    if label == "PER" and ":" not in rid:
        rid = person_id(str(rec["aliases"][0]))  # type: ignore[index]
    return Entity(
        id=rid, label=label, name_ar=aliases[0], name_en=str(rec.get("name_en", "")),
        actor_type=str(rec["actor_type"]) if rec.get("actor_type") else None, country=str(rec.get("country", "")),
        aliases=tuple(aliases), short_aliases=tuple(short), needs_cue=bool(rec.get("needs_cue", False)),
        scope=str(rec.get("scope", "")),
        by_country=MappingProxyType(dict(rec.get("by_country", {}))),  # type: ignore[call-overload]
    )


def person_id(name: str) -> str:
    """A stable person id from the name: first and last name (middle names dropped, so
    غسان خليل = غسان حليم خليل), keeping بن chains (محمد بن سلمان) and kunyas (أبو أسامة العراقي)."""
    from tabayyun.entities.persons import canonical_person_tokens

    toks = canonical_person_tokens(name)
    return "per:" + "_".join(toks)


@lru_cache(maxsize=1)
def load_entities() -> tuple[Entity, ...]:
    table = _variant_table()
    out: list[Entity] = []
    for fname in KB_FILES:
        for rec in load_json("kb", fname)["entities"]:
            out.append(_entity(rec, table))
    return tuple(out)


@lru_cache(maxsize=1)
def entities_by_id() -> Mapping[str, Entity]:
    table: dict[str, Entity] = {}
    for e in load_entities():
        table.setdefault(e.id, e)
    return MappingProxyType(table)


@lru_cache(maxsize=1)
def nationalities() -> Mapping[str, str]:
    """Compact key of a nationality adjective -> ISO country code."""
    adj = load_json("kb", "nationalities.json")["adjectives"]
    return MappingProxyType({compact_key(k): v for k, v in adj.items()})
