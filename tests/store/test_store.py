"""The store suite: every test runs on SQLite and on PostgreSQL (``store_target``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tabayyun.model import (
    LAYER_TYPES,
    AnalyzedDoc,
    Claim,
    ClaimRole,
    Document,
    Event,
    Mention,
    Precision,
    SourceKind,
    make_span,
)
from tabayyun.pipeline import Outcome, StageFailure
from tabayyun.stages.segment import segment
from tabayyun.store import (
    ClaimFilter,
    EventFilter,
    FingerprintInfo,
    MentionFilter,
    Page,
    SaveResult,
    StoreError,
    open_store,
)
from tabayyun.store.sql import SQLStore

TEXT = "قال مصدر أمني إن 12 شخصاً قتلوا أمس في بلدة الوادي."


def _outcome(text: str = TEXT, doc_id: str = "d1", outlet: str | None = "Al-Sharq",
             published: date | None = date(2024, 3, 10)) -> Outcome:
    doc = AnalyzedDoc(Document(doc_id, text, outlet=outlet, published=published))
    i = text.index("12")
    claim = make_span(Claim, text, i, i + 13, measure="killed", low=12, high=12, claimant="مصدر أمني",
                      claimant_kind=SourceKind.ANONYMOUS, via=("الشرق",), date=date(2024, 3, 9))
    doc = doc.with_layer("claims", [claim])
    return Outcome(doc, (StageFailure(doc_id, "events", "ValueError: boom"),))


def test_store_round_trips_every_field_of_every_layer(store_target: str,
                                                      make_unusual: Callable[..., Outcome]) -> None:
    outcome = make_unusual()
    with open_store(store_target) as store:
        assert store.save(outcome, "fp1") is SaveResult.ADDED
        [back] = list(store.analyzed())
        failures = store.failures()
    assert back.document == outcome.analyzed.document
    for layer in LAYER_TYPES:
        expected = outcome.analyzed.layer(layer)
        assert expected, layer
        assert back.layer(layer) == expected, layer
        assert [type(s) for s in back.layer(layer)] == [type(s) for s in expected]
    assert failures == list(outcome.failures)


def test_store_target_opens_the_same_store_again(store_target: str) -> None:
    """What another process opens the store with (``runner.refresh_corpus`` apart)."""
    with open_store(store_target) as store:
        store.save(_outcome(), "fp1")
        target = store.target
    assert target is not None
    with open_store(target) as again:
        assert [d.doc_id for d in again.documents()] == ["d1"]
    with open_store(":memory:") as memory:
        assert memory.target is None


def test_store_reads_skipped_ranges_as_pairs_not_characters(store_target: str) -> None:
    doc = Document("d", "أ" * 40, skipped=((0, 3), (10, 12)))
    with open_store(store_target) as store:
        store.save(Outcome(AnalyzedDoc(doc)))
        assert store.document("d") == doc
        assert next(store.documents()).skipped == ((0, 3), (10, 12))


def test_store_round_trips_enums_dates_and_tuples_as_their_types(store_target: str) -> None:
    with open_store(store_target) as store:
        store.save(_outcome())
        [doc] = list(store.analyzed(["claims"]))
    [claim] = doc.layer("claims")
    assert claim == _outcome().analyzed.layer("claims")[0]
    assert claim.claimant_kind is SourceKind.ANONYMOUS and claim.via == ("الشرق",)
    assert claim.date == date(2024, 3, 9) and doc.document.published == date(2024, 3, 10)


def test_store_loads_only_the_layers_asked_for(store_target: str, make_unusual: Callable[..., Outcome]) -> None:
    with open_store(store_target) as store:
        store.save(make_unusual())
        [doc] = list(store.analyzed(["events", "tokens"]))
        with pytest.raises(StoreError, match="unknown layer"):
            list(store.analyzed(["words"]))
    assert set(doc.layers) == {"events", "tokens"}


def test_store_recomputes_tokens_with_the_segment_stage(store_target: str) -> None:
    document = Document("d", TEXT + " وأضاف: «قُتل ٣ آخرون».", skipped=((0, 4),))
    with open_store(store_target) as store:
        store.save(Outcome(segment(AnalyzedDoc(document))))
        [doc] = list(store.analyzed(["tokens"]))
        assert store.counts().spans.get("tokens") is None  # no token rows
    assert doc.layer("tokens") == segment(AnalyzedDoc(document)).layer("tokens")
    assert all(t.start >= 4 for t in doc.layer("tokens"))


def test_store_same_text_twice_is_one_document(store_target: str) -> None:
    with open_store(store_target) as store:
        store.save(_outcome())
        assert store.save(_outcome(doc_id="copy-under-another-name")) is SaveResult.UNCHANGED
        assert store.save(_outcome()) is SaveResult.UNCHANGED
        assert store.counts().documents == 1
        assert store.counts().spans == {"claims": 1}


def test_store_new_text_under_same_id_replaces_old_version(store_target: str) -> None:
    with open_store(store_target) as store:
        store.save(_outcome())
        new = _outcome(TEXT + " وأضاف المصدر.")
        assert store.status_of(new.analyzed.document) is SaveResult.UPDATED
        assert store.save(new) is SaveResult.UPDATED
        assert store.counts().documents == 1
        assert len(store.failures()) == 1
        assert store.document("d1") == new.analyzed.document


@pytest.mark.parametrize("change", [{"outlet": "Al-Gharb"}, {"published": date(2024, 3, 11)},
                                    {"outlet": None}, {"url": "https://example.org/x"}, {"title": "عنوان"}])
def test_store_changed_metadata_updates_the_document_and_its_rows(store_target: str, change: dict[str, object]) -> None:
    old = _outcome()
    doc = replace(old.analyzed.document, **change)  # type: ignore[arg-type]
    new = Outcome(AnalyzedDoc(doc).with_layer("claims", old.analyzed.layer("claims")))
    with open_store(store_target) as store:
        store.save(old)
        assert store.status_of(doc) is SaveResult.UPDATED
        assert store.save(new) is SaveResult.UPDATED
        assert store.document("d1") == doc
        [found] = list(store.claims())
        assert found.outlet == doc.outlet and found.published == doc.published
        assert store.save(new) is SaveResult.UNCHANGED


def test_store_reanalyses_only_documents_of_another_fingerprint(store_target: str) -> None:
    with open_store(store_target) as store:
        store.save(_outcome(), "old")
        store.save(_outcome(TEXT + " ثانية", doc_id="d2"), "new")
        assert [d.doc_id for d in store.stale_documents("new")] == ["d1"]
        assert store.count_stale("new") == 1
        assert store.save(_outcome(), "new") is SaveResult.REANALYZED
        assert store.save(_outcome(), "new") is SaveResult.UNCHANGED
        assert store.count_stale("new") == 0
        store.record_fingerprint(FingerprintInfo("new", {"version": "x", "files": {"a.json": "1"}}))
        store.record_fingerprint(FingerprintInfo("new", {"version": "ignored"}))
        assert store.fingerprints() == {"new": {"version": "x", "files": {"a.json": "1"}}}


def test_store_batch_is_decided_document_by_document(store_target: str) -> None:
    batch = [_outcome(), _outcome(doc_id="same-text-again"), _outcome(TEXT + "!", doc_id="d2")]
    with open_store(store_target) as store:
        assert store.save_many(batch) == [SaveResult.ADDED, SaveResult.UNCHANGED, SaveResult.ADDED]
        assert sorted(d.doc_id for d in store.documents()) == ["d1", "d2"]


def test_store_failed_batch_leaves_nothing_half_stored(store_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = SQLStore._insert_layers
    calls = []

    def breaks_on_second(self: SQLStore, analyzed: AnalyzedDoc) -> None:
        calls.append(analyzed.document.doc_id)
        real(self, analyzed)
        if len(calls) == 2:
            raise StoreError("disk I/O error (simulated)")

    with open_store(store_target) as store:
        version = store.corpus_state().documents_version
        monkeypatch.setattr(SQLStore, "_insert_layers", breaks_on_second)
        with pytest.raises(StoreError, match="simulated"):
            store.save_many([_outcome(), _outcome(TEXT + "!", doc_id="d2")])
        monkeypatch.setattr(SQLStore, "_insert_layers", real)
        assert store.counts().documents == 0
        assert store.counts().spans == {}
        assert store.counts().failures == 0
        assert store.corpus_state().documents_version == version
        assert store.save(_outcome()) is SaveResult.ADDED


def test_store_migrations_are_recorded_once(store_target: str) -> None:
    with open_store(store_target) as store:
        assert store.migrate() == []
    with open_store(store_target) as store:
        assert store.migrate() == []


def test_store_corpus_records_are_replaced_not_appended(store_target: str) -> None:
    with open_store(store_target) as store:
        store.replace_corpus_records([{"type": "finding", "kind": "contradiction"}])
        assert store.replace_corpus_records([{"type": "reuse", "doc_ids": ["a", "b"]}]) == 1
        assert store.corpus_records() == [{"type": "reuse", "doc_ids": ["a", "b"]}]
        assert store.corpus_records("finding") == []
        assert store.corpus_state().records == 1


def test_store_corpus_records_are_written_as_a_stream_comes(store_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full rebuild hands the store a generator (never the list of its 200,000 records): the
    store writes it a batch at a time, ids in order, and counts what it wrote."""
    from tabayyun.store import sql

    monkeypatch.setattr(sql, "RECORD_BATCH", 3)
    taken: list[int] = []

    def records() -> Iterator[dict[str, Any]]:
        for n in range(8):
            taken.append(n)
            yield {"type": "finding" if n % 2 else "story", "n": n}

    with open_store(store_target) as store:
        assert store.replace_corpus_records(records()) == 8 == len(taken)
        assert [r["n"] for r in store.corpus_records()] == list(range(8))
        assert [r["n"] for r in store.corpus_records("finding")] == [1, 3, 5, 7]
        assert store.corpus_state().records == 8
        assert store.replace_corpus_records(iter(())) == 0 and store.corpus_records() == []


