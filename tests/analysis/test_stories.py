"""Stories: article events clustered across outlets; claims placed in their story."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.analysis import analyze_corpus, corpus_records
from tabayyun.analysis.stories import build_stories, claim_stories
from tabayyun.model import AnalyzedDoc, Claim, Document, Event

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
