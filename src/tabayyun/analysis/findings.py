"""Findings: what several reports say about one count of one incident, compared like for like.

Claims are grouped by incident and measure (the rules and every threshold: ``rules.py``). Figures
giving the same interval form a value class; classes are compared pairwise (``relation``), and
two figures meet only on positive evidence that they count one event (``identity.py``: a
distinctive name in common, or in one article the one event both are about). A contradiction or
a corroboration is a tight group (``tight_groups``): figures pairwise of one event, each the
rival or the confirmation of another member, so that an analyst sees every version of one
event's count at once and never the figures of several events merged into one incident:

* ``corroboration``: the same figure in different articles, or overlapping figures of one order,
  one of them a definite count; ``independent`` tells whether they come from different original
  sources or from one source relayed by several outlets; one figure that a story's articles put
  in several of its incidents is found too (``relays.py``);
* ``contradiction``: figures of one count from independent sources that cannot both hold on one
  day, in different articles or from different voices of one article (within one thread for
  tolls: ``threads.py``), when neither article also gives the other's figure (an article stating
  both speaks of two groups); or relays printing one source's sentence with two figures;
* ``progression``: a growing count (a toll, the detained so far) larger when stated later by
  another source; ``update``: one original source giving different figures (a revised count);
* ``unit_mismatch``: the same number counted in persons by one report and families by another;
* ``single_source``: every figure for the measure in the incident comes from one source.

Each finding keeps its reasoning and, over the latest figure of each original source, a best
estimate with low and high bounds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations
from statistics import median

from tabayyun.analysis.identity import Identity
from tabayyun.analysis.relays import story_groups
from tabayyun.analysis.rules import rules
from tabayyun.analysis.scene import NO_SCENE, Scene, apart, echoes, one_site
from tabayyun.analysis.threads import HEADLINE, one_thread
from tabayyun.claims.roles import definite, point, voice
from tabayyun.claims.scope import NO_SCOPE, Scope
from tabayyun.events.triggers import compatible_tactics
from tabayyun.model import Claim, ClaimRole, SourceKind


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim placed in the corpus: its article, incident, original source, as-of day and scope."""

    doc_id: str
    claim: Claim
    incident_id: str
    source: str  # the original source: two outlets relaying one source share this key
    asof: date | None  # the day the figure was stated (None: not known)
    scope: Scope = NO_SCOPE
    scene: Scene = NO_SCENE  # the places its own sentence names (``scene.py``)
    thread: int = 0  # the thread of its article it stands in (``threads.py``: a paragraph and those answering it)
    raised: bool = False  # its sentence says the count rose to it (``scene.raised_to``)
    tactic: str = ""  # the sub-event type of the article event it counts ("" when none)

    @property
    def role(self) -> ClaimRole:
        return self.claim.role


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    measure: str
    incident_id: str
    claims: tuple[ClaimRef, ...]
    reasoning: str
    independent: bool = True
    sources: int = 1
    best: float | None = None
    low: float | None = None
    high: float | None = None


def bounds(c: Claim) -> tuple[float, float]:
    slack = rules().slack if c.approximate else 0.0
    lo = -1e18 if c.low is None else c.low * (1 - slack)
    hi = 1e18 if c.high is None else c.high * (1 + slack)
    return lo, hi


def overlap(a: Claim, b: Claim) -> bool:
    alo, ahi = bounds(a)
    blo, bhi = bounds(b)
    return alo <= bhi and blo <= ahi


def _vague(c: Claim) -> bool:
    """A word for a range (عشرات، مئات): no precise count to dispute."""
    return c.low is not None and c.high is not None and not definite(c)


def comparable(a: ClaimRef, b: ClaimRef) -> bool:
    """Whether two figures count the same people: totals with totals, a group with the same
    group, never a share; a group's count meets a total only when it is larger (17 security men
    killed cannot hold with 15 dead in all; 10 security men is a share of them)."""
    ra, rb = a.role, b.role
    if {ra, rb} & {ClaimRole.PART, ClaimRole.MIXED, ClaimRole.OTHERS}:
        return False
    if ClaimRole.SUM in (ra, rb):
        return ra == rb  # a sum over incidents meets only another sum
    sa, sb = a.scope, b.scope
    if sa.group and sb.group and sa.group != sb.group:
        return False
    if ra == rb == ClaimRole.TOTAL:
        return not (sa.label and sb.label and sa.label != sb.label)
    if ClaimRole.TOTAL in (ra, rb):
        whole, share = (a, b) if ra == ClaimRole.TOTAL else (b, a)
        return (point(share.claim) or 0) > (point(whole.claim) or 0)
    return sa.label is not None and sa.label == sb.label