def test_store_corpus_state_is_stale_until_rebuilt_from_the_current_documents(store_target: str) -> None:
    with open_store(store_target) as store:
        assert store.corpus_state().stale  # never built
        store.save(_outcome())
        before = store.corpus_state()
        assert before.stale
        store.replace_corpus_records([{"type": "story"}], based_on=before.documents_version)
        assert not store.corpus_state().stale
        store.save(_outcome(TEXT + "!", doc_id="d2"))  # a document written after the records
        assert store.corpus_state().stale
        store.save(_outcome(TEXT + "!", doc_id="d2"))  # unchanged: no new version
        assert store.corpus_state().documents_version == before.documents_version + 1
        # records computed from an older version never replace newer ones
        now = store.corpus_state().documents_version
        store.replace_corpus_records([{"type": "story"}, {"type": "story"}], based_on=now)
        store.replace_corpus_records([{"type": "old"}], based_on=before.documents_version)
        assert store.corpus_records() == [{"type": "story"}, {"type": "story"}]
        assert not store.corpus_state().stale


def _query_corpus() -> list[Outcome]:
    outcomes = []
    for n, (outlet, day, measure, kind, hedged) in enumerate([
        ("A", date(2024, 3, 1), "killed", SourceKind.OFFICIAL, False),
        ("A", date(2024, 3, 5), "injured", SourceKind.ANONYMOUS, True),
        ("B", date(2024, 3, 3), "killed", SourceKind.ANONYMOUS, False),
        ("B", None, "killed", SourceKind.OUTLET, True),
        (None, date(2024, 2, 1), "killed", SourceKind.OFFICIAL, False),
    ]):
        text = f"{TEXT} رقم {n}"
        doc = AnalyzedDoc(Document(f"d{n}", text, outlet=outlet, published=date(2024, 3, 10)))
        i = text.index("12")
        claim = make_span(Claim, text, i, i + 2, measure=measure, low=12 + n, high=12 + n, claimant_kind=kind,
                          hedged=hedged, date=day, role=ClaimRole.PART if n == 3 else ClaimRole.TOTAL,
                          claimant_id=f"kb:{n % 2}" if n < 4 else None, as_of=date(2024, 3, 10 - n % 3),
                          event_start=i + 3)
        event = make_span(Event, text, i + 3, i + 8, event_type="Violence against civilians",
                          sub_event_type="Attack", date=day, lat=34.0 + n if n % 2 else None, lon=36.0,
                          time_precision=Precision.DAY)
        mention = make_span(Mention, text, 0, 3, entity_id=f"loc:{n % 2}", lat=1.0 if n % 2 else None, lon=2.0)
        outcomes.append(Outcome(doc.with_layer("claims", [claim]).with_layer("events", [event])
                                .with_layer("mentions", [mention])))
    return outcomes


