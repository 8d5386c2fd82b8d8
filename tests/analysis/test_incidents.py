"""Stories: article events clustered across outlets; claims placed in their story."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.analysis import analyze_corpus, corpus_records
from tabayyun.analysis.corpus import as_of
from tabayyun.analysis.stories import Story, build_stories, claim_stories
from tabayyun.model import AnalyzedDoc, Claim, Document, Event, Precision
from tabayyun.stages.segment import segment

TEXT = "اشتباكات في سجن أرنور وقتل 10 عناصر من قوات غوندور في الهجوم على سجن أرنور المركزي"


def _doc(doc_id: str, day: date, lat: float, place: str = "أرنور", etype: str = "Battles") -> AnalyzedDoc:
    event = Event(0, 8, TEXT[0:8], event_type=etype, date=day, location=place, location_id=place, lat=lat, lon=40.0)
    claim = Claim(20, 31, TEXT[20:31], measure="killed", low=10, high=10)
    return AnalyzedDoc(Document(doc_id, TEXT, outlet=doc_id, published=day)).with_layer(
        "events", [event]).with_layer("claims", [claim])


@pytest.mark.parametrize(("second", "together"), [
    ((date(2030, 3, 11), 30.0, "أرنور"), True),  # next day, same place
    ((date(2030, 3, 10), 30.01, "سجن أرنور"), True),  # a km away, another name
    ((date(2030, 3, 20), 30.0, "أرنور"), False),  # ten days later
    ((date(2030, 3, 10), 33.0, "غوندور"), False),  # another town
])
def test_build_stories_links_same_site_and_days(second: tuple[date, float, str], together: bool) -> None:
    docs = [_doc("a", date(2030, 3, 10), 30.0), _doc("b", *second)]
    stories = build_stories(docs)
    assert (len(stories) == 1) is together
    assert sorted(d for s in stories for d in s.doc_ids) == ["a", "b"]


def test_claim_stories_places_claim_in_its_event_story() -> None:
    docs = [_doc("a", date(2030, 3, 10), 30.0), _doc("b", date(2030, 3, 10), 30.0)]
    stories = build_stories(docs)
    assert set(claim_stories(docs[0], stories).values()) == {stories[0].story_id}


def test_analyze_corpus_records_are_json_ready() -> None:
    docs = [_doc("a", date(2030, 3, 10), 30.0), _doc("b", date(2030, 3, 10), 30.0)]
    records = corpus_records(analyze_corpus(docs))
    kinds = {r["type"] for r in records}
    assert {"story", "finding", "reuse", "timeline", "estimate"} <= kinds
    finding = next(r for r in records if r["type"] == "finding" and r["kind"] == "corroboration")
    assert {c["doc_id"] for c in finding["claims"]} == {"a", "b"}


def test_analyze_corpus_empty() -> None:
    assert corpus_records(analyze_corpus([])) == []


def _event(start: int, etype: str, sub: str, place: str, lat: float, lon: float, day: date | None = date(2030, 3, 10),
           precision: str = "town", time_precision: Precision = Precision.DAY) -> Event:
    return Event(start, start + 4, TEXT[start:start + 4], event_type=etype, sub_event_type=sub, date=day,
                 time_precision=time_precision, location=place, location_id=place, lat=lat, lon=lon,
                 geo_precision=precision)


def _events_doc(doc_id: str, events: list[Event]) -> AnalyzedDoc:
    return AnalyzedDoc(Document(doc_id, TEXT, outlet=doc_id, published=date(2030, 3, 10))).with_layer("events", events)


BOMB = ("Explosions/Remote violence", "Suicide bomb")
IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
ATTACK = ("Violence against civilians", "Attack")


def test_build_stories_province_never_bridges_two_towns() -> None:
    # one article: a province-level event and two towns 50 km apart in it
    doc = _events_doc("a", [_event(0, *BOMB, "إقليم أرنور", 30.2, 40.0, precision="admin1"),
                            _event(10, *BOMB, "بلدة شمالية", 30.0, 40.0), _event(20, *IED, "بلدة جنوبية", 30.45, 40.0)])
    stories = build_stories([doc])
    assert sorted(len(s.events) for s in stories) == [1, 2]


def test_build_stories_province_centroid_is_not_a_town_nearby() -> None:
    a = _events_doc("a", [_event(0, *BOMB, "إقليم أرنور", 30.0, 40.0, precision="admin1")])
    b = _events_doc("b", [_event(0, *BOMB, "عاصمة أرنور", 30.001, 40.0)])
    assert len(build_stories([a, b])) == 2


@pytest.mark.parametrize(("first", "second", "together"), [
    (BOMB, ATTACK, True),  # a suicide bombing is also "an attack"
    (BOMB, IED, True),
    (SHELLING, IED, False),  # a mortar barrage and a roadside bomb in one town are two incidents
])
def test_build_stories_across_articles_tactics_must_agree(first: tuple[str, str], second: tuple[str, str],
                                                           together: bool) -> None:
    a = _events_doc("a", [_event(0, *first, "أرنور", 30.0, 40.0)])
    b = _events_doc("b", [_event(0, *second, "أرنور", 30.0, 40.0)])
    assert (len(build_stories([a, b])) == 1) is together


def test_build_stories_year_is_no_day() -> None:
    # "العام الجاري" dates the event to a year: it may be any day of a story
    a = _events_doc("a", [_event(0, *BOMB, "أرنور", 30.0, 40.0)])
    b = _events_doc("b", [_event(0, *BOMB, "أرنور", 30.0, 40.0, day=date(2030, 1, 1), time_precision=Precision.YEAR)])
    stories = build_stories([a, b])
    assert len(stories) == 1 and stories[0].date == date(2030, 3, 10)


def test_claim_stories_figure_follows_last_event_of_its_paragraph() -> None:
    text = "تفجير في أرنور. وفي غوندور قصف مدفعي. وقتل فيه 7 أشخاص.\nوقال مسؤول إن 12 قتلوا."
    events = [Event(0, 5, text[0:5], event_type=BOMB[0], sub_event_type=BOMB[1], location="أرنور",
                    location_id="أرنور", lat=30.0, lon=40.0, date=date(2030, 3, 10)),
              Event(26, 30, text[26:30], event_type=SHELLING[0], sub_event_type=SHELLING[1], location="غوندور",
                    location_id="غوندور", lat=33.0, lon=40.0, date=date(2030, 3, 10))]
    claims = [Claim(text.index("7"), text.index("7") + 1, "7", measure="killed", low=7, high=7),
              Claim(text.index("12"), text.index("12") + 2, "12", measure="killed", low=12, high=12)]
    doc = segment(AnalyzedDoc(Document("a", text))).with_layer("events", events).with_layer("claims", claims)
    stories = build_stories([doc])
    placed = claim_stories(doc, stories)
    story_of = {s.location: s.story_id for s in stories}
    # the 7 follows the shelling of its paragraph; the 12 opens a new paragraph: the article's main story
    assert placed[(claims[0].start, claims[0].end)] == story_of["غوندور"]
    assert placed[(claims[1].start, claims[1].end)] in story_of.values()


@pytest.mark.parametrize(("sub", "expected"), [(BOMB, date(2030, 3, 10)), (("Battles", "Armed clash"), None)])
def test_as_of_instant_incident_speaks_for_its_day(sub: tuple[str, str], expected: date | None) -> None:
    # an undated toll of a bombing is the bombing day's toll; of an unfolding clash, it has no day
    story = Story("S1", sub[0], sub[1], "أرنور", "أرنور", 30.0, 40.0, date(2030, 3, 10), ("a",), (), None)
    doc = AnalyzedDoc(Document("a", TEXT, published=date(2030, 3, 14)))
    claim = Claim(20, 31, TEXT[20:31], measure="killed", low=10, high=10)
    assert as_of(claim, doc, story) == expected