def _ratio(a: Claim, b: Claim) -> float | None:
    pa, pb = point(a), point(b)
    if pa is None or pb is None or min(pa, pb) <= 0:
        return None
    return max(pa, pb) / min(pa, pb)


def _asserts(doc_claims: Sequence[ClaimRef], other: ClaimRef) -> bool:
    """Whether an article also gives ``other``'s figure for the same measure and the same group
    (13 dead in all does not give "13 security men"). Only a definite figure, or the very same
    bound, counts: "at least 115" or "dozens" would match almost anything."""
    c = other.claim
    return any(((definite(r.claim) and overlap(r.claim, c)) or (r.claim.low, r.claim.high) == (c.low, c.high))
               and r.claim.unit == c.unit and r.scope.label == other.scope.label for r in doc_claims)


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


def _describe(refs: Iterable[ClaimRef]) -> str:
    return ", ".join(sorted({f"{r.doc_id} ({r.claim.claimant or 'outlet'}, {r.asof or 'undated'})" for r in refs}))


def estimate(refs: Iterable[ClaimRef]) -> tuple[float | None, float | None, float | None]:
    """Best, low and high over the latest figure of each original source (UCDP-style): one
    statement copied by five outlets does not outvote another."""
    latest: dict[str, ClaimRef] = {}
    for r in sorted(refs, key=lambda r: (r.asof or date.min, r.doc_id, r.claim.start)):
        latest[r.source] = r
    points = [p for p in (point(r.claim) for r in latest.values()) if p is not None]
    lows = [r.claim.low for r in latest.values() if r.claim.low is not None]
    highs = [r.claim.high for r in latest.values() if r.claim.high is not None]
    return (float(median(points)) if points else None, min(lows) if lows else None, max(highs) if highs else None)


def _record(kind: str, measure: str, incident: str, refs: Iterable[ClaimRef], reasoning: str) -> Finding:
    # dict.fromkeys, not set: claims that tie on the key (one article, one start) keep the order
    # they were found in, so that the estimate (the latest figure of each source) does not depend
    # on hash(None), which Python 3.11 takes from an address that differs from process to process
    ordered = tuple(sorted(dict.fromkeys(refs), key=lambda r: (r.asof or date.min, r.doc_id, r.claim.start)))
    sources = len({r.source for r in ordered})
    best, low, high = estimate(ordered)
    return Finding(kind, measure, incident, ordered, reasoning, sources > 1, sources, best, low, high)


def compare_claims(refs: Sequence[ClaimRef], names: Mapping[str, frozenset[str]] | None = None,
                   story_of: Callable[[ClaimRef], str | None] | None = None) -> list[Finding]:
    """All findings over claims already placed in incidents; ``names``, every name each article
    mentions, weighs how distinctive a shared name is (``identity.py``); ``story_of``, the story
    of a placed figure, by which one figure that a story's articles put in several of its
    incidents is still found to corroborate (``relays.py``)."""
    groups: dict[tuple[str, str], list[ClaimRef]] = defaultdict(list)
    # every figure an article gives for a measure, whatever incident it was placed in: an article
    # that states both figures is not disputing either
    articles: dict[str, dict[str, list[ClaimRef]]] = defaultdict(lambda: defaultdict(list))
    for r in refs:
        if r.claim.measure:
            for measure in (r.claim.measure, rules().related.get(r.claim.measure)):
                if measure:
                    groups[(r.incident_id, measure)].append(r)
                    articles[measure][r.doc_id].append(r)
    identity = Identity(refs, names)
    findings: list[Finding] = []
    for (incident, measure), members in sorted(groups.items()):
        findings.extend(_compare_group(incident, measure, members, articles[measure], identity))
    if story_of is not None:
        findings.extend(_story_corroborations(refs, findings, story_of, identity))
    return findings


