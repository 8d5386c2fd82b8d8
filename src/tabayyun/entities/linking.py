"""Entity ids: one id per real-world entity across spellings and documents.

Persons: the id comes from the first and last name (per:غسان_خليل), so that غسان خليل and
غسان حليم خليل meet across documents; inside a document a lone surname or first name joins
the full name it abbreviates (خليل, الأمير فيصل). Generic institutions (وزارة الداخلية)
get the id of the country they belong to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.entities.index import token_key
from tabayyun.entities.kb import Entity, nationalities, person_id
from tabayyun.entities.persons import canonical_person_tokens
from tabayyun.lexicon import load_json


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person mention waiting for its id."""

    start: int
    end: int
    text: str
    titled: bool = False
    definite_only: bool = False
    fixed_id: str | None = None  # from the KB


def _key_no_article(k: str) -> str:
    return k[2:] if k.startswith("ال") and len(k) > 4 else k


def link_persons(names: Sequence[PersonName]) -> dict[int, str | None]:
    """Person id for each name (by position in ``names``); None for a lone definite word after a
    title that no full name in the document explains (اللواء الأول is a brigade, not a person)."""
    ids: dict[int, str | None] = {}
    full: list[tuple[list[str], str]] = []  # canonical tokens of multi-word names, their id
    for i, n in enumerate(names):
        toks = canonical_person_tokens(n.text)
        if len(toks) >= 2 or n.fixed_id:
            pid = n.fixed_id or person_id(n.text)
            ids[i] = pid
            full.append(([_key_no_article(t) for t in toks], pid))
    # the first full name ending (or beginning) with each word: looked up once per lone name,
    # not by reading every full name of a long article again
    by_last: dict[str, str] = {}
    by_first: dict[str, str] = {}
    for t, pid in full:
        if t:
            by_last.setdefault(t[-1], pid)
            by_first.setdefault(t[0], pid)
    for i, n in enumerate(names):
        if i in ids:
            continue
        toks = canonical_person_tokens(n.text)
        if not toks:
            ids[i] = None
            continue
        single = _key_no_article(toks[-1])
        if single in by_last:
            ids[i] = by_last[single]
        elif n.titled and single in by_first:
            ids[i] = by_first[single]
        elif n.definite_only:
            ids[i] = None
        else:
            ids[i] = person_id(n.text)
    return ids


@lru_cache(maxsize=1)
def _not_surnames() -> frozenset[str]:
    """Words that may end a name but never stand alone for a person: ordinals (محمد السادس),
    everyday words and function words."""
    from tabayyun.geo.cues import cue_lexicon

    titles = load_json("lexicon", "titles.json")
    given = load_json("kb", "given_names.json")
    words = [*titles["ordinals"], *titles["name_stops"], *titles["person_stops"], *titles["honorifics"]]
    return (frozenset(token_key(w) for w in words) | cue_lexicon().common) - {token_key(w) for w in given["given_names"]}


def surnames(names: Sequence[PersonName], ids: Mapping[int, str | None]) -> dict[str, str]:
    """Compact key of each full name's last word -> the person's id, for finding later lone
    references to the same person (وأضاف خليل)."""
    out: dict[str, str] = {}
    for i, n in enumerate(names):
        pid = ids.get(i)
        toks = canonical_person_tokens(n.text)
        if pid and len(toks) >= 2 and not toks[0].startswith(("ابو", "ام")):
            last = toks[-1]
            # a nationality (السعودي) or a given name standing last is no surname to refer back by
            ref = token_key(n.text.split()[-1])
            if len(last) >= 3 and ref not in nationalities() and ref not in _not_surnames():
                out.setdefault(ref, pid)
    return out


def scoped_id(entity: Entity, country: str | None) -> str:
    """The id of a KB entity in the article's country: generic institutions are qualified by it."""
    if entity.scope != "country":
        return entity.entity_id
    if country and country in entity.by_country:
        target = entity.by_country[country]
        return target if ":" in target else f"{entity.label.lower()}:{target}"
    return f"{entity.entity_id}:{country}" if country else entity.entity_id
