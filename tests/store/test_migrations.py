"""SQLite stores made by the 0001 schema (documents + generic ``spans`` JSON rows) migrate
without losing anything; broken or foreign files are refused with what to do."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tabayyun.model import LAYER_TYPES, ClaimRole, Span
from tabayyun.pipeline import Outcome
from tabayyun.store import SaveResult, StoreError, open_store
from tabayyun.store.codec import span_fields

from .conftest import store_before

ALL_MIGRATIONS = ["0001_initial.sql", "0002_relational.sql", "0003_drop_spans.sql", "0004_claim_roles.sql",
                  "0010_search.sql", "0011_corrections.sql", "0012_record_tables.sql", "0013_corpus_features.sql",
                  "0014_framing_reuse_tables.sql"]

# fields the span types gained after a store could be made by the 0001 schema (with the
# defaults a 0001 span is read with), and those they lost (with a value an old store held)
GAINED: dict[str, tuple[str, ...]] = {"claims": ("role", "as_of", "event_start", "claimant_id")}
LOST: dict[str, dict[str, object]] = {"events": {"fatalities": 7}}


def _as_stored_by_0001(layer: str, span: Span) -> dict[str, object]:
    fields = {k: v for k, v in span_fields(span).items() if k not in GAINED.get(layer, ())}
    return {**fields, **LOST.get(layer, {})}


def _as_migrated(layer: str, span: Span) -> Span:
    """What a 0001 span becomes: the fields gained since at their defaults."""
    defaults: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(span) if f.name in GAINED.get(layer, ())}
    return dataclasses.replace(span, **defaults)


def _old_store(path: Path, outcomes: list[Outcome], records: list[dict[str, object]]) -> None:
    """What tabayyun wrote before 0002: the 0001 script, then rows as its ``save`` made them."""
    script = resources.files("tabayyun.store").joinpath("migrations", "sqlite", "0001_initial.sql").read_text("utf-8")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, "
                 "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))")
    conn.executescript(script)
    conn.execute("INSERT INTO migrations(name) VALUES ('0001_initial.sql')")
    for outcome in outcomes:
        doc = outcome.analyzed.document
        conn.execute(
            "INSERT INTO documents(doc_id, content_hash, outlet, published, url, title, text, source_path,"
            " encoding, body_end, skipped) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (doc.doc_id, doc.content_hash, doc.outlet, doc.published.isoformat() if doc.published else None,
             doc.url, doc.title, doc.text, doc.source_path, doc.encoding, doc.body_end,
             json.dumps([list(r) for r in doc.skipped])))
        conn.executemany('INSERT INTO spans(doc_id, layer, start, "end", text, fields) VALUES (?,?,?,?,?,?)',
                         [(doc.doc_id, layer, s.start, s.end, s.text,
                           json.dumps(_as_stored_by_0001(layer, s), ensure_ascii=False))
                          for layer, s in outcome.analyzed.spans()])
        conn.executemany("INSERT INTO failures(doc_id, stage, error, detail) VALUES (?,?,?,?)",
                         [(f.doc_id, f.stage, f.error, f.detail) for f in outcome.failures])
    conn.executemany("INSERT INTO corpus_records(kind, data) VALUES (?, ?)",
                     [(r["type"], json.dumps(r, ensure_ascii=False)) for r in records])
    conn.commit()
    conn.close()


def test_migration_of_a_0001_store_keeps_every_document_span_failure_and_record(
        tmp_path: Path, make_unusual: Callable[..., Outcome]) -> None:
    outcomes = [make_unusual("a"), make_unusual("b/ب", make_unusual().analyzed.text + " ثانية")]
    records: list[dict[str, object]] = [{"type": "finding", "kind": "contradiction", "claims": [{"doc_id": "a"}]}, {"type": "story"}]
    path = tmp_path / "old.db"
    _old_store(path, outcomes, records)
    with open_store(path) as store:
        back = {d.document.doc_id: d for d in store.analyzed()}
        assert sorted(back) == ["a", "b/ب"]
        for outcome in outcomes:
            doc = back[outcome.analyzed.document.doc_id]
            assert doc.document == outcome.analyzed.document
            for layer in LAYER_TYPES:
                assert list(doc.layer(layer)) == [_as_migrated(layer, s) for s in outcome.analyzed.layer(layer)], layer
        assert store.failures() == [f for o in outcomes for f in o.failures]
        assert store.corpus_records() == records
        state = store.corpus_state()
        assert state.stale and state.records == 2  # old records do not say which documents they came from
        assert store.count_stale("any-fingerprint") == 2  # analysed by an unknown pipeline: refresh redoes them
        assert store.columns("spans") == []
        assert store.save(outcomes[0]) is SaveResult.UNCHANGED
    names = [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM migrations ORDER BY name")]
    assert names == ALL_MIGRATIONS


def test_migration_of_an_empty_0001_store(tmp_path: Path) -> None:
    _old_store(tmp_path / "old.db", [], [])
    with open_store(tmp_path / "old.db") as store:
        assert store.counts().documents == 0


def test_migrations_refuse_a_store_made_by_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO migrations(name) VALUES ('0099_future.sql')")
    with pytest.raises(StoreError, match="newer tabayyun"):
        open_store(path)


def test_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a tabayyun database"):
        open_store(path)


def test_store_refuses_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE documents (id INTEGER)")
    with pytest.raises(StoreError, match="not a tabayyun database"):
        open_store(path)
    assert [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")] == ["documents"]


def test_store_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


# --- a store of the previous release (SQLite 0003, PostgreSQL 0001) --------------------------

_PREVIOUS_ROWS = [
    "INSERT INTO documents(doc_id, content_hash, text, outlet, published) VALUES ('d', 'h', 'قتل 12 شخصا', 'A', "
    "'2015-05-22')",
    "INSERT INTO claims(doc_id, outlet, published, start, \"end\", text, measure, unit, low, high, approximate, "
    "subject, claimant, claimant_kind, via, \"date\", hedged, quantity_start, quantity_end) VALUES ('d', 'A', "
    "'2015-05-22', 4, 6, '12', 'killed', 'persons', 12, 12, FALSE, NULL, '', 'outlet', '[]', '2015-05-22', FALSE, "
    "4, 6)",
    "INSERT INTO events(doc_id, outlet, published, start, \"end\", text, event_type, sub_event_type, \"date\", "
    "time_precision, location, location_id, lat, lon, geo_precision, actors, actor_types, fatalities, tags, notes, "
    "support) VALUES ('d', 'A', '2015-05-22', 0, 3, 'قتل', 'Violence against civilians', 'Attack', NULL, 'day', "
    "NULL, NULL, NULL, NULL, NULL, '[]', '[]', 12, '[]', '', '[]')",
    "INSERT INTO corpus_records(kind, data) VALUES ('story', '{\"type\": \"story\", \"story_id\": \"s1\"}')",
    "UPDATE corpus_state SET documents_version = 1, records_version = 1, records = 1",
]


def _previous_release(target: str) -> None:
    """A store as the release before the cross-outlet work left it, with one document."""
    with store_before(target, "_claim_roles.sql") as (_, _, run):
        for sql in _PREVIOUS_ROWS:
            run(sql)


def test_migration_of_the_previous_release_gives_claims_their_new_fields_and_events_no_toll(
        store_target: str) -> None:
    _previous_release(store_target)
    with open_store(store_target) as store:
        [claim] = [f.span for f in store.claims()]
        assert (claim.low, claim.role, claim.as_of, claim.event_start, claim.claimant_id) == (
            12, ClaimRole.TOTAL, None, None, None)
        [event] = [f.span for f in store.events()]
        assert event.text == "قتل"
        assert "fatalities" not in store.columns("events")
        assert {"role", "as_of", "event_start", "claimant_id"} <= set(store.columns("claims"))
        # the stored records predate incidents and placements: the next run rebuilds them
        assert store.corpus_state().stale
        assert store.corpus_records() == [{"type": "story", "story_id": "s1"}]
