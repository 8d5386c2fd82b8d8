"""Findings: claims aligned on story, measure and time, compared by value class."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.analysis.findings import ClaimRef, compare_claims
from tabayyun.model import Claim

DAY = date(2030, 3, 10)
NEXT = date(2030, 3, 12)


def _ref(doc_id: str, low: float | None, high: float | None, *, measure: str = "killed", claimant: str = "outlet",
         source: str | None = None, day: date | None = DAY, unit: str = "persons", start: int = 0,
         subject: str | None = None) -> ClaimRef:
    claim = Claim(start, start + 1, "x", measure=measure, unit=unit, low=low, high=high, claimant=claimant,
                  subject=subject)
    return ClaimRef(doc_id, claim, "S1", source or f"outlet:{doc_id}", day)


def _kinds(refs: list[ClaimRef]) -> list[str]:
    return sorted(f.kind for f in compare_claims(refs) if f.kind != "single_source")


@pytest.mark.parametrize(("a", "b"), [((13, 13), (15, 15)), ((130, 130), (150, 150)), ((170, 170), (173, 173))])
def test_compare_claims_same_day_rival_figures_contradict(a: tuple[int, int], b: tuple[int, int]) -> None:
    assert _kinds([_ref("d1", *a), _ref("d2", *b)]) == ["contradiction"]


@pytest.mark.parametrize(("early", "late", "measure"), [(300, 1000, "surrendered"), (130, 300, "surrendered"),
                                                         (10, 12, "killed")])
def test_compare_claims_rising_count_over_days_is_progression(early: int, late: int, measure: str) -> None:
    refs = [_ref("d1", early, early, measure=measure), _ref("d2", late, late, measure=measure, day=NEXT)]
    assert _kinds(refs) == ["progression"]


def test_compare_claims_falling_count_over_days_is_not_contradiction() -> None:
    refs = [_ref("d1", 12, 12), _ref("d2", 10, 10, day=NEXT)]
    assert "contradiction" not in _kinds(refs)


@pytest.mark.parametrize(("a", "b"), [((15, 15), (15, 15)), ((5000, 5000), (2000, 9999)), ((100, 100), (90, None))])
def test_compare_claims_overlapping_figures_corroborate(a: tuple, b: tuple) -> None:
    assert _kinds([_ref("d1", *a), _ref("d2", *b)]) == ["corroboration"]


def test_compare_claims_relayed_source_is_not_independent() -> None:
    refs = [_ref("d1", 15, 15, source="spokesman"), _ref("d2", 15, 15, source="spokesman")]
    found = [f for f in compare_claims(refs) if f.kind == "corroboration"]
    assert [(f.independent, f.sources) for f in found] == [(False, 1)]


def test_compare_claims_persons_and_families_are_unit_mismatch() -> None:
    refs = [_ref("d1", 4000, 4000, measure="displaced"),
            _ref("d2", 4000, 4000, measure="displaced", unit="families")]
    assert _kinds(refs) == ["unit_mismatch"]


@pytest.mark.parametrize(("extra_a", "extra_b"), [((3, 3), (3, 3))])
def test_compare_claims_article_giving_both_figures_is_not_a_rival(extra_a: tuple, extra_b: tuple) -> None:
    # d2 states 3 and 15: its 15 counts another group than d1's 3, not a rival count
    refs = [_ref("d1", *extra_a), _ref("d2", *extra_b, start=5), _ref("d2", 15, 15, start=9)]
    assert "contradiction" not in _kinds(refs)


def test_compare_claims_far_apart_figures_are_different_counts() -> None:
    assert _kinds([_ref("d1", 3, 3), _ref("d2", 3042, 3042)]) == []


def test_compare_claims_same_article_needs_different_claimants() -> None:
    same = [_ref("d1", 130, 130, claimant="مصادر"), _ref("d1", 110, 110, claimant="مصادر", start=5)]
    other = [_ref("d1", 130, 130, claimant="مصادر"), _ref("d1", 110, 110, claimant="مصدر مقرب", start=5)]
    assert (_kinds(same), _kinds(other)) == ([], ["contradiction"])


def test_compare_claims_freed_corroborates_hostages() -> None:
    refs = [_ref("d1", 23, 23, measure="hostages"), _ref("d2", 23, 23, measure="freed")]
    assert any(f.kind == "corroboration" and f.measure == "hostages" for f in compare_claims(refs))


@pytest.mark.parametrize(("sources", "expected"), [(["a", "a"], True), (["a", "b"], False)])
def test_compare_claims_single_source(sources: list[str], expected: bool) -> None:
    refs = [_ref(f"d{i}", 5, 5, source=s) for i, s in enumerate(sources)]
    assert any(f.kind == "single_source" for f in compare_claims(refs)) is expected
