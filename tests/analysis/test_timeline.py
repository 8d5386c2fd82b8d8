"""Timelines and estimates per story and measure."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.analysis.findings import ClaimRef
from tabayyun.analysis.timeline import acled_figure, build_estimates, build_timelines
from tabayyun.model import Claim


def _ref(doc_id: str, low: float, high: float | None, day: int, source: str) -> ClaimRef:
    return ClaimRef(doc_id, Claim(0, 1, "x", measure="killed", low=low, high=high, claimant=source), "S1", source,
                    date(2030, 3, day))


def test_build_timelines_orders_by_date() -> None:
    refs = [_ref("b", 15, 15, 12, "x"), _ref("a", 13, 13, 10, "y")]
    (t,) = build_timelines(refs)
    assert [r.doc_id for r in t.entries] == ["a", "b"]


@pytest.mark.parametrize(("refs", "acled", "best", "low", "high"), [
    ([("a", 13, 13, 10, "x"), ("b", 15, 15, 10, "y")], 13, 14, 13, 15),
    # one source's later figure supersedes its earlier one
    ([("a", 10, 10, 10, "x"), ("a", 12, 12, 11, "x"), ("b", 12, 12, 11, "y")], 12, 12, 12, 12),
    ([("a", 90, None, 10, "x"), ("b", 100, 100, 10, "y")], 90, 95, 90, 100),
])
def test_build_estimates_acled_and_ucdp(refs: list, acled: float, best: float, low: float, high: float) -> None:
    (e,) = build_estimates([_ref(*r) for r in refs])
    assert (e.acled, e.best, e.low, e.high) == (acled, best, low, high)
    assert e.acled_reasoning and e.ucdp_reasoning


@pytest.mark.parametrize(("low", "high", "figure"), [(20, 99, 10), (200, 999, 100), (15, 15, 15), (30, None, 30)])
def test_acled_figure_vague_toll_is_codebook_low_figure(low: float, high: float | None, figure: float) -> None:
    # "عشرات القتلى" is coded 10, never the top of its range
    assert acled_figure(Claim(0, 1, "x", measure="killed", low=low, high=high)) == figure