def _story_corroborations(refs: Sequence[ClaimRef], findings: Sequence[Finding],
                          story_of: Callable[[ClaimRef], str | None], identity: Identity) -> list[Finding]:
    """One figure of one story that its articles' events put in several incidents (``relays.py``)."""
    covered = [frozenset(id(r) for r in f.claims) for f in findings if f.kind == "corroboration"]
    out = []
    for group in story_groups(refs, story_of, covered,
                              lambda a, b: not apart(a.scene, b.scene) and identity.same_event(a, b) and _near_days(a, b)
                              and not _dated_apart(a, b)):
        claims = group.claims
        first = min(claims, key=lambda r: (r.asof or date.min, r.doc_id, r.claim.start))
        f = _record("corroboration", first.claim.measure, first.incident_id, claims, "")
        docs, incidents = len({r.doc_id for r in claims}), len({r.incident_id for r in claims})
        what = f"{_fmt(first.claim)} {first.claim.unit} {first.claim.measure}"
        where = f"the figure placed in {incidents} incidents of one story ({_describe(claims)})"
        if group.printed:
            # one sentence printed twice is one source, whoever each paper credits it to (``sources.echoed``)
            out.append(replace(f, independent=False, sources=1, reasoning=(
                f"{docs} articles print one sentence giving {what}: one original source relayed by several "
                f"outlets, {where}")))
        else:
            independent = shown_independent(claims)
            out.append(replace(f, independent=independent, reasoning=(
                f"{docs} articles give {what}: {_how(f, independent)}, {_evidence(claims, identity)}, {where}")))
    return out


def shown_independent(refs: Sequence[ClaimRef]) -> bool:
    """Whether one figure's agreement is shown to come from independent sources: two different
    named bodies (``source:`` keys), or two different wires (a Reuters text and an AFP one), whose
    sentences are not one sentence printed twice. An outlet's own words and an unnamed source may
    each relay one wire or one ministry (the same UN figure in three papers, each crediting it
    differently), so their agreement alone shows no independence."""
    def apart_origins(a: ClaimRef, b: ClaimRef) -> bool:
        if a.doc_id == b.doc_id:
            return False  # one article's chain (AFP citing SANA) is one report, not two confirmations
        if a.source.startswith("source:") and b.source.startswith("source:") and a.source != b.source:
            return not _same_body(a.source, b.source)
        return bool(a.claim.via and b.claim.via and not set(a.claim.via) & set(b.claim.via))
    return any(apart_origins(a, b) and not echoes(a.scene, b.scene) for a, b in combinations(refs, 2))


SAME_BODY_WORDS = 2  # distinctive words two source keys share when they name one body


def _same_body(a: str, b: str) -> bool:
    """Whether two source keys name one body in two ways ("متحدث رسمي بقياده حرس حدود" and "نقيب عمر
    اكلبي متحدث رسمي بقياده حرس حدود"): the generic words of sourcing aside, one's words are all
    the other's, or they share two."""
    generic = rules().source_generic
    words_a = _body_words(a.removeprefix("source:")) - generic
    words_b = _body_words(b.removeprefix("source:")) - generic
    if not words_a or not words_b:
        return False
    return words_a <= words_b or words_b <= words_a or len(words_a & words_b) >= SAME_BODY_WORDS


def _how(f: Finding, independent: bool) -> str:
    if independent:
        return "independent sources"
    if f.sources == 1:
        return "one original source relayed by several outlets"
    return "sources not shown to be independent (an outlet's own words or unnamed sources may relay one source)"


