"""Storage: the only package that contains SQL. SQLite is the embedded default.

``open_store(url)`` returns a Store for a path or a URL; a PostgreSQL backend can be added
behind the same methods (``postgresql://…``) without touching the callers.
"""

from __future__ import annotations

from pathlib import Path

from tabayyun.store.sqlite import SaveResult, SQLiteStore, StoreError

Store = SQLiteStore


def open_store(target: str | Path) -> SQLiteStore:
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL backend is not available in this version; use a SQLite file path")
    return SQLiteStore(Path(text.removeprefix("sqlite:///")))


__all__ = ["SQLiteStore", "SaveResult", "Store", "StoreError", "open_store"]
