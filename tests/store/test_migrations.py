"""SQLite stores made by the 0001 schema (documents + generic ``spans`` JSON rows) migrate
without losing anything; broken or foreign files are refused with what to do."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from tabayyun.model import LAYER_TYPES
from tabayyun.pipeline import Outcome
from tabayyun.store import SaveResult, StoreError, open_store
from tabayyun.store.codec import span_fields

ALL_MIGRATIONS = ["0001_initial.sql", "0002_relational.sql", "0003_drop_spans.sql"]


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
                         [(doc.doc_id, layer, s.start, s.end, s.text, json.dumps(span_fields(s), ensure_ascii=False))
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
                assert doc.layer(layer) == outcome.analyzed.layer(layer), layer
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