def _compare_group(incident: str, measure: str, members: list[ClaimRef],
                   by_doc: dict[str, list[ClaimRef]], identity: Identity) -> list[Finding]:
    classes: dict[tuple[float | None, float | None, str], list[ClaimRef]] = defaultdict(list)
    for r in members:
        classes[(r.claim.low, r.claim.high, r.claim.unit)].append(r)
    out: list[Finding] = []
    printed = printed_days(members)
    if len({r.source for r in members}) == 1:
        out.append(_record("single_source", measure, incident, members,
                           f"every {measure} figure of this incident comes from one source ({members[0].source})"))
    large = len({r.doc_id for r in members}) > rules().large_incident_articles
    below = rules().coincidence_large_below if large else rules().coincidence_below
    for key, cls in classes.items():
        for kin in _kin(cls):
            kin = [r for r in kin if not r.scene.background]  # history recalled beside the incident
            # the very same figure twice in one incident is itself a sign of one count: it needs
            # only scenes that may be one (an overlapping, different figure needs identity); a
            # small one (2 killed; 5 on a war's front) coincides too often for that, and needs the evidence too
            small = (key[1] if key[1] is not None else key[0] or 0) < below

            vague = large and _vague(cls[0].claim)

            def one_count(a: ClaimRef, b: ClaimRef, small: bool = small, vague: bool = vague) -> bool:
                if vague:
                    # "dozens killed" in two reports of a war's front is no sign of one count, whatever
                    # names they share (every battle of it has its dozens): only one sentence printed twice is
                    return a.doc_id == b.doc_id or echoes(a.scene, b.scene)
                return not apart(a.scene, b.scene) and not _dated_apart(a, b) and (
                    a.doc_id == b.doc_id or _same(a, b, identity) or echoes(a.scene, b.scene)
                    or (not small and _one_day(a, b)))

            for same in tight_groups(kin, one_count, identity.strength, rival=lambda a, b: a.doc_id != b.doc_id):
                docs = {r.doc_id for r in same}
                if len(docs) > 1:
                    f = _record("corroboration", measure, incident, same, "")
                    independent = shown_independent(f.claims)
                    out.append(Finding(f.kind, measure, incident, f.claims,
                                       f"{len(docs)} articles give {_fmt(cls[0].claim)} {key[2]} {measure}: "
                                       f"{_how(f, independent)}, {_evidence(same, identity)} ({_describe(same)})",
                                       independent, f.sources, f.best, f.low, f.high))
    # one finding per kind and disputed count; a contradiction or a corroboration is a tight group of
    # figures pairwise tied (``tight_groups``), the other kinds every figure of the count
    found: dict[tuple[str, str], dict[ClaimRef, None]] = defaultdict(dict)  # an ordered set (see _record)
    pairs: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for (_, a_cls), (_, b_cls) in combinations(sorted(classes.items(), key=lambda kv: str(kv[0])), 2):
        for a in a_cls:
            for b in b_cls:
                kind = relation(a, b, measure, by_doc, identity, printed)
                if kind is not None:
                    found[(kind, count_key(a, b))].update(dict.fromkeys((a, b)))
                    pairs[(kind, count_key(a, b))].update({(id(a), id(b)), (id(b), id(a))})
    for (kind, count), refs in sorted(found.items()):
        if kind not in ("contradiction", "corroboration"):
            out.append(_record(kind, measure, incident, refs, _reason(kind, measure, count, refs)))
            continue
        tied = pairs[(kind, count)]
        cap = rules().max_rival_figures if kind == "contradiction" else None

        def rival(a: ClaimRef, b: ClaimRef, tied: set[tuple[int, int]] = tied) -> bool:
            return (id(a), id(b)) in tied

        for group in tight_groups(list(refs), lambda a, b: _one_event(a, b, identity), identity.strength, cap, rival):
            out.append(_record(kind, measure, incident, group,
                               _reason(kind, measure, count, group) + f"; {_evidence(group, identity)}"))
    return out


Value = tuple[float | None, float | None, str]
Days = tuple[date, date]


def _value(r: ClaimRef) -> Value:
    return (r.claim.low, r.claim.high, r.claim.unit)


def printed_days(members: Iterable[ClaimRef]) -> dict[tuple[str, Value], Days]:
    """The first and last as-of day on which each original source's figure was printed."""
    out: dict[tuple[str, Value], Days] = {}
    for r in members:
        if r.asof is not None:
            key = (r.source, _value(r))
            first, last = out.get(key, (r.asof, r.asof))
            out[key] = (min(first, r.asof), max(last, r.asof))
    return out


def _revised(printed: Mapping[tuple[str, Value], Days], a: ClaimRef, b: ClaimRef) -> bool:
    """Whether one of a source's two figures replaced the other: the old one is no longer printed
    on a day the new one still is (14 dead on the first two days, 10 on the second and third).
    Two figures printed to the last day of the coverage are no revision but a disagreement."""
    da, db = printed.get((a.source, _value(a))), printed.get((b.source, _value(b)))
    return da is not None and db is not None and da[1] != db[1]


def _one_event(a: ClaimRef, b: ClaimRef, identity: Identity) -> bool:
    """Whether two figures are placed at one scene and their words say they count one event; one
    article giving one figure twice (its headline and its body, a witness and the outlet) speaks
    of one count."""
    if apart(a.scene, b.scene):
        return False
    return (a.doc_id == b.doc_id and _value(a) == _value(b)) or _same(a, b, identity)


def _same(a: ClaimRef, b: ClaimRef, identity: Identity) -> bool:
    """Positive evidence that two figures count one event: a distinctive name in common
    (``identity.py``), or, in one article, the one article event both figures are about (the
    governor says 10 soldiers were killed in the strike, the army commander 8)."""
    if a.doc_id == b.doc_id and a.claim.event_start is not None and a.claim.event_start == b.claim.event_start:
        return True
    return identity.same_event(a, b)


def _evidence(group: Sequence[ClaimRef], identity: Identity) -> str:
    """Why the group's figures count one event: the evidence tying its first two members."""
    firsts = sorted(group, key=lambda r: (r.doc_id, r.claim.start))
    pair = next(((a, b) for a, b in combinations(firsts, 2) if a.doc_id != b.doc_id), None) or (firsts[0], firsts[-1])
    if not identity.same_event(*pair):
        return "one figure of one incident, no distinctive name in common"
    return f"one event by {identity.evidence(*pair)}"


