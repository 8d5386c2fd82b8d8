"""Wire credits on invented articles (a headline line, then the body): datelines and closing
credits, what passage each covers, and what is no credit."""

from __future__ import annotations

import pytest

from tabayyun.sources.wire import agency_of, same_medium, wire_credits

BODY = "قتل خمسة أشخاص في هجوم على بلدة أرنور الواقعة شمال غوندور بحسب مصادر محلية في المدينة."


@pytest.mark.parametrize(("text", "agency", "name"), [
    (f"هجوم على أرنور\n\nواس- الرياض: {BODY}", "Saudi Press Agency", "واس"),
    (f"هجوم على أرنور\n\nالرياض - واس\n{BODY}", "Saudi Press Agency", "واس"),
    (f"هجوم على أرنور\n\nبيروت (رويترز) - {BODY}", "Reuters", "رويترز"),
    (f"هجوم على أرنور\n\nغوندور - أ ف ب: {BODY}", "AFP", "أ ف ب"),
    (f"هجوم على أرنور\n\nأرنور - الأناضول\n{BODY}", "Anadolu Agency", "الأناضول"),
    (f"هجوم على أرنور\n\nالمنامة - بنا\n{BODY}", "Bahrain News Agency", "بنا"),
    (f"هجوم على أرنور\n\nالرياض - واس أعلنت الوزارة أن {BODY}", "Saudi Press Agency", "واس"),
    (f"هجوم على أرنور\n\nالرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\n{BODY}", "Saudi Press Agency", "واس"),
    (f"هجوم على أرنور\n\nرويترز - بنغازي (ليبيا): {BODY}", "Reuters", "رويترز"),
    (f"هجوم على أرنور\n\nالرياض ـ واس\n{BODY}", "Saudi Press Agency", "واس"),
    (f"هجوم على أرنور\n\nالقاهرة (رويترز) قال مسؤول إن {BODY}", "Reuters", "رويترز"),
])
def test_wire_dateline_credits_the_agency_from_the_dateline_on(text: str, agency: str, name: str) -> None:
    (credit,) = wire_credits(text)
    assert (credit.agency, credit.name, text[credit.start:credit.end]) == (agency, name, name)
    assert credit.covers_start == text.index("\n\n") + 2 and credit.covers_end == len(text)


@pytest.mark.parametrize(("text", "name"), [
    (f"هجوم على أرنور\n\n{BODY}\nوأضافت المصادر أن ثلاثة أصيبوا. (أ ف ب)", "أ ف ب"),
    (f"هجوم على أرنور\n\n{BODY}\n(رويترز)", "رويترز"),
    (f"هجوم على أرنور\n\n{BODY}\nأ.ف.ب", "أ.ف.ب"),
    (f"هجوم على أرنور\n\n{BODY}. «رويترز»", "رويترز"),
    (f"هجوم على أرنور\n\n{BODY}. أ ف ب", "أ ف ب"),
    (f"هجوم على أرنور\n\n{BODY} حتى يوم الأحد روما- أف ب", "أف ب"),
    (f"هجوم على أرنور\n\n{BODY}.\nالمصدر: رويترز", "رويترز"),
])
def test_wire_closing_credit_covers_the_body_before_it(text: str, name: str) -> None:
    (credit,) = wire_credits(text)
    assert credit.name == name
    assert text[credit.covers_start:].startswith(BODY) and credit.covers_end <= credit.start


@pytest.mark.parametrize("text", [
    f"هجوم على أرنور\n\nأعلنت وزارة الداخلية: {BODY}",         # a source before a colon, no dateline
    f"هجوم على أرنور\n\nقالت وكالة رويترز إن {BODY}",          # an inline credit is a cited source
    f"هجوم على أرنور\n\nالرياض - أكد مسؤول أن {BODY}",        # a dateline with no agency
    f"هجوم على قنا\n\n{BODY}",                               # a credit form in a headline is a place
    f"هجوم على أرنور\n\n{BODY}. الصور من «واس»",              # a photo credit
    f"هجوم على أرنور\n\n{BODY} وقال مسؤول بحسب الأناضول إن القصف توقف.",  # an according-to inside a sentence
    f"هجوم على أرنور\n\nوقال مسؤول في أرنور (غرب) إن {BODY}",  # a bracket after the opening words names no agency
    f"هجوم على أرنور\n\nوأوضحت وكالة (رويترز) أن {BODY}",      # a cited agency in brackets
])
def test_wire_no_credit(text: str) -> None:
    assert wire_credits(text) == []


