"""The role of each figure in its article: the whole count, one group's count, or a share.

Only like compares with like across outlets: two totals, or two counts of one group. Within one
article and one event, for one measure, a figure is a ``part`` when a cue says so (بينهم، those
buried at a funeral, those still in hospital); it is the ``group`` count of the group it names
(12 security men, 3 workers: the groups a total may be broken into); a figure that names no
group is the ``total``, unless the same voice gives a larger figure for the same event, which
makes it a share of that one (30 dead, of whom 4 in one town).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tabayyun.claims.scope import Scope
from tabayyun.model import Claim, ClaimRole
from tabayyun.text.normalize import normalize_key

SLACK = 0.1  # "about 300" is a definite figure within 10%


def point(c: Claim) -> float | None:
    """One number for an interval: its middle, or its one bound."""
    if c.low is not None and c.high is not None:
        return (c.low + c.high) / 2
    return c.low if c.low is not None else c.high


def definite(c: Claim) -> bool:
    """A count, not a range word: both bounds, within 10% of each other."""
    return c.low is not None and c.high is not None and c.high - c.low <= SLACK * c.high


def voice(c: Claim) -> str:
    return normalize_key(c.claimant, drop_article=True)


def assign_roles(claims: Sequence[Claim], scopes: Sequence[Scope]) -> list[ClaimRole]:
    """The role of each claim (same order), from its scope and the article's other figures."""
    roles: list[ClaimRole] = [ClaimRole.TOTAL] * len(claims)
    groups: dict[tuple[int | None, str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        groups[(c.event_start, c.measure, c.unit)].append(i)
    for members in groups.values():
        for i, role in _group_roles([claims[i] for i in members], [scopes[i] for i in members]).items():
            roles[members[i]] = role
    return roles


def _group_roles(claims: Sequence[Claim], scopes: Sequence[Scope]) -> dict[int, ClaimRole]:
    voice_top: dict[str, float] = defaultdict(float)
    for c, s in zip(claims, scopes, strict=True):
        if s.label is None and s.cue in ("", "total"):
            voice_top[voice(c)] = max(voice_top[voice(c)], point(c) or 0)
    out: dict[int, ClaimRole] = {}
    for i, (c, s) in enumerate(zip(claims, scopes, strict=True)):
        if s.cue == "mixed":
            out[i] = ClaimRole.MIXED
        elif s.cue == "others":
            out[i] = ClaimRole.OTHERS
        elif s.cue == "sum":
            out[i] = ClaimRole.SUM
        elif s.cue == "part":
            out[i] = ClaimRole.PART
        elif s.label is not None:
            out[i] = ClaimRole.GROUP
        elif (point(c) or 0) < voice_top[voice(c)] and s.cue != "total":
            out[i] = ClaimRole.PART
        else:
            out[i] = ClaimRole.TOTAL
    return out