def tight_groups(refs: Sequence[ClaimRef], linked: Callable[[ClaimRef, ClaimRef], bool],
                 strength: Callable[[ClaimRef, ClaimRef], float], cap: int | None = None,
                 rival: Callable[[ClaimRef, ClaimRef], bool] | None = None) -> list[list[ClaimRef]]:
    """Groups of figures pairwise ``linked`` (counts of one event: a clique, never a chain of
    near pairs), each member the ``rival`` of some other member (the pair a finding is about: two
    figures that dispute or confirm each other; any linked pair without ``rival``). The strongest
    rival pair with a figure not yet grouped seeds a group; a figure joins when it is linked to
    every member and a rival of one (strongest ties first), up to ``cap`` different figures."""
    rival = rival or linked
    order = {id(r): k for k, r in enumerate(refs)}
    near: dict[int, set[int]] = defaultdict(set)
    seeds = []
    for a, b in combinations(refs, 2):
        if linked(a, b):
            i, j = order[id(a)], order[id(b)]
            near[i].add(j)
            near[j].add(i)
            if rival(a, b):
                seeds.append((strength(a, b), i, j))
    seeds.sort(key=lambda e: (-e[0], e[1], e[2]))
    rivals = {(i, j) for _, i, j in seeds} | {(j, i) for _, i, j in seeds}
    grouped: set[int] = set()
    groups: list[list[int]] = []
    for _, i, j in seeds:
        if i in grouped and j in grouped:
            continue
        members = [i, j]
        values = {_value(refs[i]), _value(refs[j])}
        others = sorted(near[i] & near[j], key=lambda k: (-strength(refs[i], refs[k]) - strength(refs[j], refs[k]), k))
        grown = True
        while grown:  # a figure may become a member's rival only once that member has joined
            grown = False
            for k in others:
                if k in members or not all(k in near[m] for m in members) \
                        or not any((k, m) in rivals for m in members):
                    continue
                if cap is not None and _value(refs[k]) not in values and len(values) >= cap:
                    continue
                members.append(k)
                values.add(_value(refs[k]))
                grown = True
        grouped.update(members)
        groups.append(members)
    return [[refs[k] for k in sorted(g)] for g in _merge_cliques(groups, near, cap, lambda k: _value(refs[k]))]


def _merge_cliques(groups: list[list[int]], near: dict[int, set[int]], cap: int | None,
                       value: Callable[[int], object]) -> list[list[int]]:
    """Two groups are one when every figure of one is linked to every figure of the other: still
    a clique, one event seen from two seeds (the tolls of its first day and of the next), within
    ``cap`` different figures."""
    merged = True
    while merged:
        merged = False
        for x, y in combinations(range(len(groups)), 2):
            gx, gy = groups[x], groups[y]
            union = sorted(set(gx) | set(gy))
            if cap is not None and len({value(k) for k in union}) > cap:
                continue
            if all(j in near[i] for i, j in combinations(union, 2)):
                groups = [g for n, g in enumerate(groups) if n not in (x, y)] + [union]
                merged = True
                break
    return groups


def _kin(cls: list[ClaimRef]) -> list[list[ClaimRef]]:
    """The claims of one value class that may confirm each other: the whole counts together, the
    sums over incidents together, and the shares together, one bucket per named group (a share
    naming no group joins each)."""
    whole = [r for r in cls if r.role in (ClaimRole.TOTAL, ClaimRole.GROUP)]
    sums = [r for r in cls if r.role == ClaimRole.SUM]
    parts = [r for r in cls if r.role == ClaimRole.PART]
    labels = {r.scope.label for r in parts if r.scope.label}
    unnamed = [r for r in parts if not r.scope.label]
    buckets = [[r for r in parts if r.scope.label == label] + unnamed for label in sorted(labels)] or [unnamed]
    return [whole, sums, *buckets]


def count_key(a: ClaimRef, b: ClaimRef) -> str:
    """The count two comparable figures speak of: a group's, else everyone's."""
    for r in (a, b):
        if r.role == ClaimRole.GROUP and r.scope.label:
            return f"{r.scope.label} ({r.scope.group})" if r.scope.group else r.scope.label
    return "all"


