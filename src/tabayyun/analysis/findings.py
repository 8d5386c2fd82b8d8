"""Findings: what several reports of one story say about one count, compared.

Claims are aligned on story, measure and time. Claims giving the same interval form a value
class; two classes are compared as a whole:

* ``corroboration``: the same value in different articles, or overlapping values of one order for
  one group, one of them definite (``independent`` tells whether they come from different
  original sources, or are one source relayed by several outlets);
* ``contradiction``: non-overlapping values for the same day from different articles or
  different claimants, when neither article also gives the other's figure (an article that
  states both speaks of two different groups, not of one disputed count), and both count the
  same people: a part of a toll (10 security men) never contradicts the whole (15 dead in all),
  and two parts are compared only when they count the same group (see ``scope``);
* ``progression``: a cumulative count that rises from one day to a later one (not a conflict);
  an undated figure of an unfolding story has no day and makes none, and every report of an
  incident over in a moment (a bombing) speaks for the incident's day (``corpus.as_of``);
* ``unit_mismatch``: the same number counted in persons by one report and families by another;
* ``single_source``: every figure for the measure comes from one original source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from tabayyun.analysis.scope import NO_SCOPE, Scope
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
    asof: date | None  # the day the figure speaks for (None: not known)
    scope: Scope = NO_SCOPE


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


def roles(members: Sequence[ClaimRef]) -> dict[ClaimRef, str]:
    """The role of each figure in its article's toll: "total" (everyone: no group named, a total
    cue, or the sum of figures for groups the article gives), "part" (a share of a larger figure
    the same voice or the article gives: بينهم، the groups a total is broken into), else "plain"
    (the one figure the article gives for that group)."""
    by_doc: dict[str, list[ClaimRef]] = defaultdict(list)
    for r in members:
        by_doc[r.doc_id].append(r)
    out: dict[ClaimRef, str] = {}
    for refs in by_doc.values():
        summed: set[tuple[str | None, float | None]] = set()
        totals = {r for r in refs if r.scope.cue == "total" or (r.scope.label is None and r.scope.cue != "part")}
        totals |= _sums(refs, summed)
        top = max((_point(r.claim) or 0 for r in totals), default=0)
        voice_top: dict[str, float] = defaultdict(float)
        for r in refs:
            voice_top[_claimant(r)] = max(voice_top[_claimant(r)], _point(r.claim) or 0)
        for r in refs:
            value = _point(r.claim) or 0
            if r.scope.cue == "part" or (r.scope.label, _point(r.claim)) in summed or value < voice_top[_claimant(r)]:
                out[r] = "part"
            elif r in totals:
                out[r] = "total"
            elif value < top:
                out[r] = "part"
            else:
                out[r] = "plain"
    return out


def _sums(refs: Sequence[ClaimRef], summed: set[tuple[str | None, float | None]]) -> set[ClaimRef]:
    """Figures that are the sum of two or three figures the article gives for different groups
    (15 = 12 security men + 3 workers); their summands are added to ``summed``."""
    labelled = {(r.scope.label, _point(r.claim)) for r in refs if r.scope.label is not None and _definite(r.claim)}
    out = set()
    for r in refs:
        value = _point(r.claim)
        if not _definite(r.claim) or value is None:
            continue
        for size in (2, 3):
            for combo in combinations(sorted(labelled - {(r.scope.label, value)}, key=str), size):
                if len({lab for lab, _ in combo}) == size and sum(v or 0 for _, v in combo) == value:
                    out.add(r)
                    summed.update(combo)
    return out


def _same_people(a: ClaimRef, b: ClaimRef, role: dict[ClaimRef, str]) -> bool:
    """Whether two different values dispute one count: two totals, or two figures for one group,
    or a group's figure larger than a total (17 security men killed vs 15 dead in all). A part
    smaller than a total is a share of it, not a rival."""
    ra, rb = role.get(a, "plain"), role.get(b, "plain")
    sa, sb = a.scope, b.scope
    if {"mixed", "others"} & {sa.cue, sb.cue} or (sa.group and sb.group and sa.group != sb.group):
        return False
    if ra == rb == "total":
        return not (sa.label and sb.label and sa.label != sb.label)
    if "total" in (ra, rb):
        whole, share = (a, b) if ra == "total" else (b, a)
        return share.scope.label is not None and (_point(share.claim) or 0) > (_point(whole.claim) or 0)
    return sa.label is not None and sa.label == sb.label


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


def _asserts(doc_claims: Sequence[ClaimRef], other: ClaimRef) -> bool:
    """Whether an article also gives ``other``'s figure for the same measure and the same group
    (13 dead in all does not give "13 security men"). Only a definite figure, or the very same
    bound, counts: "at least 115" or "dozens" would match almost anything."""
    c = other.claim
    return any(((_definite(r.claim) and overlap(r.claim, c)) or (r.claim.low, r.claim.high) == (c.low, c.high))
               and r.claim.unit == c.unit and r.scope.label == other.scope.label for r in doc_claims)


def _definite(c: Claim) -> bool:
    return c.low is not None and c.high is not None and c.high - c.low <= SLACK * c.high


def _vague(c: Claim) -> bool:
    """A word for a range (عشرات، مئات): no precise count to dispute."""
    return c.low is not None and c.high is not None and not _definite(c)


def _claimant(r: ClaimRef) -> str:
    return normalize_key(r.claim.claimant, drop_article=True)


def _headline(r: ClaimRef, own: Sequence[ClaimRef]) -> bool:
    """Whether ``r`` is the largest figure its claimant gives in the article: the toll it states,
    not one of the groups it breaks that toll into."""
    return (_point(r.claim) or 0) >= max((_point(x.claim) or 0 for x in own if x.claim.unit == r.claim.unit), default=0)


def _rival(a: ClaimRef, b: ClaimRef, by_doc: dict[str, list[ClaimRef]], role: dict[ClaimRef, str],
           max_ratio: float = MAX_RATIO) -> bool:
    """Two figures that cannot both be true of one count at one moment."""
    ca, cb = a.claim, b.claim
    if ca.unit != cb.unit or overlap(ca, cb) or _vague(ca) or _vague(cb) or not _same_people(a, b, role):
        return False
    pa, pb = _point(ca), _point(cb)
    if pa is None or pb is None or min(pa, pb) <= 0 or max(pa, pb) / min(pa, pb) > max_ratio:
        return False
    if a.doc_id == b.doc_id:
        # one article, two voices: each must state its own toll, and neither voice the other's figure
        if _claimant(a) == _claimant(b):
            return False
        own_a = [x for x in by_doc[a.doc_id] if _claimant(x) == _claimant(a)]
        own_b = [x for x in by_doc[b.doc_id] if _claimant(x) == _claimant(b)]
        return _headline(a, own_a) and _headline(b, own_b) and not _asserts(own_a, b) and not _asserts(own_b, a)
    return not _asserts(by_doc[a.doc_id], b) and not _asserts(by_doc[b.doc_id], a)


def _consistent(a: ClaimRef, b: ClaimRef, role: dict[ClaimRef, str]) -> bool:
    """Two different but overlapping figures that support each other: one of them a definite
    count, the two of one order (100 and "at least 90", about 5,000 and "thousands"), for one
    group, neither a share of a larger toll. "At least 10" overlaps every larger toll and
    confirms none of them."""
    ca, cb = a.claim, b.claim
    pa, pb = _point(ca), _point(cb)
    if not (_definite(ca) or _definite(cb)) or pa is None or pb is None or min(pa, pb) <= 0:
        return False
    if "part" in (role.get(a), role.get(b)):
        return False
    sa, sb = a.scope, b.scope
    return max(pa, pb) / min(pa, pb) <= MAX_RATIO and not {"mixed", "others"} & {sa.cue, sb.cue} \
        and not (sa.label and sb.label and sa.label != sb.label)


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
    # every figure an article gives for a measure, whatever story it was placed in: an article
    # that states both figures is not disputing either
    articles: dict[str, dict[str, list[ClaimRef]]] = defaultdict(lambda: defaultdict(list))
    for r in refs:
        if r.claim.measure:
            for measure in (r.claim.measure, RELATED.get(r.claim.measure)):
                if measure:
                    groups[(r.story_id, measure)].append(r)
                    articles[measure][r.doc_id].append(r)
    findings: list[Finding] = []
    for (story, measure), members in sorted(groups.items()):
        findings.extend(_compare_group(story, measure, members, articles[measure]))
    return findings


def _compare_group(story: str, measure: str, members: list[ClaimRef],
                   by_doc: dict[str, list[ClaimRef]] | None = None) -> list[Finding]:
    if by_doc is None:
        by_doc = defaultdict(list)
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
    role = roles(members)
    for (_, a_cls), (_, b_cls) in combinations(sorted(classes.items(), key=lambda kv: str(kv[0])), 2):
        out.extend(_compare_classes(story, measure, a_cls, b_cls, by_doc, role))
    return out


def _compare_classes(story: str, measure: str, a_cls: list[ClaimRef], b_cls: list[ClaimRef],
                     by_doc: dict[str, list[ClaimRef]], role: dict[ClaimRef, str]) -> list[Finding]:
    agree: set[ClaimRef] = set()
    rival: set[ClaimRef] = set()
    rising: set[ClaimRef] = set()
    units: set[ClaimRef] = set()
    for a in a_cls:
        for b in b_cls:
            ca, cb = a.claim, b.claim
            if a.doc_id != b.doc_id and overlap(ca, cb):
                if _consistent(a, b, role):
                    (units if ca.unit != cb.unit else agree).update((a, b))
            elif ca.measure != measure or cb.measure != measure:
                continue
            elif _rival(a, b, by_doc, role, MAX_GROWTH):
                gap = _days(a, b)
                if gap is None and a.doc_id != b.doc_id:
                    continue  # an undated figure of an unfolding story: no moment to compare it at
                if not gap:
                    if _rival(a, b, by_doc, role):
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
