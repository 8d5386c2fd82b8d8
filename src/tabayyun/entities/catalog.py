"""One phrase index over every known name: KB aliases and gazetteer places, built once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tabayyun.entities.index import PhraseIndex
from tabayyun.entities.kb import Entity, load_entities
from tabayyun.geo.gazetteer import Gazetteer, Place, default_gazetteer


@dataclass(frozen=True, slots=True)
class KbRef:
    entity: Entity
    short: bool = False  # matched through a short alias


@dataclass(frozen=True, slots=True)
class PlaceRef:
    place: Place


Ref = KbRef | PlaceRef


def build_index(entities: tuple[Entity, ...], gazetteer: Gazetteer) -> PhraseIndex[Ref]:
    index: PhraseIndex[Ref] = PhraseIndex()
    for e in entities:
        index.add_all(e.aliases, KbRef(e))
        index.add_all(e.short_aliases, KbRef(e, short=True))
    for p in gazetteer.places.values():
        index.add_all(p.names(), PlaceRef(p))
    return index


@lru_cache(maxsize=1)
def default_index() -> PhraseIndex[Ref]:
    return build_index(load_entities(), default_gazetteer())
