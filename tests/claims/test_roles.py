"""Each figure's role in its article: the whole count, a group's count, or a share."""

from __future__ import annotations

import pytest

from tabayyun.claims.roles import assign_roles
from tabayyun.claims.scope import Scope
from tabayyun.model import Claim, ClaimRole

T, G, P = ClaimRole.TOTAL, ClaimRole.GROUP, ClaimRole.PART


def _claim(value: float, claimant: str = "outlet", event: int | None = 0) -> Claim:
    return Claim(0, 1, "x", measure="killed", low=value, high=value, claimant=claimant, event_start=event)


@pytest.mark.parametrize(("figures", "expected"), [
    # 15 dead, of whom 12 security men and 3 workers: a total and two groups
    ([(15, None, ""), (12, "security forces", ""), (3, "workers", "")], [T, G, G]),
    # قتل 30 بينهم 4 أطفال
    ([(30, None, ""), (4, "children", "part")], [T, P]),
    # one voice's smaller figure for the same event is a share of its larger one
    ([(30, None, ""), (4, None, "")], [T, P]),
    ([(250, None, "mixed"), (21, None, "others")], [ClaimRole.MIXED, ClaimRole.OTHERS]),
    ([(40, None, "total"), (45, None, "")], [T, T]),
])
def test_assign_roles(figures: list[tuple[float, str | None, str]], expected: list[ClaimRole]) -> None:
    claims = [_claim(v) for v, _, _ in figures]
    scopes = [Scope(label, None, cue) for _, label, cue in figures]
    assert assign_roles(claims, scopes) == expected


def test_assign_roles_other_voice_or_event_is_no_share() -> None:
    claims = [_claim(30), _claim(20, claimant="مصدر"), _claim(4, event=9)]
    assert assign_roles(claims, [Scope()] * 3) == [T, T, T]
