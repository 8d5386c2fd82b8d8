"""Relative dates never leave the calendar: an expression reaching before year 1 or after
9999 is no date (a duration at most), and the document keeps its times, claims and events."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.dates.expressions import shift, year_start
from tabayyun.model import Document
from tabayyun.stages import default_pipeline
from tabayyun.stages.times import resolve_date

PUBLISHED = date(2015, 7, 14)


@pytest.mark.parametrize(("value", "days", "expected"), [
    (date(2015, 7, 14), -6, date(2015, 7, 8)),
    (date(2015, 7, 14), 0.6, date(2015, 7, 15)),
    (date(2015, 7, 14), -2500 * 365, None),
    (date(2015, 7, 14), -125e6 * 365, None),
    (date(2015, 7, 14), float("inf"), None),
    (date(2015, 7, 14), float("nan"), None),
    (date.max, 1, None),
    (date.min, -1, None),
])
def test_shift_leaves_no_calendar_as_none(value: date, days: float, expected: date | None) -> None:
    assert shift(value, days) == expected


@pytest.mark.parametrize(("year", "expected"), [(2015, date(2015, 1, 1)), (0, None), (10000, None)])
def test_year_start_only_inside_the_calendar(year: int, expected: date | None) -> None:
    assert year_start(year) == expected


@pytest.mark.parametrize(("text", "phrase", "days"), [
    ("قال باحثون إن الصخور تكونت قبل 125 مليون عام في المنطقة", "125 مليون عام", 125e6 * 365),
    ("بنيت المدينة قبل 2500 سنة", "2500 سنة", 2500 * 365),
])
def test_resolve_date_ago_beyond_the_calendar_is_a_duration(text: str, phrase: str, days: float) -> None:
    found = resolve_date(text, PUBLISHED)
    assert [(t.text, t.kind, t.days) for t in found] == [(phrase, "duration", days)]


def test_resolve_date_ago_inside_the_calendar_is_still_a_date() -> None:
    found = resolve_date("بنيت المدينة قبل 500 سنة", PUBLISHED)
    assert [(t.text, t.kind) for t in found] == [("قبل 500 سنة", "date")]
    assert found[0].value is not None and found[0].value.year == 1515


@pytest.mark.parametrize("text", [
    "قال باحثون إن الصخور تكونت قبل 125 مليون عام في المنطقة.",
    "بنيت المدينة قبل 2500 سنة.",
])
def test_pipeline_keeps_times_claims_and_events_next_to_an_ancient_date(text: str) -> None:
    body = text + "\nوقتل خمسة أشخاص أمس في انفجار سيارة مفخخة في سوق المدينة، بحسب مصدر في الدفاع المدني."
    outcome = default_pipeline().run(Document("old", body, published=PUBLISHED))
    assert outcome.failures == ()
    doc = outcome.analyzed
    assert any(t.value == date(2015, 7, 13) for t in doc.layer("times"))
    assert doc.layer("claims") and doc.layer("events")


RELATIVE = ["أمس", "اليوم الخميس", "غدا", "أمس الجمعة", "يوم الجمعة الماضي", "الخميس المقبل", "قبل 6 أيام",
            "منذ 3 أشهر", "لليوم الرابع على التوالي", "الشهر الماضي", "الشهر المقبل", "الأسبوع المقبل",
            "الأسبوع الماضي", "العام المقبل", "العام الماضي", "21 الجاري", "العشرين من الشهر المقبل",
            "العشرين من الشهر الماضي", "13 يوليو", "5 رمضان", "شهر رمضان الجاري", "شوال الماضي", "يوليو المقبل"]


@pytest.mark.parametrize("published", [date.min, date(1, 1, 31), date(622, 7, 1), date.max, date(9999, 12, 1)])
@pytest.mark.parametrize("phrase", RELATIVE)
def test_resolve_date_at_the_ends_of_the_calendar_never_raises(published: date, phrase: str) -> None:
    text = f"قتل خمسة أشخاص {phrase} في انفجار"
    for t in resolve_date(text, published):
        assert text[t.start:t.end] == t.text
        assert t.value is None or date.min <= t.value <= date.max
