"""Findings: what several reports of one story say about one count, compared.

Claims are aligned on story, measure and time. Claims giving the same interval form a value
class; two classes are compared as a whole:

* ``corroboration``: overlapping values in different articles (``independent`` tells whether
  they come from different original sources, or are one source relayed by several outlets);
* ``contradiction``: non-overlapping values for the same day from different articles or
  different claimants, when neither article also gives the other's figure (an article that
  states both speaks of two different groups, not of one disputed count);
* ``progression``: a cumulative count that rises from one day to a later one (not a conflict);
* ``unit_mismatch``: the same number counted in persons by one report and families by another;
* ``single_source``: every figure for the measure comes from one original source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from tabayyun.model import Claim
from tabayyun.text.normalize import normalize_key

# counts that only grow while an event unfolds: a later, larger figure updates an earlier one
CUMULATIVE = frozenset({"killed", "injured", "missing", "escaped", "surrendered", "released", "transferred",
                        "freed", "arrested", "displaced", "returned", "sheltered", "destroyed", "strikes",
                        "abducted", "detainees"})
# a count that also speaks for another measure: the captives freed were the hostages held, the
# families sheltered were displaced; such figures corroborate, but a smaller one does not contradict
RELATED = {"freed": "hostages", "released": "hostages", "sheltered": "displaced", "returned": "displaced"}
MAX_RATIO = 2.5  # two figures further apart than this are counts of different things, not rival counts
MAX_GROWTH = 10.0  # over days a cumulative count may grow more (300 surrendered, then about 1,000)
SLACK = 0.1  # approximate figures ("about 300") overlap within 10%


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim placed in the corpus: its article, story, original source and as-of date."""

    doc_id: str
    claim: Claim
    story_id: str
    source: str  # the original source: two outlets relaying one source share this key
    asof: date | None  # the day the figure speaks for (claim date, else publication day)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    measure: str
    story_id: str
    claims: tuple[ClaimRef, ...]
    reasoning: str
    independent: bool = True
    sources: int = 1


def _bounds(c: Claim) -> tuple[float, float]:
    slack = SLACK if c.approximate else 0.0
    lo = -1e18 if c.low is None else c.low * (1 - slack)
    hi = 1e18 if c.high is None else c.high * (1 + slack)
    return lo, hi


def overlap(a: Claim, b: Claim) -> bool:
    alo, ahi = _bounds(a)
    blo, bhi = _bounds(b)
    return alo <= bhi and blo <= ahi


def _point(c: Claim) -> float | None:
    if c.low is not None and c.high is not None:
        return (c.low + c.high) / 2
    return c.low if c.low is not None else c.high


def _subject_clash(a: Claim, b: Claim) -> bool:
    return bool(a.subject and b.subject and normalize_key(a.subject) != normalize_key(b.subject))


def _fmt(c: Claim) -> str:
    if c.low == c.high:
        return f"{'about ' if c.approximate else ''}{_num(c.low)}"
    if c.high is None:
        return f"at least {_num(c.low)}"
    if c.low is None:
        return f"at most {_num(c.high)}"
    return f"{_num(c.low)}–{_num(c.high)}"


def _num(v: float | None) -> str:
    return "?" if v is None else f"{v:g}"


def _value_key(r: ClaimRef) -> tuple[float | None, float | None, str]:
    return (r.claim.low, r.claim.high, r.claim.unit)


def _asserts(doc_claims: Sequence[ClaimRef], other: Claim) -> bool:
    """Whether an article also gives ``other``'s figure for the same measure. Only a definite
    figure counts: "at least 115" or "dozens" would match almost anything."""
    return any(_definite(r.claim) and overlap(r.claim, other) and r.claim.unit == other.unit for r in doc_claims)


def _definite(c: Claim) -> bool:
    return c.low is not None and c.high is not None and c.high - c.low <= SLACK * c.high


def _rival(a: ClaimRef, b: ClaimRef, by_doc: dict[str, list[ClaimRef]], max_ratio: float = MAX_RATIO) -> bool:
    """Two figures that cannot both be true of one count at one moment."""
    ca, cb = a.claim, b.claim
    if ca.unit != cb.unit or overlap(ca, cb) or _subject_clash(ca, cb):
        return False
    pa, pb = _point(ca), _point(cb)
    if pa is None or pb is None or min(pa, pb) <= 0 or max(pa, pb) / min(pa, pb) > max_ratio:
        return False
    if a.doc_id == b.doc_id:
        return normalize_key(ca.claimant) != normalize_key(cb.claimant)
    return not _asserts(by_doc[a.doc_id], cb) and not _asserts(by_doc[b.doc_id], ca)


def _days(a: ClaimRef, b: ClaimRef) -> int | None:
    if a.asof is None or b.asof is None:
        return None
    return (b.asof - a.asof).days


def _record(kind: str, measure: str, story: str, refs: Iterable[ClaimRef], reasoning: str) -> Finding:
    ordered = tuple(sorted(set(refs), key=lambda r: (r.asof or date.min, r.doc_id, r.claim.start)))
    sources = len({r.source for r in ordered})
    return Finding(kind, measure, story, ordered, reasoning, sources > 1, sources)


