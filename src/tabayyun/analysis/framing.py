"""Framing: the designations each outlet attaches to each actor, side by side.

A designation (ميليشيا، مرتزقة، الإرهابي، الصديقة…, kept in ``framing.json``) counts for an
actor when it stands inside the actor's mention or within a few words of it in the same
sentence; each designation goes to the nearest actor only. Mentions with no designation
count as neutral naming.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tabayyun.events.triggers import compile_terms, key_view
from tabayyun.lexicon import load_json
from tabayyun.model import AnalyzedDoc, EntityLabel, Mention

_ACTOR_LABELS = frozenset({EntityLabel.ORG, EntityLabel.PER, EntityLabel.MISC})
_SENTENCE_BREAK = re.compile(r"[.!?؟\n]")


@dataclass(frozen=True, slots=True)
class Designation:
    term: str
    stance: str
    pattern: re.Pattern[str]


@dataclass
class Framing:
    """How one outlet names one actor."""

    outlet: str
    entity_id: str
    name: str
    designations: Counter[str] = field(default_factory=Counter)
    stances: Counter[str] = field(default_factory=Counter)
    neutral: int = 0
    mentions: int = 0
    doc_ids: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def designations() -> tuple[tuple[Designation, ...], int]:
    data = load_json("lexicon", "framing.json")
    items = tuple(Designation(d["term"], d["stance"], compile_terms(d["forms"])) for d in data["designations"])
    return items, int(data.get("window_words", 3))


def _hits(doc: AnalyzedDoc) -> list[tuple[int, int, Designation]]:
    end = doc.document.extraction_end
    view = key_view(doc.text, end)
    out = []
    for d in designations()[0]:
        for m in d.pattern.finditer(view.text):
            s, e = view.to_original(m.start(), m.end())
            out.append((s, e, d))
    return sorted(out, key=lambda h: h[0])


def _distance(text: str, m: Mention, s: int, e: int, window: int) -> int | None:
    """Words between a designation and a mention, None when too far or across a sentence end."""
    if m.start <= s and e <= m.end:
        return 0
    lo, hi = (e, m.start) if e <= m.start else (m.end, s) if s >= m.end else (0, -1)
    if hi < lo:
        return None  # overlapping but not inside: a different reading of the same words
    gap = text[lo:hi]
    if _SENTENCE_BREAK.search(gap):
        return None
    words = len(gap.split())
    return words if words <= window else None


def doc_framing(doc: AnalyzedDoc) -> list[tuple[Mention, list[Designation]]]:
    """Each actor mention of ``doc`` with the designations attached to it."""
    window = designations()[1]
    actors = [m for m in doc.layer("mentions") if m.label in _ACTOR_LABELS and m.start < doc.document.extraction_end]
    attached: dict[int, list[Designation]] = defaultdict(list)
    for s, e, d in _hits(doc):
        best: tuple[int, int] | None = None
        for k, m in enumerate(actors):
            if abs(m.start - s) > 200:
                continue
            dist = _distance(doc.text, m, s, e, window)
            if dist is not None and (best is None or dist < best[0]):
                best = (dist, k)
        if best is not None:
            attached[best[1]].append(d)
    return [(m, attached.get(k, [])) for k, m in enumerate(actors)]


# one actor mention as framing counts it: (actor key, name, designation terms, their stances)
Naming = tuple[str, str, tuple[str, ...], tuple[str, ...]]


def doc_namings(doc: AnalyzedDoc) -> tuple[Naming, ...]:
    """What framing counts of one document, in mention order (stored once per document)."""
    return tuple((m.entity_id or m.canonical or m.text, m.canonical or m.text, tuple(d.term for d in found),
                  tuple(d.stance for d in found)) for m, found in doc_framing(doc))


def add_namings(table: dict[tuple[str, str], Framing], doc_id: str, outlet: str | None,
                namings: Sequence[Naming]) -> None:
    """Count one document's namings into ``table`` (by outlet and actor)."""
    outlet = outlet or "unknown"
    for key, name, terms, stances in namings:
        f = table.setdefault((outlet, key), Framing(outlet, key, name))
        f.mentions += 1
        f.doc_ids.add(doc_id)
        if terms:
            f.designations.update(terms)
            f.stances.update(stances)
        else:
            f.neutral += 1


def build_framing(docs: Sequence[AnalyzedDoc]) -> list[Framing]:
    table: dict[tuple[str, str], Framing] = {}
    for doc in docs:
        add_namings(table, doc.document.doc_id, doc.document.outlet, doc_namings(doc))
    return sorted(table.values(), key=lambda f: (f.entity_id, f.outlet))


def framing_records(items: Sequence[Framing]) -> list[dict[str, object]]:
    """One record per outlet and actor, then one side-by-side profile per actor named by 2+ outlets."""
    return list(iter_framing_records(items))


def iter_framing_records(items: Sequence[Framing]) -> Iterator[dict[str, object]]:
    """``framing_records`` one at a time (a whole corpus has 80,000 of them)."""
    by_actor: dict[str, list[Framing]] = defaultdict(list)
    for f in items:
        loaded = sum(f.designations.values())
        yield {"type": "framing", "outlet": f.outlet, "entity_id": f.entity_id, "name": f.name,
               "designations": dict(f.designations), "stances": dict(f.stances),
               "neutral": f.neutral, "mentions": f.mentions,
               "loaded_share": round(loaded / f.mentions, 3) if f.mentions else 0.0,
               "doc_ids": sorted(f.doc_ids)}
        by_actor[f.entity_id].append(f)
    for entity_id, group in sorted(by_actor.items()):
        if len(group) < 2:
            continue
        yield {"type": "framing_profile", "entity_id": entity_id, "name": group[0].name,
               "outlets": {f.outlet: {"designations": dict(f.designations), "neutral": f.neutral,
                                      "mentions": f.mentions} for f in group}}
