"""Findings: claims aligned on story, measure and time, compared by value class."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.analysis.findings import ClaimRef, compare_claims, roles
from tabayyun.analysis.scope import Scope
from tabayyun.model import Claim

DAY = date(2030, 3, 10)
NEXT = date(2030, 3, 12)


def _ref(doc_id: str, low: float | None, high: float | None, *, measure: str = "killed", claimant: str = "outlet",
         source: str | None = None, day: date | None = DAY, unit: str = "persons", start: int = 0,
         subject: str | None = None, label: str | None = None, cue: str = "", story: str = "S1") -> ClaimRef:
    claim = Claim(start, start + 1, "x", measure=measure, unit=unit, low=low, high=high, claimant=claimant,
                  subject=subject)
    return ClaimRef(doc_id, claim, story, source or f"outlet:{doc_id}", day, Scope(label, None, cue))


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


SF, WORKERS = "security forces", "workers"


@pytest.mark.parametrize(("refs", "expected"), [
    # 15 dead in all vs 10 security men elsewhere: a share of the toll, no rival
    ([_ref("d1", 15, 15), _ref("d2", 10, 10, label=SF)], []),
    # 15 in all (12 security men and 3 workers) vs 13 security men: the groups dispute, not the total
    ([_ref("d1", 15, 15), _ref("d1", 12, 12, label=SF, start=5), _ref("d1", 3, 3, label=WORKERS, start=9),
      _ref("d2", 14, 14, label=SF)], ["contradiction"]),
    # two figures for the same group dispute it, even when one article also gives a total
    ([_ref("d1", 13, 13), _ref("d1", 10, 10, label=SF, start=5), _ref("d1", 3, 3, label=WORKERS, start=9),
      _ref("d2", 12, 12, label=SF)], ["contradiction"]),
    # a group larger than the other article's whole toll cannot be true with it
    ([_ref("d1", 17, 17, label=SF), _ref("d2", 15, 15)], ["contradiction"]),
    # figures for different groups never dispute each other
    ([_ref("d1", 12, 12, label=SF), _ref("d2", 10, 10, label=WORKERS)], []),
])
def test_compare_claims_compares_like_with_like(refs: list[ClaimRef], expected: list[str]) -> None:
    assert [k for k in _kinds(refs) if k != "corroboration"] == expected


@pytest.mark.parametrize(("refs", "expected"), [
    ([_ref("d1", 15, 15), _ref("d1", 12, 12, label=SF, start=5), _ref("d1", 3, 3, label=WORKERS, start=9)],
     ["total", "part", "part"]),
    ([_ref("d1", 30, 30), _ref("d1", 7, 7, start=5, cue="part")], ["total", "part"]),
    ([_ref("d1", 17, 17, label=SF)], ["plain"]),
    # one voice's smaller figure is a share of its larger one (قتل 30، بينهم 4 أطفال)
    ([_ref("d1", 30, 30, claimant="مصادر"), _ref("d1", 4, 4, claimant="مصادر", start=5)], ["total", "part"]),
])
def test_roles_total_part_plain(refs: list[ClaimRef], expected: list[str]) -> None:
    found = roles(refs)
    assert [found[r] for r in refs] == expected


@pytest.mark.parametrize("cue", ["mixed", "others"])
def test_compare_claims_mixed_or_others_count_is_no_rival(cue: str) -> None:
    # "250 بين قتيل وجريح" and "القيادي فلان و21 آخرين" are not death tolls to dispute
    assert _kinds([_ref("d1", 200, 200), _ref("d2", 250, 250, cue=cue)]) == []


def test_compare_claims_vague_range_is_no_rival() -> None:
    # "عشرات القتلى" (20–99) does not dispute a count of 100
    assert _kinds([_ref("d1", 100, 100), _ref("d2", 20, 99)]) == []


def test_compare_claims_same_article_voice_gives_its_largest_figure() -> None:
    # the sources give 30 abducted and then 7 of one tribe among them; the official's 5 disputes
    # neither the 7 (a share) nor, at a ratio of 6, the 30
    refs = [_ref("d1", 30, 30, claimant="المصادر الأمنية"), _ref("d1", 7, 7, claimant="مصادر أمنية", start=5),
            _ref("d1", 5, 5, claimant="مصدر رسمي", start=9)]
    assert _kinds(refs) == []


def test_compare_claims_article_giving_the_figure_in_another_story_is_no_rival() -> None:
    # d2 states the 3216 too, in a sentence placed in another story: it does not dispute it
    refs = [_ref("d1", 3216, None), _ref("d2", 3042, 3042, story="S2"), _ref("d2", 3216, None, story="S3", start=5)]
    assert _kinds(refs) == []


@pytest.mark.parametrize(("day_a", "day_b", "expected"), [(None, NEXT, []), (DAY, NEXT, ["progression"])])
def test_compare_claims_undated_figure_makes_no_progression(day_a: date | None, day_b: date, expected: list) -> None:
    refs = [_ref("d1", 300, 300, measure="surrendered", day=day_a),
            _ref("d2", 600, 600, measure="surrendered", day=day_b)]
    assert _kinds(refs) == expected


@pytest.mark.parametrize(("refs", "expected"), [
    ([_ref("d1", 10, None), _ref("d2", 100, 100)], []),  # "at least 10" confirms no larger toll
    ([_ref("d1", 115, None), _ref("d2", 3216, None)], []),  # two lower bounds say nothing of each other
    # a share of one voice's larger toll is no confirmation of another article's figure
    ([_ref("d1", 30, 30, claimant="مصدر"), _ref("d1", 17, None, claimant="مصدر", start=5), _ref("d2", 30, 30)],
     ["corroboration"]),
])
def test_compare_claims_weak_overlap_is_no_corroboration(refs: list[ClaimRef], expected: list[str]) -> None:
    assert _kinds(refs) == expected