def _describe(refs: Iterable[ClaimRef]) -> str:
    parts = sorted({f"{r.doc_id} ({r.claim.claimant or 'outlet'})" for r in refs})
    return ", ".join(parts)


def compare_claims(refs: Sequence[ClaimRef]) -> list[Finding]:
    """All findings over claims already placed in stories."""
    groups: dict[tuple[str, str], list[ClaimRef]] = defaultdict(list)
    for r in refs:
        if r.claim.measure:
            groups[(r.story_id, r.claim.measure)].append(r)
            if r.claim.measure in RELATED:
                groups[(r.story_id, RELATED[r.claim.measure])].append(r)
    findings: list[Finding] = []
    for (story, measure), members in sorted(groups.items()):
        findings.extend(_compare_group(story, measure, members))
    return findings


def _compare_group(story: str, measure: str, members: list[ClaimRef]) -> list[Finding]:
    by_doc: dict[str, list[ClaimRef]] = defaultdict(list)
    for r in members:
        by_doc[r.doc_id].append(r)
    classes: dict[tuple[float | None, float | None, str], list[ClaimRef]] = defaultdict(list)
    for r in members:
        classes[_value_key(r)].append(r)
    out: list[Finding] = []
    if len({r.source for r in members}) == 1 and len(members) >= 1:
        out.append(_record("single_source", measure, story, members,
                           f"every {measure} figure in this story comes from one source ({members[0].source})"))
    for key, cls in classes.items():
        docs = {r.doc_id for r in cls}
        if len(docs) > 1:
            f = _record("corroboration", measure, story, cls, "")
            how = "independent sources" if f.independent else "one original source relayed by several outlets"
            out.append(Finding(f.kind, measure, story, f.claims,
                               f"{len(docs)} articles give {_fmt(cls[0].claim)} {key[2]} {measure}: {how} "
                               f"({_describe(cls)})", f.independent, f.sources))
    for (_, a_cls), (_, b_cls) in combinations(sorted(classes.items(), key=lambda kv: str(kv[0])), 2):
        out.extend(_compare_classes(story, measure, a_cls, b_cls, by_doc))
    return out


def _compare_classes(story: str, measure: str, a_cls: list[ClaimRef], b_cls: list[ClaimRef],
                     by_doc: dict[str, list[ClaimRef]]) -> list[Finding]:
    agree: set[ClaimRef] = set()
    rival: set[ClaimRef] = set()
    rising: set[ClaimRef] = set()
    units: set[ClaimRef] = set()
    for a in a_cls:
        for b in b_cls:
            ca, cb = a.claim, b.claim
            if a.doc_id != b.doc_id and ca.unit != cb.unit and overlap(ca, cb):
                units.update((a, b))
            elif a.doc_id != b.doc_id and ca.unit == cb.unit and overlap(ca, cb):
                agree.update((a, b))
            elif ca.measure != measure or cb.measure != measure:
                continue
            elif _rival(a, b, by_doc, MAX_GROWTH):
                gap = _days(a, b)
                if not gap:
                    if _rival(a, b, by_doc):
                        rival.update((a, b))
                    continue
                # figures for different days: a rising cumulative count is progress, anything
                # else compares two moments, which is no contradiction either
                early, late = (a, b) if gap > 0 else (b, a)
                if measure in CUMULATIVE and (_point(late.claim) or 0) > (_point(early.claim) or 0):
                    rising.update((a, b))
    out = []
    va, vb = _fmt(a_cls[0].claim), _fmt(b_cls[0].claim)
    if units:
        out.append(_record("unit_mismatch", measure, story, units,
                           f"{va} {a_cls[0].claim.unit} vs {vb} {b_cls[0].claim.unit}: the same figure counted "
                           f"in different units ({_describe(units)})"))
    if agree:
        out.append(_record("corroboration", measure, story, agree,
                           f"{va} and {vb} {measure} overlap ({_describe(agree)})"))
    if rival:
        out.append(_record("contradiction", measure, story, rival,
                           f"{va} vs {vb} {measure} for the same day, from different reports, and neither "
                           f"report gives the other figure ({_describe(rival)})"))
    if rising:
        refs = sorted(rising, key=lambda r: r.asof or date.min)
        steps = " → ".join(f"{_fmt(r.claim)} ({r.asof})" for r in refs)
        out.append(_record("progression", measure, story, rising,
                           f"cumulative {measure} rising over days, not a contradiction: {steps}"))
    return out


def finding_record(f: Finding) -> dict[str, object]:
    return {"type": "finding", "kind": f.kind, "measure": f.measure, "story_id": f.story_id,
            "independent": f.independent, "sources": f.sources, "reasoning": f.reasoning,
            "claims": [{"doc_id": r.doc_id, "low": r.claim.low, "high": r.claim.high, "unit": r.claim.unit,
                        "claimant": r.claim.claimant, "source": r.source, "start": r.claim.start,
                        "end": r.claim.end, "text": r.claim.text,
                        "date": r.asof.isoformat() if r.asof else None} for r in f.claims]}