@pytest.mark.parametrize(("where", "expected"), [
    (ClaimFilter(), ["d0", "d1", "d2", "d3", "d4"]),
    (ClaimFilter(outlet="A", measure="killed"), ["d0"]),
    (ClaimFilter(measure="killed"), ["d0", "d2", "d3", "d4"]),
    (ClaimFilter(claimant_kind=SourceKind.ANONYMOUS), ["d1", "d2"]),
    (ClaimFilter(hedged=True), ["d1", "d3"]),
    (ClaimFilter(hedged=False, measure="killed"), ["d0", "d2", "d4"]),
    (ClaimFilter(date_from=date(2024, 3, 1), date_to=date(2024, 3, 3)), ["d0", "d2"]),
    (ClaimFilter(doc_id="d3"), ["d3"]),
    (ClaimFilter(role=ClaimRole.TOTAL, measure="killed"), ["d0", "d2", "d4"]),
    (ClaimFilter(claimant_id="kb:1"), ["d1", "d3"]),
    (ClaimFilter(outlet="nobody"), []),
])
def test_store_claims_query_filters(store_target: str, where: ClaimFilter, expected: list[str]) -> None:
    with open_store(store_target) as store:
        store.save_many(_query_corpus())
        assert [f.doc_id for f in store.claims(where)] == expected
        assert store.count(where) == len(expected)


