"""Storage: the only package that contains SQL.

``open_store(target)`` returns a ``Store``: a SQLite file for a path (the default, nothing
to start), PostgreSQL for a ``postgresql://`` URL (the ``postgres`` extra, psycopg 3).
"""

from __future__ import annotations

from pathlib import Path

from tabayyun.store.base import (
    ClaimFilter,
    CorpusChanges,
    CorpusState,
    Counts,
    DocumentSummary,
    EventFilter,
    FingerprintInfo,
    Found,
    MentionFilter,
    Page,
    SaveResult,
    SearchHit,
    SearchResult,
    Store,
    StoreError,
)
from tabayyun.store.sqlite import SQLiteStore

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_url(target: str | Path) -> bool:
    return str(target).startswith(POSTGRES_SCHEMES)


def open_store(target: str | Path) -> Store:
    """A store for a SQLite file path (``sqlite:///path`` also works) or a PostgreSQL URL."""
    text = str(target)
    if is_url(text):
        from tabayyun.store.postgres import PostgresStore

        return PostgresStore(text)
    return SQLiteStore(Path(text.removeprefix("sqlite:///")))


__all__ = [
    "ClaimFilter", "CorpusChanges", "CorpusState", "Counts", "DocumentSummary", "EventFilter", "FingerprintInfo", "Found", "MentionFilter", "Page",
    "SQLiteStore", "SaveResult", "SearchHit", "SearchResult", "Store", "StoreError", "is_url", "open_store",
]
