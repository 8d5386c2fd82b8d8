"""Regression gate on articles unlike the development sets (Yemen, Libya, Gaza, Iraq, Sudan, Lebanon).

The articles under tests/fixtures/unseen are our own writing; each has a JSON file with what an
analyst expects of it. Only the essentials are asserted: the key claims (measure, overlapping
interval, claimant), the sources, the main entities and events, and exact offsets everywhere.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tabayyun.model import AnalyzedDoc, Attribution, Claim, Document, Event, Mention, TimeExpr
from tabayyun.stages import default_pipeline

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "unseen"
ARTICLES = sorted(p.stem for p in FIXTURES.glob("*.txt"))
LAYERS = ("sentences", "tokens", "quantities", "times", "mentions", "attributions", "claims", "events")


def _expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data


@cache
def _analysed(name: str) -> AnalyzedDoc:
    exp = _expected(name)
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    doc = Document(name, text, outlet=exp["outlet"], published=date.fromisoformat(exp["published"]))
    outcome = default_pipeline().run(doc)
    assert not outcome.failures, outcome.failures
    return outcome.analyzed


def _overlaps(low: float | None, high: float | None, want_low: float | None, want_high: float | None) -> bool:
    lo = low if low is not None else high
    hi = high if high is not None else float("inf")
    w_lo = want_low if want_low is not None else 0.0
    w_hi = want_high if want_high is not None else float("inf")
    return lo is not None and lo <= w_hi * 1.1 and w_lo <= hi * 1.1


def _has_claim(claims: list[Claim], measure: str, low: float | None, high: float | None, claimant: str | None) -> bool:
    return any(c.measure == measure and _overlaps(c.low, c.high, low, high)
               and (claimant is None or claimant in c.claimant) for c in claims)


@pytest.mark.parametrize("name", ARTICLES)
def test_unseen_articles_offsets_index_original_text(name: str) -> None:
    doc = _analysed(name)
    for layer in LAYERS:
        for span in doc.layer(layer):
            assert doc.text[span.start:span.end] == span.text, (layer, span)
    for a in doc.layer("attributions"):
        assert isinstance(a, Attribution)
        assert doc.text[a.source_start:a.source_end] == a.source_text


@pytest.mark.parametrize("name", ARTICLES)
def test_unseen_articles_key_claims_found(name: str) -> None:
    claims: list[Claim] = list(_analysed(name).layer("claims"))
    missing = [c for c in _expected(name)["claims"] if not _has_claim(claims, *c)]
    assert not missing, [(c.measure, c.low, c.high, c.claimant) for c in claims]


@pytest.mark.parametrize("name", ARTICLES)
def test_unseen_articles_no_known_false_claims(name: str) -> None:
    claims: list[Claim] = list(_analysed(name).layer("claims"))
    for measure, low, high in _expected(name).get("not_claims", []):
        assert not _has_claim(claims, measure, low, high, None), (measure, low, high)


@pytest.mark.parametrize("name", ARTICLES)
def test_unseen_articles_sources_found(name: str) -> None:
    found = [a.source_text for a in _analysed(name).layer("attributions")]
    exp = _expected(name)
    for source in exp["sources"]:
        assert any(source in f for f in found), (source, found)
    for wrong in exp.get("not_sources", []):
        assert wrong not in found, (wrong, found)
    for source, via in exp.get("via", []):
        assert any(source in a.source_text and via in a.via for a in _analysed(name).layer("attributions"))


@pytest.mark.parametrize("name", ARTICLES)
def test_unseen_articles_main_entities_found(name: str) -> None:
    mentions: list[Mention] = list(_analysed(name).layer("mentions"))
    for text, label, entity_id in _expected(name)["entities"]:
        assert any(text in m.text and str(m.label) == label and (entity_id is None or m.entity_id == entity_id)
                   for m in mentions), (text, label, entity_id, [(m.text, m.label, m.entity_id) for m in mentions])


@pytest.mark.parametrize("name", ARTICLES)
def test_unseen_articles_main_events_found(name: str) -> None:
    events: list[Event] = list(_analysed(name).layer("events"))
    for event_type, location_id in _expected(name)["events"]:
        assert any(e.event_type == event_type and (location_id is None or e.location_id == location_id)
                   for e in events), (event_type, location_id, [(e.event_type, e.location_id) for e in events])


@pytest.mark.parametrize("name", [n for n in ARTICLES if "dates" in _expected(n)])
def test_unseen_articles_dates_resolved(name: str) -> None:
    times: list[TimeExpr] = list(_analysed(name).layer("times"))
    for text, iso in _expected(name)["dates"].items():
        assert any(text in t.text and t.value == date.fromisoformat(iso) for t in times), (text, times)


@pytest.mark.parametrize("name", ARTICLES)
def test_unseen_articles_no_known_false_events(name: str) -> None:
    events: list[Event] = list(_analysed(name).layer("events"))
    exp = _expected(name)
    assert not [e for e in events if e.event_type in exp.get("not_event_types", [])]
    assert len(events) <= exp.get("events_at_most", len(events))
