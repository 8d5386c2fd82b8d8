"""Incidents: article events clustered across outlets."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.analysis import analyze_corpus, corpus_records
from tabayyun.analysis.incidents import EventRef, Incident, build_incidents, merge_within_story
from tabayyun.model import AnalyzedDoc, Claim, Document, Event, Precision, Sentence

TEXT = "اشتباكات في سجن أرنور وقتل 10 عناصر من قوات غوندور في الهجوم على سجن أرنور المركزي"


def _doc(doc_id: str, day: date, lat: float, place: str = "أرنور", etype: str = "Battles") -> AnalyzedDoc:
    event = Event(0, 8, TEXT[0:8], event_type=etype, date=day, location=place, location_id=place, lat=lat, lon=40.0)
    claim = Claim(20, 31, TEXT[20:31], measure="killed", low=10, high=10, event_start=0, as_of=day)
    return AnalyzedDoc(Document(doc_id, TEXT, outlet=doc_id, published=day)).with_layer(
        "events", [event]).with_layer("claims", [claim]).with_layer("sentences", [Sentence(0, len(TEXT), TEXT)])


@pytest.mark.parametrize(("second", "together"), [
    ((date(2030, 3, 11), 30.0, "أرنور"), True),  # next day, same place
    ((date(2030, 3, 10), 30.01, "سجن أرنور"), True),  # a km away, another name
    ((date(2030, 3, 20), 30.0, "أرنور"), False),  # ten days later
    ((date(2030, 3, 10), 33.0, "غوندور"), False),  # another town
])
def test_build_incidents_links_same_site_and_days(second: tuple[date, float, str], together: bool) -> None:
    docs = [_doc("a", date(2030, 3, 10), 30.0), _doc("b", *second)]
    incidents = build_incidents(docs)
    assert (len(incidents) == 1) is together
    assert sorted(d for s in incidents for d in s.doc_ids) == ["a", "b"]


def test_analyze_corpus_records_are_json_ready() -> None:
    docs = [_doc("a", date(2030, 3, 10), 30.0), _doc("b", date(2030, 3, 10), 30.0)]
    records = corpus_records(analyze_corpus(docs))
    kinds = {r["type"] for r in records}
    assert {"story", "incident", "finding", "reuse", "timeline", "estimate", "placement"} <= kinds
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


def test_build_incidents_province_never_bridges_two_towns() -> None:
    # one article: a province-level event and two towns 50 km apart in it
    doc = _events_doc("a", [_event(0, *BOMB, "إقليم أرنور", 30.2, 40.0, precision="admin1"),
                            _event(10, *BOMB, "بلدة شمالية", 30.0, 40.0), _event(20, *IED, "بلدة جنوبية", 30.45, 40.0)])
    incidents = build_incidents([doc])
    assert sorted(len(s.events) for s in incidents) == [1, 2]


def test_build_incidents_one_article_town_and_the_province_it_lies_in() -> None:
    # "هجوم انتحاري في منطقة أغري ... مدينة دوغوبيازيت": one site within one article (the gazetteer's
    # parent), whatever the distance to the province's seat; across articles, two incidents
    ev_province = _event(0, *BOMB, "gn:309647", 39.719, 43.051)
    ev_town = _event(10, *BOMB, "geo:dogubayazit", 39.547, 44.084)
    assert len(build_incidents([_events_doc("a", [ev_province, ev_town])])) == 1
    assert len(build_incidents([_events_doc("a", [ev_province]), _events_doc("b", [ev_town])])) == 2


def test_build_incidents_province_centroid_is_not_a_town_nearby() -> None:
    a = _events_doc("a", [_event(0, *BOMB, "إقليم أرنور", 30.0, 40.0, precision="admin1")])
    b = _events_doc("b", [_event(0, *BOMB, "عاصمة أرنور", 30.001, 40.0)])
    assert len(build_incidents([a, b])) == 2


@pytest.mark.parametrize(("first", "second", "together"), [
    (BOMB, ATTACK, True),  # a suicide bombing is also "an attack"
    (BOMB, IED, True),
    (SHELLING, IED, False),  # a mortar barrage and a roadside bomb in one town are two incidents
])
def test_build_incidents_across_articles_tactics_must_agree(first: tuple[str, str], second: tuple[str, str],
                                                           together: bool) -> None:
    a = _events_doc("a", [_event(0, *first, "أرنور", 30.0, 40.0)])
    b = _events_doc("b", [_event(0, *second, "أرنور", 30.0, 40.0)])
    assert (len(build_incidents([a, b])) == 1) is together


def test_build_incidents_year_is_no_day() -> None:
    # "العام الجاري" dates the event to a year: it may be any day of a story
    a = _events_doc("a", [_event(0, *BOMB, "أرنور", 30.0, 40.0)])
    b = _events_doc("b", [_event(0, *BOMB, "أرنور", 30.0, 40.0, day=date(2030, 1, 1), time_precision=Precision.YEAR)])
    incidents = build_incidents([a, b])
    assert len(incidents) == 1 and incidents[0].date == date(2030, 3, 10)


def _incident(incident_id: str, place: str | None, place_id: str | None, lat: float | None,
              precision: str | None) -> Incident:
    event = Event(0, 8, TEXT[0:8], event_type="Battles", sub_event_type="Armed clash", date=date(2030, 3, 10),
                  location=place, location_id=place_id, lat=lat, lon=None if lat is None else 44.0,
                  geo_precision=precision)
    return Incident(incident_id, "Battles", "Armed clash", place, place_id, lat, None if lat is None else 44.0,
                    precision, date(2030, 3, 10), (incident_id,), (EventRef(incident_id, event),))


YEMEN = ("اليمن", "geo:yemen", 15.5, "country")


@pytest.mark.parametrize("vague", [(None, None, None, None), YEMEN])
def test_merge_within_story_vague_report_joins_its_only_candidate(vague: tuple) -> None:
    town = _incident("I1", "تعز", "geo:taiz", 13.6, "town")
    groups = merge_within_story([town, _incident("I2", *vague)])
    assert [sorted(i.incident_id for i in g) for g in groups] == [["I1", "I2"]]


def test_merge_within_story_country_never_holds_a_town_abroad() -> None:
    groups = merge_within_story([_incident("I1", "تعز", "geo:taiz", 13.6, "town"),
                                 _incident("I2", "إيطاليا", "geo:italy", 42.8, "country")])
    assert len(groups) == 2


@pytest.mark.parametrize("vague", [(None, None, None, None), YEMEN])
def test_merge_within_story_vague_report_never_guesses_between_two_sites(vague: tuple) -> None:
    # fighting in two towns of one story: a report naming only the country may be about either
    groups = merge_within_story([_incident("I1", "تعز", "geo:taiz", 13.6, "town"),
                                 _incident("I2", "عدن", "geo:aden", 12.8, "town"),
                                 _incident("I3", *vague)])
    assert sorted(sorted(i.incident_id for i in g) for g in groups) == [["I1"], ["I2"], ["I3"]]


@pytest.mark.parametrize(("published", "together"), [
    (date(2030, 4, 14), True),  # five weeks after the bombing (its trial): the article refers back to it
    (date(2030, 6, 14), False),  # three months later: not within referred_incident_days
])
def test_undated_event_joins_the_incident_before_its_article(published: date, together: bool) -> None:
    dated = _events_doc("a", [_event(0, *BOMB, "أرنور", 30.0, 40.0)])
    later = AnalyzedDoc(Document("b", TEXT, outlet="b", published=published)).with_layer(
        "events", [_event(0, *BOMB, "أرنور", 30.0, 40.0, day=None)])
    incidents = build_incidents([dated, later], vectors=[{"w": 1.0}, {"w": 1.0}])
    assert (len(incidents) == 1) is together
