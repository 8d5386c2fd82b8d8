"""Knowledge-base ids for cited sources, so that one source is told from another across articles
however each article writes its name (وكالة رويترز، رويترز؛ المرصد السوري لحقوق الإنسان، المرصد).

The attributions stage takes a source's id from the entity mention its phrase names; these
lookups fill it where the mentions layer found none: a medium by any of its aliases or credit
forms (``kb/outlets.json``, ``lexicon/outlets.json``), any other source whose whole phrase is an
alias of a knowledge-base entity.
"""

from __future__ import annotations

from functools import lru_cache

from tabayyun.entities.kb import load_entities
from tabayyun.lexicon import load_json
from tabayyun.sources.wire import agency_of, bare_key
from tabayyun.text.normalize import normalize_key

MAX_NAME_WORDS = 4  # the longest stretch of a source phrase tried as a medium's name


@lru_cache(maxsize=1)
def _media_ids() -> tuple[dict[str, str], frozenset[str]]:
    """Bare key of every alias of a medium -> its entity id; and the keys that are also everyday
    words (الوطن، العربية), which name the medium only as the whole phrase."""
    ids: dict[str, str] = {}
    everyday: set[str] = set()
    for entity in load_entities():
        if entity.actor_type != "Media":
            continue
        for alias in entity.aliases:
            key = bare_key(alias)
            ids.setdefault(key, entity.entity_id)
            if entity.needs_cue:
                everyday.add(key)
    return ids, frozenset(everyday)


@lru_cache(maxsize=1)
def _entity_ids() -> dict[str, str]:
    """Key of every alias of a non-person entity -> its id (persons are linked by the mentions layer)."""
    out: dict[str, str] = {}
    for entity in load_entities():
        if entity.label == "PER" or entity.scope:
            continue
        for alias in entity.aliases:
            out.setdefault(normalize_key(alias, drop_article=True), entity.entity_id)
    return out


def medium_id(name: str) -> str | None:
    """The entity id of the medium a cited name stands for (وكالة رويترز -> org:reuters, أ ف ب ->
    org:afp, وكالة أنباء النظام «سانا» -> org:sana): the whole name, its agency's credit forms, or
    the longest stretch of it that is a medium's own name."""
    ids, everyday = _media_ids()
    key = bare_key(name)
    if key in ids:
        return ids[key]
    agency = agency_of(name)
    if agency is not None:
        entry = next((e for e in load_json("lexicon", "outlets.json").get("outlets", []) if e["name"] == agency), None)
        for alias in [entry["name"], *entry.get("aliases", [])] if entry else []:
            if bare_key(alias) in ids:
                return ids[bare_key(alias)]
    words = key.split()
    for n in range(min(len(words) - 1, MAX_NAME_WORDS), 0, -1):
        for i in range(len(words) - n + 1):
            part = " ".join(words[i:i + n])
            if part in ids and part not in everyday:
                return ids[part]
    return None


def source_id(name: str) -> str | None:
    """The entity id of a source phrase that is, as a whole, the name of a known body (المرصد
    السوري لحقوق الإنسان -> org:sohr)."""
    return _entity_ids().get(normalize_key(name, drop_article=True))