@pytest.mark.parametrize(("sort", "expected"), [
    ("doc", ["d0", "d1", "d2", "d3", "d4"]),
    ("date", ["d4", "d0", "d2", "d1", "d3"]),
    ("-date", ["d1", "d2", "d0", "d4", "d3"]),
    ("outlet", ["d0", "d1", "d2", "d3", "d4"]),
    ("-low", ["d4", "d3", "d2", "d1", "d0"]),
    ("measure", ["d1", "d0", "d2", "d3", "d4"]),
    ("as_of", ["d2", "d1", "d4", "d0", "d3"]),
    ("-as_of", ["d0", "d3", "d1", "d4", "d2"]),
])
def test_store_claims_query_sorts_the_same_on_both_backends(store_target: str, sort: str,
                                                            expected: list[str]) -> None:
    with open_store(store_target) as store:
        store.save_many(_query_corpus())
        assert [f.doc_id for f in store.claims(page=Page(sort=sort))] == expected


def test_store_claims_query_pages(store_target: str) -> None:
    with open_store(store_target) as store:
        store.save_many(_query_corpus())
        assert [f.doc_id for f in store.claims(page=Page(sort="doc", limit=2, offset=1))] == ["d1", "d2"]
        assert [f.doc_id for f in store.claims(page=Page(offset=3))] == ["d3", "d4"]
        with pytest.raises(StoreError, match="cannot sort claims by"):
            list(store.claims(page=Page(sort="text; DROP TABLE claims")))
        with pytest.raises(StoreError, match="negative"):
            list(store.claims(page=Page(limit=-1)))


