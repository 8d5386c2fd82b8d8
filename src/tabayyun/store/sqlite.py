"""The SQLite store: named migrations, one transaction per document, idempotent ingest."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from tabayyun.model import LAYER_TYPES, AnalyzedDoc, Document
from tabayyun.pipeline import Outcome, StageFailure
from tabayyun.store.codec import document_from_row, span_fields, span_from_row


class StoreError(RuntimeError):
    """The database cannot be used as asked."""


class SaveResult(StrEnum):
    ADDED = "added"
    UNCHANGED = "unchanged"  # the same text was stored before (under any doc_id)
    UPDATED = "updated"  # the doc_id existed with another text: the new version replaces it


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    spans: dict[str, int]
    failures: int


def _migrations() -> list[tuple[str, str]]:
    folder = resources.files("tabayyun.store").joinpath("migrations")
    found = sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql"))
    return found


class SQLiteStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists() and path.is_dir():
            raise StoreError(f"{path} is a folder; give --db a file name such as tabayyun.db")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(path))
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.row_factory = sqlite3.Row
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a tabayyun database ({exc}); choose another --db file") from exc

    # --- life cycle ---------------------------------------------------------------
    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def migrate(self) -> list[str]:
        """Apply the named migrations not yet applied, each in its own transaction."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, "
                          "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))")
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in _migrations():
            if name in done:
                continue
            with self.conn:
                self.conn.executescript("BEGIN;" + sql + f"\nINSERT INTO migrations(name) VALUES ('{name}');COMMIT;")
            applied.append(name)
        return applied

    # --- documents ------------------------------------------------------------------
    def status_of(self, document: Document) -> SaveResult:
        """What saving this document would do, without analysing it first."""
        row = self.conn.execute("SELECT doc_id FROM documents WHERE content_hash = ?",
                                (document.content_hash,)).fetchone()
        if row is not None:
            return SaveResult.UNCHANGED
        exists = self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (document.doc_id,)).fetchone()
        return SaveResult.UPDATED if exists else SaveResult.ADDED

    def save(self, outcome: Outcome) -> SaveResult:
        """Store a document with all its layers and failures in one transaction."""
        doc = outcome.analyzed.document
        status = self.status_of(doc)
        if status is SaveResult.UNCHANGED:
            return status
        span_rows = [
            (doc.doc_id, layer, span.start, span.end, span.text, json.dumps(span_fields(span), ensure_ascii=False))
            for layer, span in outcome.analyzed.spans()
        ]
        with self.conn:
            if status is SaveResult.UPDATED:
                self.conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,))
                self.conn.execute("DELETE FROM failures WHERE doc_id = ?", (doc.doc_id,))
            self.conn.execute(
                "INSERT INTO documents(doc_id, content_hash, outlet, published, url, title, text, source_path,"
                " encoding, body_end, skipped) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (doc.doc_id, doc.content_hash, doc.outlet, doc.published.isoformat() if doc.published else None,
                 doc.url, doc.title, doc.text, doc.source_path, doc.encoding, doc.body_end,
                 json.dumps([list(r) for r in doc.skipped])))
            self.conn.executemany('INSERT INTO spans(doc_id, layer, start, "end", text, fields) VALUES (?,?,?,?,?,?)',
                                  span_rows)
            self.conn.executemany("INSERT INTO failures(doc_id, stage, error, detail) VALUES (?,?,?,?)",
                                  [(f.doc_id, f.stage, f.error, f.detail) for f in outcome.failures])
        return status

    def documents(self) -> list[Document]:
        rows = self.conn.execute("SELECT * FROM documents ORDER BY doc_id").fetchall()
        return [document_from_row(dict(r)) for r in rows]

    def analyzed(self) -> Iterator[AnalyzedDoc]:
        """Every stored document with its layers, rebuilt as frozen spans."""
        for doc in self.documents():
            layers: dict[str, list[Any]] = {}
            rows = self.conn.execute('SELECT layer, start, "end", text, fields FROM spans WHERE doc_id = ? '
                                     'ORDER BY id', (doc.doc_id,))
            for layer, start, end, text, fields in rows:
                if layer in LAYER_TYPES:
                    layers.setdefault(layer, []).append(span_from_row(layer, start, end, text, json.loads(fields)))
            analyzed = AnalyzedDoc(doc)
            for layer, spans in layers.items():
                analyzed = analyzed.with_layer(layer, spans)
            yield analyzed

    def failures(self) -> list[StageFailure]:
        rows = self.conn.execute("SELECT doc_id, stage, error, detail FROM failures ORDER BY id").fetchall()
        return [StageFailure(r["doc_id"], r["stage"], r["error"], r["detail"] or "") for r in rows]

    def counts(self) -> Counts:
        documents = self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        spans = dict(self.conn.execute("SELECT layer, COUNT(*) FROM spans GROUP BY layer").fetchall())
        failures = self.conn.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
        return Counts(documents, spans, failures)

    # --- corpus-level records ---------------------------------------------------------
    def replace_corpus_records(self, records: Iterable[dict[str, Any]]) -> None:
        rows = [(r.get("type", "record"), json.dumps(r, ensure_ascii=False)) for r in records]
        with self.conn:
            self.conn.execute("DELETE FROM corpus_records")
            self.conn.executemany("INSERT INTO corpus_records(kind, data) VALUES (?, ?)", rows)

    def corpus_records(self, kind: str | None = None) -> list[dict[str, Any]]:
        if kind is None:
            rows = self.conn.execute("SELECT data FROM corpus_records ORDER BY id").fetchall()
        else:
            rows = self.conn.execute("SELECT data FROM corpus_records WHERE kind = ? ORDER BY id", (kind,)).fetchall()
        return [json.loads(r[0]) for r in rows]
