"""The quantities stage on invented Arabic sentences (Arnor and Gondor stand in for real places)."""

from __future__ import annotations

import pytest

from tabayyun.model import AnalyzedDoc, Document
from tabayyun.stages.quantities import extract_quantities, quantities


def _only(text: str, kind: str | None = "count"):
    found = [q for q in extract_quantities(text) if kind is None or q.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "value"), [
    ("قتل 7 جنود في أرنور", 7),
    ("قتل ٧ جنود في أرنور", 7),
    ("نزح 1,250 شخصا من غوندور", 1250),
    ("نزح ١٬٢٥٠ شخصا من غوندور", 1250),
    ("نزح 1.250 شخصا من غوندور", 1250),
    ("أسر أحد عشر مقاتلا", 11),
    ("اعتقل اثنا عشر مشتبها", 12),
    ("قتل خمسة وعشرون مسلحا", 25),
    ("وصلت مئتا عائلة", 200),
    ("أطلق سراح ثلاثمائة معتقل", 300),
    ("هجّر ثلاثة آلاف شخص", 3000),
    ("هجّر 4 آلاف شخص", 4000),
    ("هجّر 3 ملايين شخص", 3000000),
    ("فرّ نحو ألفي سجين", 2000),
    ("فرّ ألفين سجين", 2000),
    ("قتل مئة وعشرون عنصرا", 120),
    ("أصيب ثمانية مدنيين", 8),
    ("وأصيب ثماني نساء", 8),
    ("ووصل إلى المعسكر الستة الباقون", 6),
    ("وبلغت حصيلة القتلى 42 ألفا و384 شخصا", 42384),  # digits after a scale and و complete the number
    ("وقتل 240 ألفا و 381 شخصا منذ بداية الصراع", 240381),
    ("ونزح 3 ملايين و200 ألف شخص", 3200000),
])
def test_quantities_reads_number(text: str, value: float) -> None:
    q = _only(text)
    assert q.low == q.high == value


@pytest.mark.parametrize(("text", "low", "high"), [
    ("قتل عشرات المدنيين في أرنور", 20, 99),
    ("قتل العشرات من المقاتلين", 20, 99),
    ("سقط القتلى بالعشرات", 20, 99),
    ("نزح مئات السكان", 200, 999),
    ("فرّ الآلاف من غوندور", 2000, 9999),
    ("نزح عشرات الآلاف من غوندور", 20000, 99000),
])
def test_quantities_vague_plural_is_an_interval(text: str, low: float, high: float) -> None:
    q = _only(text)
    assert (q.low, q.high, q.vague) == (low, high, True)


@pytest.mark.parametrize(("text", "low", "high", "approximate"), [
    ("قتل نحو 40 مقاتلا", 40, 40, True),
    ("نزح حوالى 300 شخص", 300, 300, True),
    ("وصل قرابة ألف شخص", 1000, 1000, True),
    ("نزح بحدود 5 آلاف شخص", 5000, 5000, True),
    ("قتل أكثر من 150 عنصرا", 150, None, False),
    ("قتل ما يزيد على عشرين شخصا", 20, None, False),
    ("قتل ما لا يقل عن 115 مسلحا", 115, None, False),
    ("قتل 4 جنود على الأقل", 4, None, False),
    ("قتل أربعة على الأقل", 4, None, False),
    ("قتل 25 شخصا وأكثر", 25, None, False),
    ("قتل 31 شخصا على الأقل من سكان المدينة", 31, None, False),
    ("أصيب أقل من 10 أشخاص", None, 10, False),
    ("نزح بين 200 و300 شخص", 200, 300, False),
    ("نزح من 200 إلى 300 شخص", 200, 300, False),
])
def test_quantities_qualifier_sets_interval(text: str, low, high, approximate: bool) -> None:
    q = _only(text)
    assert (q.low, q.high, q.approximate) == (low, high, approximate)


@pytest.mark.parametrize(("text", "span"), [
    ("قتل نحو 40 مقاتلا", "نحو 40"),
    ("فرّ أكثر من «3» آلاف سجين", "أكثر من «3» آلاف"),
    ("وقتل 4 جنود على الأقل أمس", "4 جنود على الأقل"),
    ("ونقل والـ١٣٠ الآخرين", "الـ١٣٠"),
    ("وثلاثة من أبنائه", "ثلاثة"),
])
def test_quantities_span_is_original_text(text: str, span: str) -> None:
    q = _only(text)
    assert q.text == span == text[q.start:q.end]


@pytest.mark.parametrize(("text", "noun"), [
    ("قتل 6 مواطنين في أرنور", "مواطنين"),
    ("دمرت ثلاث حافلات", "حافلات"),
    ("قتل ستة من الحراس", None),
])
def test_quantities_noun_follows_number(text: str, noun: str | None) -> None:
    assert _only(text).noun == noun


@pytest.mark.parametrize("text", [
    "انفجرت سيارتين مفخختين",
    "أصيب جنديين في الهجوم",
    "أسر عنصرين من الحرس",
    "دمرت عبوتين ناسفتين",
    "والقياديان في التنظيم",
])
def test_quantities_dual_noun_counts_two(text: str) -> None:
    q = _only(text)
    assert q.low == q.high == 2


@pytest.mark.parametrize("text", [
    "أصيب مدنيين كثيرون",  # a sound plural looks like a dual: not counted
    "وقعت اشتباكات بين الطرفين",
    "صدر البيان عن القيادة",
    "مما أدى إلى جرح عدد من الشرطيين",  # a quantifier before من: the -ين noun is a plural
    "وأصيب العديد من الجنديين",
])
def test_quantities_ambiguous_dual_is_not_counted(text: str) -> None:
    assert [q for q in extract_quantities(text) if q.kind == "count"] == []


