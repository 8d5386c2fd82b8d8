"""Claims tied to their article event, dated by what they count, and by when they were stated."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.claims.anchor import counted_date, event_of, headline_dates, main_event, stated_date
from tabayyun.dates.anchor import publication_day
from tabayyun.model import AnalyzedDoc, Attribution, Claim, Document, Event
from tabayyun.stages.segment import segment
from tabayyun.stages.times import times

MONDAY, WEDNESDAY = date(2030, 3, 11), date(2030, 3, 13)
TEXT = ("وقع تفجير في سوق أرنور. وقتل فيه 7 أشخاص.\nوفي غوندور وقع قصف مدفعي وقتل 3.\n"
        "وقال مسؤول إن 12 قتلوا في المدينة.\nومنذ عام 2011 قتل 500 شخص في المنطقة.")


def _doc(text: str = TEXT, published: date = WEDNESDAY) -> AnalyzedDoc:
    return times(segment(AnalyzedDoc(Document("a", text, published=published))))


def _event(text: str, word: str, sub: str = "Suicide bomb", day: date | None = MONDAY) -> Event:
    start = text.index(word)
    return Event(start, start + len(word), word, event_type="Explosions/Remote violence", sub_event_type=sub,
                 date=day)


EVENTS = (_event(TEXT, "تفجير"), _event(TEXT, "قصف", "Shelling/artillery/missile attack"))


@pytest.mark.parametrize(("number", "event"), [
    ("7", "تفجير"),  # the last event before it in its paragraph
    ("3", "قصف"),  # the event of its own sentence
    ("12", "تفجير"),  # a paragraph of its own: the article's main event
    ("500", None),  # background (منذ عام 2011): no event
])
def test_event_of_policy(number: str, event: str | None) -> None:
    found = event_of(_doc(), TEXT.index(number), EVENTS)
    assert (found.text if found else None) == event


def test_main_event_most_supported_then_first() -> None:
    a, b = EVENTS
    assert main_event([a, b]) == a
    found = main_event([a, Event(b.start, b.end, b.text, support=((1, 2), (3, 4)))])
    assert found is not None and found.start == b.start


@pytest.mark.parametrize(("measure", "sub", "expected"), [
    ("killed", "Suicide bomb", MONDAY),  # a toll of a bombing: the bombing's day, whenever stated
    ("killed", "Armed clash", None),  # an unfolding clash: the date its own words give (none here)
    ("arrested", "Suicide bomb", None),  # not a toll of the incident
])
def test_counted_date(measure: str, sub: str, expected: date | None) -> None:
    event = _event(TEXT, "تفجير", sub)
    assert counted_date(_doc(), TEXT.index("7"), measure, event) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("أعلنت الوزارة أمس مقتل 7 أشخاص.", date(2030, 3, 12)),  # the day the reporting phrase names
    ("أعلنت الوزارة مقتل 7 أشخاص.", WEDNESDAY),  # else the publication day
])
def test_stated_date(text: str, expected: date) -> None:
    doc = _doc(text)
    end = text.index("مقتل")
    attribution = Attribution(0, end, text[:end], source_text="الوزارة")
    assert stated_date(doc, attribution, WEDNESDAY) == expected


def test_publication_day_follows_the_lead_weekday() -> None:
    # collected on Friday, the lead says "اليوم الأربعاء": published Wednesday
    doc = _doc("قال الوزير اليوم الأربعاء إن 7 قتلوا.", published=date(2030, 3, 15))
    assert publication_day(doc) == WEDNESDAY


@pytest.mark.parametrize(("text", "expected"), [
    # a count kept since a day is counted up to the day it was stated
    ("وقتل 17 عنصرا من قوات الأمن منذ أن بدأت الهجمات في 8 مارس.", WEDNESDAY),
    ("وارتفع عدد القتلى إلى 60 منذ 8 مارس.", WEDNESDAY),
    # …or up to the other day its sentence names
    ("وبهجمات الاثنين يرتفع عدد القتلى إلى 60 منذ 8 مارس.", MONDAY),
])
def test_counted_date_of_a_count_since_a_day(text: str, expected: date) -> None:
    doc = _doc(text)
    number = next(n for n in ("17", "60") if n in text)
    assert counted_date(doc, text.index(number), "killed", None, WEDNESDAY) == expected


def test_headline_figure_takes_the_date_of_its_body_figure() -> None:
    text = "مقتل 7 في أرنور\n\nقتل 7 أشخاص الاثنين في أرنور."
    doc = _doc(text)
    head = Claim(5, 6, "7", measure="killed", low=7, high=7, date=None)
    body = Claim(text.index("7 أشخاص"), text.index("7 أشخاص") + 1, "7", measure="killed", low=7, high=7, date=MONDAY)
    other = Claim(5, 6, "7", measure="injured", low=7, high=7, date=None)
    assert headline_dates(doc, [head, body, other]) == [MONDAY, MONDAY, None]


def test_stated_date_a_day_after_since_starts_a_count() -> None:
    # "أوقفت الشرطة منذ أمس 320 شخصا": the count runs since yesterday; it was said on publication day
    text = "أعلنت الشرطة أنها أوقفت منذ أمس 320 شخصا."
    doc = _doc(text)
    end = text.index("أنها")
    assert stated_date(doc, Attribution(0, end, text[:end], source_text="الشرطة"), WEDNESDAY) == WEDNESDAY


@pytest.mark.parametrize(("text", "expected"), [
    # the toll's own sentence names its day, whatever day the article dated the attack
    ("وقال الوزير إن 7 قتلوا في الهجوم الاثنين.", MONDAY),
    # the day a source spoke is not the toll's: the bombing's day is
    ("وقال الوزير اليوم إن 7 قتلوا في الهجوم.", date(2030, 3, 9)),
])
def test_counted_date_of_a_toll_prefers_its_sentence_day(text: str, expected: date) -> None:
    event = _event(text, "الهجوم", day=date(2030, 3, 9))
    assert counted_date(_doc(text), text.index("7"), "killed", event) == expected