def test_store_events_and_mentions_queries(store_target: str) -> None:
    with open_store(store_target) as store:
        store.save_many(_query_corpus())
        assert [f.doc_id for f in store.events(EventFilter(geocoded=True))] == ["d1", "d3"]
        assert [f.doc_id for f in store.events(EventFilter(date_from=date(2024, 3, 2)))] == ["d1", "d2"]
        assert [f.doc_id for f in store.events(page=Page(sort="-date", limit=2))] == ["d1", "d2"]
        with pytest.raises(StoreError, match="cannot sort events by"):  # an event's toll comes from its claims
            list(store.events(page=Page(sort="-fatalities")))
        assert [f.doc_id for f in store.mentions(MentionFilter(entity_id="loc:1"))] == ["d1", "d3"]
        assert store.count(MentionFilter(geocoded=False)) == 3
        assert store.outlets() == {"A": 2, "B": 2, None: 1}
        assert store.measures() == {"killed": 4, "injured": 1}


def test_store_streams_can_be_read_at_once_in_any_order(store_target: str) -> None:
    """The exports merge streams (events with their article's claims, mentions with events):
    each must read on while another is open, and either may end first."""
    with open_store(store_target) as store:
        store.save_many(_query_corpus())
        claims, events = store.claims(), store.events()
        assert next(claims).doc_id == next(events).doc_id == "d0"
        assert [f.doc_id for f in claims] == ["d1", "d2", "d3", "d4"]  # the stream opened first ends first
        assert [f.doc_id for f in events] == ["d1", "d2", "d3", "d4"]
        mentions = store.mentions()
        assert next(mentions).doc_id == "d0"
        del mentions  # a stream left unfinished does not stand in the way of the next ones
        assert [f.doc_id for f in store.events(EventFilter(geocoded=True))] == ["d1", "d3"]
        store.save(_outcome(doc_id="d9", text=TEXT + " أخرى"))  # nor of a write
        assert store.count(ClaimFilter()) == 6


def test_store_article_event_fatalities_come_from_the_claims_of_each_event(store_target: str) -> None:
    """The GeoJSON events layer's two streams: an event's toll is the lowest whole killed count
    its article ties to it (a share of a count, or a claim about another event, is not its toll)."""
    from tabayyun.report.exports import article_events

    with open_store(store_target) as store:
        outcomes = _query_corpus()
        doc = outcomes[0].analyzed
        [claim] = doc.layer("claims")
        [event] = doc.layer("events")
        extra = [replace(claim, low=3, high=3, role=ClaimRole.PART), replace(claim, low=2, high=2, event_start=None),
                 replace(claim, low=9, high=9, role=ClaimRole.GROUP)]
        outcomes[0] = Outcome(doc.with_layer("claims", [claim, *extra]))
        store.save_many(outcomes)
        tolls = [(f.doc_id, toll) for f, toll in article_events(store.events(),
                                                                 store.claims(ClaimFilter(measure="killed")))]
    assert event.start == claim.event_start
    # d0: 12 and 9 tie to the event (3 is a share, 2 is about no event); d1's claim is "injured"
    assert tolls == [("d0", 9), ("d1", None), ("d2", 14), ("d3", None), ("d4", 16)]


def test_store_refuses_what_it_cannot_keep(store_target: str) -> None:
    with open_store(store_target) as store:
        surrogate = Document("d", "نص \ud800 مكسور")
        assert store.refusal(surrogate) and "surrogate" in str(store.refusal(surrogate))
        with pytest.raises(StoreError, match="surrogate"):
            store.save(Outcome(AnalyzedDoc(surrogate)))
        assert store.refusal(Document("ok", TEXT)) is None


def test_postgres_store_refuses_nul_characters(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        assert "NUL" in str(store.refusal(Document("d", "a\x00b")))


def test_sqlite_store_keeps_nul_characters(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        doc = Document("d", "a\x00b")
        assert store.refusal(doc) is None
        store.save(Outcome(AnalyzedDoc(doc)))
        assert store.document("d") == doc