def _consistent(a: ClaimRef, b: ClaimRef) -> bool:
    """Two different but overlapping figures that support each other: one of them a definite
    count, the two of one order (100 and "at least 90", about 5,000 and "thousands"). "At least
    10" overlaps every larger toll and confirms none of them; a bound confirms a definite figure
    near it only ("more than 8" and 10, not 18: ``open_ratio``)."""
    ratio = _ratio(a.claim, b.claim)
    if ratio is None or not (definite(a.claim) or definite(b.claim)):
        return False
    bound = a.claim.high is None or b.claim.high is None
    return ratio <= (rules().open_ratio if bound else rules().max_ratio)


def _rival_voices(a: ClaimRef, b: ClaimRef, by_doc: dict[str, list[ClaimRef]]) -> bool:
    """Whether two figures are rival statements of one count, not one article's two groups:
    in different articles neither gives the other's figure; in one article two voices each give
    their own figure."""
    if a.doc_id != b.doc_id:
        return not _asserts(by_doc[a.doc_id], b) and not _asserts(by_doc[b.doc_id], a)
    if voice(a.claim) == voice(b.claim):
        return False
    if not one_thread(a.thread, b.thread) and a.claim.measure in rules().tolls:
        # a round-up gives each front or incident its paragraph, its voice and its toll (medical
        # sources on the shelling, witnesses on the air strike): two voices' tolls in one article
        # dispute one count in one thread, a paragraph and those answering it (``threads.py``)
        return False
    if SourceKind.OUTLET in (a.claim.claimant_kind, b.claim.claimant_kind):
        # an article's own words beside a figure it credits to a source: its summary, a part it
        # singles out, or another event it reports; rival counts inside one article are those of
        # two sources it cites ("the ministry says 5; a military source, 3"), or its headline against
        # its body
        return (a.thread == HEADLINE) != (b.thread == HEADLINE) and _headline_against_body(a, b, by_doc[a.doc_id])
    if _one_body(a.claim, b.claim):
        return False
    own_a = [x for x in by_doc[a.doc_id] if voice(x.claim) == voice(a.claim)]
    own_b = [x for x in by_doc[b.doc_id] if voice(x.claim) == voice(b.claim)]
    return not _asserts(own_a, b) and not _asserts(own_b, a)


def _headline_against_body(a: ClaimRef, b: ClaimRef, article: Sequence[ClaimRef]) -> bool:
    """Whether an article's headline and body give rival figures of one count ("9 غارات" over a body
    whose one figure of that incident is "14 غارة"): the article disagrees with itself. A body that
    gives the headline's figure too, or several figures of the count (which a headline may sum:
    3 killed in one attack and 1 in another under "4 killed"), is no rival."""
    head, body = (a, b) if a.thread == HEADLINE else (b, a)
    own = [r for r in article if r.thread != HEADLINE and r.incident_id == body.incident_id
           and r.claim.measure == body.claim.measure and r.claim.unit == body.claim.unit]
    return len({(r.claim.low, r.claim.high) for r in own}) == 1 \
        and not _asserts([r for r in article if r.thread != HEADLINE], head)


def _one_body(a: Claim, b: Claim) -> bool:
    """Whether two claimants of one article name one body in two ways ("وزارة الداخلية المصرية" and
    "بيان للداخلية"; "رئيس الوزراء" and "مكتب رئيس الوزراء"): a content word in common, the
    generic words of sourcing (``source_generic_words``) aside; or two unnamed sources of one kind
    (``source_kind_words``)."""
    generic, document = rules().source_generic, rules().source_document
    words_a, words_b = _body_words(voice(a)), _body_words(voice(b))
    if (words_a and words_a <= document) or (words_b and words_b <= document):
        return True  # "وقال التقرير": the report of the body the article named, not a voice of its own
    if a.claimant_kind == b.claimant_kind == SourceKind.ANONYMOUS and words_a & words_b & rules().source_kind \
            and not (words_a | words_b) & rules().source_other:
        # "مصادر محلية" twice (once "في قرى صبر"): the article's one set of local contacts, not two
        # rival voices, unless it calls one another ("مصادر محلية أخرى")
        return True
    return bool((words_a - generic) & (words_b - generic))


def _body_words(key: str) -> set[str]:
    """A claimant's words without a leading preposition ("للداخليه" is "داخليه"; "بوزاره", "وزاره")."""
    out = set()
    for w in key.split():
        if w.startswith("لل") and len(w) > 4:
            w = w[2:]
        elif w[0] in "بل" and len(w) > 4:
            w = w[1:]
        if len(w) > 2:
            out.add(w)
    return out


def _day(r: ClaimRef) -> date | None:
    """The day a figure counts, else the day it was stated."""
    return r.claim.date or r.asof


