"""The times stage and date_for_offset on invented Arabic sentences."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.dates.anchor import date_for_offset
from tabayyun.dates.resolve import resolve_date
from tabayyun.model import AnalyzedDoc, Document, Precision
from tabayyun.stages.segment import segment
from tabayyun.stages.times import times

SATURDAY = date(2021, 3, 13)


def _only(text: str, published: date | None = SATURDAY, kind: str = "date"):
    found = [t for t in resolve_date(text, published) if t.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "value"), [
    ("قصفت المدفعية أرنور أمس", date(2021, 3, 12)),
    ("قصفت المدفعية أرنور اليوم", date(2021, 3, 13)),
    ("تصل القافلة غداً", date(2021, 3, 14)),
    ("قصفت المدفعية أرنور أول أمس", date(2021, 3, 11)),
    ("قصفت المدفعية أرنور أول من أمس", date(2021, 3, 11)),
    ("قصفت المدفعية أرنور مساء أمس", date(2021, 3, 12)),
    ("قصفت المدفعية أرنور فجر اليوم", date(2021, 3, 13)),
    ("قصفت المدفعية أرنور الليلة الماضية", date(2021, 3, 12)),
    ("قتل جنديان في هجوم نفذه المتمردون خلال الليل", date(2021, 3, 12)),  # a paper's night is the one before
    ("قصفت المدفعية أرنور يوم الخميس", date(2021, 3, 11)),
    ("قصفت المدفعية أرنور يوم السبت", date(2021, 3, 13)),
    ("قصفت المدفعية أرنور السبت الماضي", date(2021, 3, 6)),
    ("تصل القافلة يوم الخميس المقبل", date(2021, 3, 18)),
    ("قصفت المدفعية أرنور ليلة الجمعة", date(2021, 3, 12)),
    ("بدأ القصف الساعة السادسة من مساء الجمعة", date(2021, 3, 12)),
    ("قصفت المدفعية أرنور قبل 6 أيام", date(2021, 3, 7)),
    ("قصفت المدفعية أرنور منذ يومين", date(2021, 3, 11)),
    ("قصفت المدفعية أرنور قبل أسبوع", date(2021, 3, 6)),
    ("وصل الوفد في العشرين من الشهر الحالي", date(2021, 3, 20)),
    ("وصل الوفد في 21 الجاري", date(2021, 3, 21)),
    ("وصل الوفد في 2 مارس الجاري", date(2021, 3, 2)),
    ("وصل الوفد في الحادي عشر من آذار", date(2021, 3, 11)),
    ("وصل الوفد في 20 ديسمبر", date(2020, 12, 20)),
])
def test_times_relative_dates_resolve_against_publication(text: str, value: date) -> None:
    t = _only(text)
    assert (t.value, t.precision) == (value, Precision.DAY)


@pytest.mark.parametrize(("text", "value"), [
    ("وصل الوفد في 13 يوليو 2015", date(2015, 7, 13)),
    ("وصل الوفد في 13 تموز (يوليو) 2015", date(2015, 7, 13)),
    ("وصل الوفد اليوم الخميس (23 يوليو/تموز 2015)", date(2015, 7, 23)),  # the wire's two names of a month
    ("وصل الوفد في 23 أيلول/سبتمبر 2014", date(2014, 9, 23)),
    ("وصل الوفد في 5 أيلول 2019", date(2019, 9, 5)),
    ("وصل الوفد في 3 تشرين الثاني 2019", date(2019, 11, 3)),
    ("وصل الوفد في 13/7/2015", date(2015, 7, 13)),
    ("وصل الوفد في 2015-07-13", date(2015, 7, 13)),
    ("وصل الوفد في 1 رمضان 1436هـ", date(2015, 6, 18)),
    ("وصل الوفد يوم 15 / 10 / 1436 هـ", date(2015, 8, 1)),
    ("وصل الوفد يوم 13 / 7 / 2015", date(2015, 7, 13)),
])
def test_times_absolute_dates_need_no_publication_date(text: str, value: date) -> None:
    assert _only(text, published=None).value == value


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("وقعت الحادثة الشهر الماضي", date(2021, 2, 1), Precision.MONTH),
    ("وقعت الحادثة في يوليو 2015", date(2015, 7, 1), Precision.MONTH),
    ("وقعت الحادثة في شهر يونيو", date(2020, 6, 1), Precision.MONTH),
    ("تحطمت طائرة في منتصف يناير", date(2021, 1, 1), Precision.MONTH),  # a part of a bare month
    ("وقعت الحادثة عام 2015", date(2015, 1, 1), Precision.YEAR),
    ("وقعت الحادثة العام الماضي", date(2020, 1, 1), Precision.YEAR),
])
def test_times_coarse_dates_keep_their_precision(text: str, value: date, precision: Precision) -> None:
    t = _only(text)
    assert (t.value, t.precision) == (value, precision)


@pytest.mark.parametrize(("text", "days"), [
    ("استمر الحصار 6 أيام", 6),
    ("استمر الحصار ثلاثة أسابيع", 21),
    ("استمر الحصار يومين", 2),
])
def test_times_durations_have_days(text: str, days: float) -> None:
    t = _only(text, kind="duration")
    assert (t.days, t.value) == (days, None)


@pytest.mark.parametrize(("text", "first_day"), [
    ("تتواصل الاشتباكات لليوم الرابع على التوالي", date(2021, 3, 10)),
    ("تتواصل الاشتباكات لليوم الثاني على التوالي", date(2021, 3, 12)),
])
def test_times_consecutive_day_run_starts_n_minus_one_days_before(text: str, first_day: date) -> None:
    assert _only(text, kind="run").value == first_day


@pytest.mark.parametrize(("text", "value"), [
    ("أعلن الحاكم اليوم (الخميس) حظر التجول", date(2021, 3, 11)),
    ("اندلعت اشتباكات أمس الخميس", date(2021, 3, 11)),
])
def test_times_weekday_in_text_overrides_publication_date(text: str, value: date) -> None:
    # the text says Thursday; a publication date one or two days later is a collection date
    assert _only(text).value == value


@pytest.mark.parametrize("text", [
    "احتفل العالم باليوم العالمي للمياه",
    "في اليوم الرابع من المعركة",
    "وصل الأب آب إلى المدينة",  # a bare month name (آب is also 'father') is no date
    "قال أمس",  # no publication date: nothing relative resolves
])
def test_times_non_dates_and_unresolvable_are_skipped(text: str) -> None:
    published = None if text == "قال أمس" else SATURDAY
    assert [t for t in resolve_date(text, published) if t.kind == "date"] == []


@pytest.mark.parametrize("text", [
    "قُتِلَ جنديان صباحَ أمسِ في أرنور",
    "وصل الوفد في ١٣ تموز ٢٠١٥",
])
def test_times_offsets_index_original_text(text: str) -> None:
    found = resolve_date(text, SATURDAY)
    assert found and all(text[t.start:t.end] == t.text for t in found)


def _doc(text: str, published: date | None = SATURDAY) -> AnalyzedDoc:
    return times(segment(AnalyzedDoc(Document("d", text, published=published))))


@pytest.mark.parametrize(("text", "fact", "value"), [
    ("عنوان\n\nقصفت المدفعية أرنور أمس وقتلت 5 جنود.", "5 جنود", date(2021, 3, 12)),
    ("عنوان\n\nقتل 5 جنود يوم الخميس في أرنور.", "5 جنود", date(2021, 3, 11)),
    ("عنوان\n\nقصفت المدفعية أرنور يوم الخميس. وقتل 5 جنود.", "5 جنود", date(2021, 3, 11)),
    ("قصفت المدفعية أرنور أمس.\n\nوفي غوندور قتل 5 جنود.", "5 جنود", date(2021, 3, 12)),
    ("عنوان\n\nقتل منذ عام 2014 أكثر من 300 جندي.", "300 جندي", None),
    ("عنوان\n\nقتل 5 جنود في غوندور.", "5 جنود", None),
])
def test_times_date_for_offset_follows_policy(text: str, fact: str, value: date | None) -> None:
    assert date_for_offset(_doc(text), text.index(fact)) == value


def test_times_date_for_offset_skips_report_dates_of_earlier_sentences() -> None:
    text = "عنوان\n\nقتل 9 جنود أول أمس، بحسب ما أفادت مصادر أمنية أمس. وأصيب 12 آخرون."
    assert date_for_offset(_doc(text), text.index("12")) == date(2021, 3, 11)


def test_times_stage_stops_at_extraction_end() -> None:
    text = "قصفت المدفعية أرنور أمس.\nاقرأ أيضا: قصف غوندور اليوم"
    doc = AnalyzedDoc(Document("d", text, published=SATURDAY, body_end=text.index("اقرأ")))
    assert [t.text for t in times(doc).layer("times")] == ["أمس"]


@pytest.mark.parametrize(("text", "year"), [
    ("وتشهد أرنور منذ عام 2015 حربا طويلة", 2015),
    ("ويعيش سكان غوندور منذ سنة 2019 تحت الحصار", 2019),
])
def test_resolve_date_since_a_named_year_is_no_year_ago(text: str, year: int) -> None:
    found = resolve_date(text, SATURDAY)
    assert not any(t.value == date(SATURDAY.year - 1, SATURDAY.month, SATURDAY.day) for t in found)
    assert all(t.value is None or t.value.year == year for t in found)


@pytest.mark.parametrize("text", [
    "صباح اليوم السبت الموافق 1 / 8 / 1442 هـ",
    "صباح اليوم السبت، الموافق 1 شعبان 1442 هـ",
])
def test_times_restated_hijri_day_takes_the_day_it_restates(text: str) -> None:
    days = [t.value for t in resolve_date(text, SATURDAY) if t.kind == "date"]
    assert days == [SATURDAY, SATURDAY]
