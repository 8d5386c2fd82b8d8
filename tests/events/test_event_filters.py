"""Event filters: negated, future, hypothetical, aggregate, defused and background triggers."""

from __future__ import annotations

import pytest

from tabayyun.events.filters import (
    after_demonstrative,
    arrest_not_made,
    legal_status,
    not_an_event,
    other_incident,
    vague_date,
)
from tabayyun.model import Precision


def _before(text: str, trigger: str) -> bool:
    return not_an_event(text, 0, text.index(trigger))


@pytest.mark.parametrize(("text", "trigger"), [
    ("لم تسجل قوات الأمن أي هجوم في أرنور", "هجوم"),          # negation
    ("ولن تتوقف الغارات على غوندور", "الغارات"),               # negation of the future
    ("سوف تشن القوات غارات على أرنور", "غارات"),               # future
    ("قد يشن التنظيم هجوما على أرنور", "هجوما"),               # modal with a present verb
    ("هدد التنظيم بشن هجمات على غوندور", "هجمات"),             # threat
    ("فككت الشرطة عبوة ناسفة على طريق أرنور", "عبوة"),         # defused, never exploded
    ("وأعلنت الشرطة العثور على عبوات ناسفة في غوندور", "عبوات"),
    ("ارتفع عدد هجمات التنظيم في أرنور", "هجمات"),             # a count of a class
    ("كانت من أعنف المعارك في تاريخ غوندور", "المعارك"),      # a superlative of a class
    ("نزح الأهالي منذ اندلاع المعارك في أرنور", "المعارك"),   # the background since it began
    ("أعلنت القوات تخليص عناصرها المحتجزين كرهائن", "كرهائن"),  # a rescue, not a new abduction
    ("تحليق مكثف للطائرات المروحية فوق أرنور", "للطائرات"),   # aircraft flying over, not striking
    ("منذ أن بدأت غوندور حملة ضربات جوية على أرنور", "ضربات"),  # a campaign, and the background since
    ("في أعقاب حملة القصف على أرنور", "القصف"),                # a campaign
    ("تم وضع رجلين من غوندور قيد الاعتقال الإداري", "الاعتقال"),  # a legal status, not an arrest
    ("وتصاعد العنف منذ أن اندلعت اشتباكات في أرنور", "اشتباكات"),  # since then: background
    ("وزادت وتيرة هجمات المسلحين في أرنور", "هجمات"),          # the rate of a class
    ("على الحد الجنوبي الذي يشهد مواجهات مع مسلحي غوندور", "مواجهات"),  # a state of ongoing fighting
    ("فر المسلحون من مناطق المواجهات إلى أرنور", "المواجهات"),  # the areas of fighting
    ("جاء القصف ردا على الهجوم على أرنور", "الهجوم"),          # a response to an earlier attack
])
def test_not_an_event_blocked_by_preceding_words(text: str, trigger: str) -> None:
    assert _before(text, trigger)


@pytest.mark.parametrize(("text", "trigger"), [
    ("اندلعت اشتباكات عنيفة في أرنور", "اشتباكات"),
    ("وكان التنظيم قد شن هجوما على أرنور", "هجوما"),          # "قد" with a past verb: it happened
    ("قتل عدد من المدنيين في قصف على غوندور", "قصف"),          # "عدد" not governing the trigger
    ("شنت طائرات التحالف غارات على أرنور", "غارات"),
    ("تتواصل منذ صباح اليوم الاشتباكات في غوندور", "الاشتباكات"),  # "منذ" with a time, not a start
])
def test_not_an_event_keeps_reported_events(text: str, trigger: str) -> None:
    assert not _before(text, trigger)


def test_not_an_event_stays_in_its_clause() -> None:
    text = "لم يصب أحد بأذى، واندلعت اشتباكات في أرنور"
    clause_start = text.index("،") + 1
    assert not not_an_event(text, clause_start, text.index("اشتباكات"))


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("تواصل الأجهزة ملاحقة المتورطين للقبض عليهم", "للقبض", True),          # purpose
    ("وصلت قوة لاعتقال المطلوبين في أرنور", "لاعتقال", True),
    ("طالب الوزير بضرورة القبض على الجناة", "القبض", True),                 # demand
    ("أعرب عن ثقته في قدرة الأجهزة على كشف الجريمة والقبض على الجناة", "والقبض", True),
    ("ألقت الشرطة القبض على ثلاثة مطلوبين في أرنور", "القبض", False),
    ("اعتقلت قوات الأمن عشرة أشخاص في غوندور", "اعتقلت", False),
])
def test_arrest_not_made_reads_purpose_and_demands(text: str, trigger: str, expected: bool) -> None:
    assert arrest_not_made(text, 0, text.index(trigger)) is expected


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("وأدان الوزير هذا التفجير", "التفجير", True),
    ("قتل مدنيون جراء تلك الغارات", "الغارات", True),
    ("وأدان الوزير التفجير", "التفجير", False),
])
def test_after_demonstrative_marks_reference(text: str, trigger: str, expected: bool) -> None:
    assert after_demonstrative(text, 0, text.index(trigger)) is expected


@pytest.mark.parametrize(("precision", "expected"), [
    (Precision.DAY, False), (Precision.MONTH, True), (Precision.YEAR, True),
])
def test_vague_date_month_and_year_are_background(precision: Precision, expected: bool) -> None:
    assert vague_date(precision) is expected


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("وأمرت المحكمة باستمرار الاعتقال الإداري لرجل من أرنور", "الاعتقال", True),
    ("مدد القاضي الحبس الاحتياطي للمتهمين", "الحبس", True),
    ("أعلنت الشرطة الاعتقال السريع لثلاثة من أرنور", "الاعتقال", False),
])
def test_legal_status_reads_the_adjective_after_the_trigger(text: str, trigger: str, expected: bool) -> None:
    assert legal_status(text, text.index(trigger) + len(trigger)) is expected


@pytest.mark.parametrize(("text", "trigger", "days"), [
    ("وقبل أقل من 24 ساعة على هذا الهجوم دمر انفجار حيا", "الهجوم", 0),
    ("وجاء التفجير بعد ساعات من تفجير استهدف سوقا", "تفجير استهدف", 0),
    ("ويأتي ذلك بعد يومين من الهجوم على الحاجز", "الهجوم", 2),
    ("قبل يوم من الاشتباكات", "الاشتباكات", -1),
    ("بعد 48 ساعة من القصف", "القصف", None),
    ("بعد ثلاثة أيام من الغارة", "الغارة", None),
])
def test_other_incident_reads_the_span_between_two_incidents(text: str, trigger: str, days: int | None) -> None:
    found = other_incident(text, 0, text.index(trigger))
    assert found is not None and found.days == days


@pytest.mark.parametrize(("text", "trigger"), [
    ("قتل خمسة في الهجوم", "الهجوم"),
    ("بعد الظهر من يوم الهجوم", "الهجوم"),  # no span of time between "بعد" and "من"
    ("وصل الجرحى بعد ساعات إلى المستشفى قرب الهجوم", "الهجوم"),
])
def test_other_incident_needs_before_or_after_a_span_of(text: str, trigger: str) -> None:
    assert other_incident(text, 0, text.index(trigger)) is None