def _one_day(a: ClaimRef, b: ClaimRef) -> bool:
    """Whether two figures are of one day, give or take ``instant_incident_days`` (a night's event
    is dated by two reports on two days), or one's day is not known: the very same figure in two
    articles with no name in common counts one event only then (22 killed on three fronts of one
    war on three days are three counts)."""
    da, db = _day(a), _day(b)
    return da is None or db is None or abs((da - db).days) <= rules().instant_incident_days


def _dated_apart(a: ClaimRef, b: ClaimRef) -> bool:
    """Whether two figures' own sentences date them to days further apart than
    ``instant_incident_days`` (11 killed in Baquba "أمس الخميس" and 11 killed there on Sunday):
    the same figure then counts two events, whatever names the two share."""
    da, db = a.claim.date, b.claim.date
    return a.scene.dated and b.scene.dated and da is not None and db is not None \
        and abs((da - db).days) > rules().instant_incident_days


def _near_days(a: ClaimRef, b: ClaimRef) -> bool:
    """Whether two figures' days are within ``incident_days`` (a story of weeks holds many events:
    one Hezbollah fighter killed on 23 July, 5 August and 10 August are three)."""
    da, db = _day(a), _day(b)
    return da is None or db is None or abs((da - db).days) <= rules().incident_days


def _two_days(a: ClaimRef, b: ClaimRef, measure: str) -> bool:
    """Whether two tolls count what happened on two days, one of them named in the figure's own
    sentence (Monday's bombs, "أمس الثلاثاء" in Baquba): two events' counts. A day taken from the
    article alone may be the report's, not the event's. (Asked of confirmations too, even two days
    apart, it lost a right one of the seeds: one event dated by two articles' days.)"""
    ca, cb = a.claim, b.claim
    return measure in rules().tolls and ca.date is not None and cb.date is not None and ca.date != cb.date \
        and (a.scene.dated or b.scene.dated)


def _later_larger(a: ClaimRef, b: ClaimRef) -> bool:
    """Whether the figure stated later is the larger one."""
    early, late = (a, b) if (a.asof or date.min) < (b.asof or date.min) else (b, a)
    return (point(late.claim) or 0) > (point(early.claim) or 0)


def days_apart(a: ClaimRef, b: ClaimRef) -> int | None:
    """Days between the two as-of days; None when either is unknown."""
    if a.asof is None or b.asof is None:
        return None
    return abs((a.asof - b.asof).days)


def agreeable(a: ClaimRef, b: ClaimRef) -> bool:
    """Whether two overlapping figures may confirm each other: not several measures at once,
    not two named groups or sides, and a share only with a share (the 4 children among the dead
    in two reports); a group's count may confirm a total (2 policemen, 2 dead)."""
    if {a.role, b.role} & {ClaimRole.MIXED, ClaimRole.OTHERS}:
        return False
    sa, sb = a.scope, b.scope
    if (sa.label and sb.label and sa.label != sb.label) or (sa.group and sb.group and sa.group != sb.group):
        return False
    return a.role == b.role if {ClaimRole.PART, ClaimRole.SUM} & {a.role, b.role} else True