def test_wire_headline_is_not_covered() -> None:
    text = f"مقتل خمسة في أرنور\n\nبيروت (رويترز) - {BODY}"
    (credit,) = wire_credits(text)
    assert credit.covers_start > text.index("\n")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("وكالة رويترز", "رويترز", True),
    ("أ ف ب", "وكالة فرانس برس", True),
    ("(أ.ف.ب)", "فرانس برس", True),
    ("رويترز", "واس", False),
])
def test_wire_same_medium(a: str, b: str, same: bool) -> None:
    assert same_medium(a, b) is same


def test_wire_agency_of_ignores_outlets() -> None:
    assert agency_of("صحيفة عكاظ") is None and agency_of("وكالة رويترز") == "Reuters"


def test_wire_round_up_items_each_under_their_dateline() -> None:
    text = f"أخبار العالم\n\n* أرنور - (د.ب.أ): {BODY}\n* غوندور - رويترز: {BODY}"
    dpa, reuters = wire_credits(text)
    assert (dpa.agency, reuters.agency) == ("DPA", "Reuters")
    assert dpa.covers_end == reuters.covers_start == text.index("* غوندور") and reuters.covers_end == len(text)


@pytest.mark.parametrize(("text", "agency", "name"), [
    (f"هجوم على أرنور\n\nسبق- وكالات: {BODY}", "Agencies", "وكالات"),  # "agencies": credited, one source unknown
    (f"هجوم على أرنور\n\nسبق - الوكالات: {BODY}", "Agencies", "الوكالات"),
    (f"هجوم على أرنور\n\n{BODY}\n الفرنسية", "AFP", "الفرنسية"),
])
def test_wire_short_credit_forms(text: str, agency: str, name: str) -> None:
    (credit,) = wire_credits(text)
    assert (credit.agency, text[credit.start:credit.end]) == (agency, name)


@pytest.mark.parametrize(("text", "name"), [
    # a sentence that is only a credit tags the wire passage above it, tags after it or not
    (f"هجوم على أرنور\n\n{BODY} وقال الوالي إن الوضع هادئ. بحسب رويترز. وسوم أرنور غوندور", "رويترز"),
    (f"هجوم على أرنور\n\n{BODY}.وفقا لرويترز. وفي وقت سابق قال مكتب المدعي العام إنه يحقق.", "رويترز"),
    (f"هجوم على أرنور\n\n{BODY} وفقا للفرنسية.\nوتابع المسؤول أن الوضع هادئ.", "الفرنسية"),
    (f"هجوم على أرنور\n\n{BODY} بحسب الأناضول.", "الأناضول"),
])
def test_wire_credit_sentence_covers_the_passage_above(text: str, name: str) -> None:
    (credit,) = wire_credits(text)
    assert credit.name == name
    assert credit.covers_start == text.index("\n\n") + 2 and credit.covers_end <= credit.start
    assert BODY[:20] in text[credit.covers_start:credit.covers_end]


def test_wire_round_up_item_headline_is_the_papers() -> None:
    text = ("موجز\n\nعنوان الخبر الأول عن أرنور\nأرنور - د.ب.أ: قتل جنديان في كمين.\n"
            "تفجير في غوندور يوقع 11 قتيلا\nغوندور - أ.ف.ب: أفاد مصدر أمني أن 11 مدنيا قتلوا.")
    first, second = wire_credits(text)
    headline = text.index("تفجير في غوندور")
    assert first.covers_end == headline and second.covers_start == text.index("غوندور - أ.ف.ب")
