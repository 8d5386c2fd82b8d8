from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tabayyun.model import AnalyzedDoc, Claim, Document, Precision, SourceKind, TimeExpr, make_span
from tabayyun.pipeline import Outcome, StageFailure
from tabayyun.store import SaveResult, StoreError, open_store

TEXT = "قال مصدر أمني إن 12 شخصاً قتلوا أمس في بلدة الوادي."


def _outcome(text: str = TEXT, doc_id: str = "d1") -> Outcome:
    doc = AnalyzedDoc(Document(doc_id, text, outlet="Al-Sharq", published=date(2024, 3, 10)))
    i = text.index("12")
    claim = make_span(Claim, text, i, i + 13, measure="killed", low=12, high=12, claimant="مصدر أمني",
                      claimant_kind=SourceKind.ANONYMOUS, via=("الشرق",), date=date(2024, 3, 9))
    j = text.index("أمس")
    when = make_span(TimeExpr, text, j, j + 3, value=date(2024, 3, 9), precision=Precision.DAY)
    doc = doc.with_layer("claims", [claim]).with_layer("times", [when])
    return Outcome(doc, (StageFailure(doc_id, "events", "ValueError: boom"),))


def test_store_round_trips_spans_with_dates_enums_and_tuples(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        assert store.save(_outcome()) is SaveResult.ADDED
        [doc] = list(store.analyzed())
    [claim] = doc.layer("claims")
    assert claim == _outcome().analyzed.layer("claims")[0]
    assert claim.claimant_kind is SourceKind.ANONYMOUS
    assert doc.layer("times")[0].precision is Precision.DAY
    assert doc.document.published == date(2024, 3, 10)


def test_store_same_text_twice_is_one_document(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        store.save(_outcome())
        assert store.save(_outcome(doc_id="copy-under-another-name")) is SaveResult.UNCHANGED
        assert store.counts().documents == 1
        assert store.counts().spans == {"claims": 1, "times": 1}


def test_store_new_text_under_same_id_replaces_old_version(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        store.save(_outcome())
        assert store.save(_outcome(TEXT + " وأضاف المصدر.")) is SaveResult.UPDATED
        assert store.counts().documents == 1
        assert len(store.failures()) == 1


class _FailingSpans:
    """A connection stand-in that breaks while the spans of a document are inserted."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)

    def __enter__(self) -> sqlite3.Connection:
        return self._conn.__enter__()

    def __exit__(self, *exc: object) -> object:
        return self._conn.__exit__(*exc)  # type: ignore[arg-type]

    def executemany(self, sql: str, rows: object) -> object:
        if "INSERT INTO spans" in sql:
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        return self._conn.executemany(sql, rows)  # type: ignore[arg-type]


def test_store_failed_save_leaves_nothing_half_stored(tmp_path: Path) -> None:
    store = open_store(tmp_path / "t.db")
    real = store.conn
    store.conn = _FailingSpans(real)  # type: ignore[assignment]
    with pytest.raises(sqlite3.OperationalError):
        store.save(_outcome())
    store.conn = real
    assert store.counts().documents == 0
    assert store.counts().spans == {}
    assert store.save(_outcome()) is SaveResult.ADDED
    store.close()


def test_store_records_migrations_once(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with open_store(path) as store:
        assert store.migrate() == []
    names = [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM migrations")]
    assert names == ["0001_initial.sql"]


def test_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a tabayyun database"):
        open_store(path)


def test_store_corpus_records_are_replaced_not_appended(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        store.replace_corpus_records([{"type": "finding", "kind": "contradiction"}])
        store.replace_corpus_records([{"type": "reuse", "doc_ids": ["a", "b"]}])
        assert store.corpus_records() == [{"type": "reuse", "doc_ids": ["a", "b"]}]
        assert store.corpus_records("finding") == []