@pytest.mark.parametrize(("text", "kind"), [
    ("في عام 2019 بدأت الحرب", "year"),
    ("منذ 2014 تغير الوضع", "year"),
    ("صدر عام 1440هـ", "year"),
    ("قصفت طائرات إف 16 المنطقة", "model"),
    ("حلقت طائرة SU 34 فوق أرنور", "model"),
    ("ومعهم رشاشات كيه 47 وذخائر", "model"),  # AK-47: a rifle's name, not 47 of anything
    ("ضبطت بنادق م 16 في المخزن", "model"),
    ("على بعد 20 كلم من غوندور", "measure"),
    ("سقطت القذيفة على بعد 500 م", "measure"),
    ("استمر الحصار 6 أيام", "duration"),
    ("تبلغ الكلفة 5 ملايين دولار", "money"),
    ("ارتفعت الأسعار 40 بالمئة", "percent"),
    ("ارتفعت الأسعار 40%", "percent"),
    ("بدأ الهجوم الساعة 10 صباحا", "time"),
    ("في اليوم الرابع من المعركة", "ordinal"),
])
def test_quantities_non_counts_get_their_kind(text: str, kind: str) -> None:
    kinds = [q.kind for q in extract_quantities(text)]
    assert kind in kinds and "count" not in kinds, kinds


@pytest.mark.parametrize("text", [
    "وقع الهجوم في 13 يوليو",
    "وقع الهجوم في 13/7/2019",
    "وقع الهجوم في 2019-07-13",
    "في 21 الجاري",
    "بحسب المادة 12 من القانون",
    "انتشر اللواء 93 في أرنور",
    "تحديث (1)",
    "للاتصال 0933123456",
    "الساعة 10:30",
])
def test_quantities_references_and_dates_are_not_counts(text: str) -> None:
    assert [q for q in extract_quantities(text) if q.kind == "count"] == []


def test_quantities_stops_at_extraction_end() -> None:
    text = "قتل 5 جنود.\nاقرأ أيضا: قتل 9 جنود"
    doc = AnalyzedDoc(Document("d", text, body_end=text.index("اقرأ")))
    assert [q.low for q in quantities(doc).layer("quantities")] == [5]


@pytest.mark.parametrize("text", [
    "قُتِلَ ٣٠ شَخْصاً على الأقلّ، وأصيب نحو ١٢٠ آخرين",
    "نزح بحدود ٤ آلاف شخص\u200f من غوندور",
])
def test_quantities_offsets_index_original_text(text: str) -> None:
    for q in extract_quantities(text):
        assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", [
    "وانتشلت الطواقم جثامين شهداء من عائلة واحدة في أرنور",
    "وسقطت القذائف في يوم واحد على غوندور",
])
def test_extract_quantities_one_after_governed_noun_is_no_count(text: str) -> None:
    assert [q for q in extract_quantities(text) if q.kind == "count"] == []


def test_quantities_definite_time_word_after_a_number_is_no_duration() -> None:
    (q,) = extract_quantities("وأصيب 173 اليوم في القصف")
    assert (q.kind, q.low) == ("count", 173)


@pytest.mark.parametrize(("text", "value"), [
    ("ونزوح أكثر من مليون ونصف مليون شخص", 1_500_000),
    ("ونزح مليون ونصف شخص", 1_500_000),
    ("وفر ثلاثة آلاف ونصف من السكان", 3_500),
])
def test_quantities_scale_and_a_half(text: str, value: float) -> None:
    (q,) = [q for q in extract_quantities(text) if q.kind == "count"]
    assert q.low == value


@pytest.mark.parametrize(("text", "expected"), [
    ("قالت الشرطة إن ثلاثة شرطيين قتلوا", [("ثلاثة", 3.0)]),  # a plural after its number, not a dual
    ("قتل 3 جنود وسيارتين", [("3", 3.0), ("سيارتين", 2.0)]),
])
def test_the_noun_a_number_counts_is_no_dual_of_its_own(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(q.text, q.low) for q in extract_quantities(text)] == expected


def test_quantities_a_comparative_before_the_next_figure_bounds_that_one() -> None:
    # "ثمانية قتلى وأكثر من مئة جريح": eight dead exactly, more than a hundred wounded
    found = [(q.low, q.high) for q in extract_quantities("وكانت الحصيلة ثمانية قتلى وأكثر من مئة جريح")]
    assert found == [(8, 8), (100, None)]


@pytest.mark.parametrize(("text", "value"), [
    ("تعيينه بالمرتبة الرابعة عشرة بوزارة النقل", 14),
    ("في الدورة الحادية عشرة للمؤتمر", 11),
])
def test_quantities_a_compound_ordinal_is_no_count_of_ten(text: str, value: int) -> None:
    assert [(q.low, q.kind) for q in extract_quantities(text)] == [(value, "ordinal")]


def test_quantities_a_dual_repeated_by_its_number_word_keeps_the_dual_as_its_noun() -> None:
    # "جريحين اثنين" counts the wounded: read as a noun of two words, the count took the measure
    # of "قتلى" before it
    q = [q for q in extract_quantities("أعلنت الحكومة عن «خمسة قتلى وجريحين اثنين» من القوات.") if q.low == 2]
    assert [(q[0].text, q[0].noun)] == [("جريحين اثنين", "جريحين")]


def test_quantities_a_larger_number_after_a_scale_is_its_own() -> None:
    # "5 آلاف و15 ألف": two counts; "10 آلاف و2015": a count and a year
    assert [q.low for q in extract_quantities("قتل 5 آلاف و15 ألف شخص")] == [5000, 15000]
    assert next((q.low, q.kind) for q in extract_quantities("نزح 10 آلاف و2015 عام النزوح")) == (10000, "count")
