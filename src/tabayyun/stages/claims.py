"""Stage: numeric claims — each count tied to what it counts, who claims it and through whom.

A claim is a ``kind == "count"`` quantity with a measure (``claims.measures``); its claimant
is the attribution whose scope covers the number (innermost first), else the outlet's own
voice. The claim span is the smallest stretch covering the number and the word that gave
its measure, so that an analyst lands on the evidence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from datetime import date
from importlib import import_module

from tabayyun.claims.measures import Reading, counted_noun, is_excluded, read_measure
from tabayyun.model import AnalyzedDoc, Attribution, Claim, Quantity, Sentence, SourceKind
from tabayyun.pipeline import Stage
from tabayyun.sources.phrases import is_hedged
from tabayyun.sources.words import Word, doc_tokens, words_between
from tabayyun.text.segment import split_sentences

DateFinder = Callable[[AnalyzedDoc, int], "date | None"]


def _date_finder() -> DateFinder | None:
    """The times stage's ``date_for_offset`` when that stage is installed; claims go undated otherwise."""
    try:
        module = import_module("tabayyun.stages.times")
    except ImportError:
        return None
    finder: DateFinder | None = getattr(module, "date_for_offset", None)
    return finder


def claimant_for(attributions: Sequence[Attribution], offset: int) -> Attribution | None:
    """The attribution speaking for ``offset``: of those whose scope covers it, the innermost
    (latest scope start). Sources named only in passing (scope = their own phrase) never claim."""
    best: Attribution | None = None
    for a in attributions:
        passing = a.scope_start == a.source_start and a.scope_end == a.source_end
        if a.scope_start <= offset < a.scope_end and not passing \
                and (best is None or (a.scope_start, a.start) > (best.scope_start, best.start)):
            best = a
    return best


class _Claimants:
    """The attributions ordered by scope start, to find those speaking for an offset without
    reading them all (``claimant_for`` then decides among them, in layer order)."""

    def __init__(self, attributions: Sequence[Attribution]) -> None:
        self.attributions = attributions
        self.order = sorted(range(len(attributions)), key=lambda k: attributions[k].scope_start)
        self.starts = [attributions[k].scope_start for k in self.order]
        self.longest = max((a.scope_end - a.scope_start for a in attributions), default=0)

    def at(self, offset: int) -> Attribution | None:
        # a scope starting before offset - longest ends before offset
        lo, hi = bisect_left(self.starts, offset - self.longest), bisect_right(self.starts, offset)
        return claimant_for([self.attributions[k] for k in sorted(self.order[lo:hi])], offset)


def _word_range(words: Sequence[Word], q: Quantity) -> tuple[int, int] | None:
    idx = [w.i for w in words if w.start < q.end and q.start < w.end]
    return (idx[0], idx[-1]) if idx else None


def _noun_index(words: Sequence[Word], first: int, last: int, q: Quantity) -> int | None:
    """The counted noun: the one the quantities stage read (it may lie inside the quantity's
    span: "4 انتحاريين على الأقل"), else the word after the number."""
    if q.noun:
        for k in range(first, min(len(words), last + 4)):
            if words[k].text == q.noun or words[k].text.endswith(q.noun):
                return k
    return counted_noun(words, last)


def claims_in_sentence(doc: AnalyzedDoc, sentence: Sentence, words: list[Word], quantities: Sequence[Quantity],
                       attributions: Sequence[Attribution], dater: DateFinder | None,
                       claimants: _Claimants | None = None) -> list[Claim]:
    claimants = claimants or _Claimants(attributions)
    ranges = [(q, _word_range(words, q)) for q in quantities]
    blocked = {k for _, r in ranges if r for k in range(r[0], r[1] + 1)}
    hedged_sentence = is_hedged(words)
    out: list[Claim] = []
    previous: Reading | None = None
    previous_end: int | None = None
    for q, r in ranges:
        if r is None or q.kind != "count":
            continue
        first, last = r
        noun = _noun_index(words, first, last, q)
        if is_excluded(words, first, noun):
            continue
        own = set(range(first, last + 1))
        reading = read_measure(words, first, last, noun, blocked - own, previous, previous_end)
        if reading is None:
            continue
        previous, previous_end = reading, last
        start, end = q.start, q.end
        if reading.trigger is not None:
            t = words[reading.trigger]
            start, end = min(start, t.start), max(end, t.end)
        attribution = claimants.at(q.start)
        if attribution is not None:
            claimant, kind, via = attribution.source_text, attribution.kind, attribution.via
            hedged = attribution.hedged or hedged_sentence
        else:
            claimant, kind, via = doc.document.outlet or "", SourceKind.OUTLET, ()
            hedged = hedged_sentence
        out.append(Claim(
            start=start, end=end, text=doc.text[start:end], measure=reading.measure, unit=reading.unit,
            low=q.low, high=q.high, approximate=q.approximate, subject=reading.subject,
            claimant=claimant, claimant_kind=kind, via=tuple(via),
            date=dater(doc, q.start) if dater else None, hedged=hedged,
            quantity_start=q.start, quantity_end=q.end,
        ))
    return out


def extract_claims(doc: AnalyzedDoc) -> list[Claim]:
    """Claims of the document body; works without mentions or times (claims then go undated)."""
    end = doc.document.extraction_end
    sentences = doc.layer("sentences") or tuple(split_sentences(doc.text, 0, end))
    quantities = [q for q in doc.layer("quantities") if q.start < end]
    attributions: Sequence[Attribution] = doc.layer("attributions")
    tokens = doc_tokens(doc)
    dater = _date_finder()
    claimants = _Claimants(attributions)
    out: list[Claim] = []
    qi = 0
    quantities.sort(key=lambda q: q.start)
    for sentence in sentences:
        if sentence.start >= end:
            break
        mine: list[Quantity] = []
        while qi < len(quantities) and quantities[qi].start < sentence.end:
            if quantities[qi].start >= sentence.start:
                mine.append(quantities[qi])
            qi += 1
        if not mine:
            continue
        words = words_between(tokens, sentence.start, sentence.end)
        out.extend(claims_in_sentence(doc, sentence, words, mine, attributions, dater, claimants))
    return out


def claims(doc: AnalyzedDoc) -> AnalyzedDoc:
    return doc.with_layer("claims", extract_claims(doc))


STAGE = Stage("claims", claims, requires=("sentences", "tokens", "quantities", "attributions"), uses=("times",),
              provides=("claims",),
              doc="numeric claims: measure, unit, interval, subject, claimant, via and date")