def relation(a: ClaimRef, b: ClaimRef, measure: str, by_doc: dict[str, list[ClaimRef]],
             identity: Identity | None = None, printed: Mapping[tuple[str, Value], Days] | None = None) -> str | None:
    """What two figures of one incident and measure are to each other (see the module's rules).
    ``identity`` (the corpus's word weights) asks for positive evidence that two figures count one
    event before they confirm or dispute each other; without it only the scenes are asked.
    ``printed``: the first and last as-of day of each source's figure (``printed_days``)."""
    ca, cb = a.claim, b.claim
    if a.scene.background or b.scene.background:
        return None  # history recalled beside the incident (قتل آنذاك خمسة): not a count of it
    if apart(a.scene, b.scene):
        return None  # their own sentences place them at two scenes, whatever incident they were put in
    identity = identity or Identity([a, b])
    if overlap(ca, cb):
        if a.doc_id == b.doc_id or not _consistent(a, b) or not agreeable(a, b):
            return None
        if not _same(a, b, identity):
            return None  # nothing says the two count one event: one incident may hold several
        return "unit_mismatch" if ca.unit != cb.unit else "corroboration"
    if not comparable(a, b) or measure in rules().things:
        return None
    if ca.unit != cb.unit or ca.measure != measure or cb.measure != measure or _vague(ca) or _vague(cb):
        return None
    ratio = _ratio(ca, cb)
    if ratio is None or ratio > rules().max_growth:
        return None
    if a.doc_id == b.doc_id and a.scene.superseded != b.scene.superseded and one_site(a.scene, b.scene):
        # "وكانت الحصيلة السابقة تفيد عن ثمانية قتلى": the article itself tells the count was revised,
        # whoever it credits each figure to
        return "update"
    if not _rival_voices(a, b, by_doc):
        return None
    gap = days_apart(a, b)
    fixed = measure in rules().fixed
    if gap is None and not fixed and a.doc_id != b.doc_id:
        return None  # an undated figure of a changing count: no moment to compare it at
    # the very sentence of one source printed by two articles with two figures, and neither figure
    # printed only after the other (``_revised``): no revision in time, the relays disagree on what
    # it said, and both cannot hold (a contradiction below)
    misquoted = a.source == b.source and a.doc_id != b.doc_id and echoes(a.scene, b.scene) \
        and not (printed is not None and _revised(printed, a, b))
    if a.source == b.source and not misquoted:
        if gap and measure in rules().campaign and _later_larger(a, b):
            return "progression"  # a crackdown's detentions, counted again the next day: the count grew
        # one source's two figures on two days or in one live story, or in different words (the
        # toll of one attack and of the day's two attacks): it changed or split its count
        return "update"
    if gap and not fixed and not misquoted:
        # a later, larger figure of a growing count is progress; a later, smaller one, or another
        # count on another day, compares two moments, which no single as-of day disputes
        return "progression" if measure in rules().cumulative and _later_larger(a, b) else None
    low_ref, high_ref = (a, b) if (point(ca) or 0) < (point(cb) or 0) else (b, a)
    if low_ref.scene.provisional:
        return None  # a toll its report calls early or partial is expected to rise: a larger one is no dispute
    if high_ref.raised and measure in rules().cumulative:
        # "the toll rose to 38": a newer count than the 27 of that day, which it follows, not disputes
        return "progression" if one_site(a.scene, b.scene) and _same(a, b, identity) else None
    if a.scene.superseded or b.scene.superseded:
        return None  # a figure its report says was replaced (في البداية ... ثم خفضت) is no current rival
    if not one_site(a.scene, b.scene) or not _same(a, b, identity):
        return None  # two figures dispute one count only at one site, and when their words say they count one event
    if a.tactic and b.tactic and not compatible_tactics(a.tactic, b.tactic):
        # tolls of two kinds of event (the police's clash, the coalition's sorties; a shell on a
        # house, helicopters' strikes on militants' hideouts): two counts, never rivals
        return None
    if _two_days(a, b, measure):
        return None
    # the same day (or a count that does not grow), independent sources: both cannot hold
    return "contradiction" if ratio <= rules().max_ratio else None


def _reason(kind: str, measure: str, count: str, refs: Collection[ClaimRef]) -> str:
    values = " vs ".join(dict.fromkeys(_fmt(r.claim) for r in sorted(refs, key=lambda r: point(r.claim) or 0)))
    who = _describe(refs)
    if kind == "contradiction":
        how = ("independent sources" if len({r.source for r in refs}) > 1
               else "relays of one original source that disagree on what it said")
        return (f"{measure} ({count}): {values} cannot all hold for the same day; {how}, and no "
                f"report gives another's figure ({who})")
    if kind == "progression":
        steps = " → ".join(f"{_fmt(r.claim)} ({r.asof})"
                          for r in sorted(refs, key=lambda r: (r.asof or date.min, point(r.claim) or 0)))
        return f"{measure} ({count}) rising, not a contradiction: {steps}"
    if kind == "update":
        return f"{measure} ({count}): one original source gave different figures: it revised its count, {values} ({who})"
    if kind == "unit_mismatch":
        units = " vs ".join(sorted({f"{_fmt(r.claim)} {r.claim.unit}" for r in refs}))
        return f"{measure}: the same figure counted in different units, {units} ({who})"
    return f"{measure} ({count}): {values} overlap ({who})"


def finding_record(f: Finding, story_id: str | None = None) -> dict[str, object]:
    return {"type": "finding", "kind": f.kind, "measure": f.measure, "incident_id": f.incident_id,
            "story_id": story_id, "independent": f.independent, "sources": f.sources, "reasoning": f.reasoning,
            "estimate": {"best": f.best, "low": f.low, "high": f.high},
            "claims": [{"doc_id": r.doc_id, "low": r.claim.low, "high": r.claim.high, "unit": r.claim.unit,
                        "claimant": r.claim.claimant, "source": r.source, "start": r.claim.start,
                        "end": r.claim.end, "text": r.claim.text, "role": str(r.claim.role),
                        "date": r.claim.date.isoformat() if r.claim.date else None,
                        "as_of": r.asof.isoformat() if r.asof else None} for r in f.claims]}
