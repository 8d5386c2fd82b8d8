"""The SQLite store: one file, many writer processes (WAL, a busy timeout, every write under
``BEGIN IMMEDIATE``), named migrations applied under the same lock."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from tabayyun.model import Document
from tabayyun.store.base import StoreError
from tabayyun.store.legacy import move_spans
from tabayyun.store.schema import migration_files
from tabayyun.store.sql import SQLStore
from tabayyun.text.search import search_form

T = TypeVar("T")

# how long a writer waits for another one before giving up (seconds)
BUSY_TIMEOUT = 120.0

# the migration that empties the 0001 spans table (91 % of an old store was token rows)
RECLAIMING = "0003_drop_spans.sql"

# Python steps run after a migration's SQL, in the same transaction
def fill_search_index(conn: sqlite3.Connection) -> None:
    """The Python step of 0010: the search form of every document stored before."""
    for doc_id, text in conn.execute("SELECT doc_id, text FROM documents ORDER BY doc_id").fetchall():
        conn.execute("INSERT INTO documents_search(doc_id, body) VALUES (?, ?)", (doc_id, search_form(text)))


PYTHON_STEPS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "0002_relational.sql": move_spans, "0010_search.sql": fill_search_index}
# queries shorter than a trigram cannot use the index's MATCH: they are matched with LIKE
TRIGRAM = 3


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script, split where SQLite says a statement is complete."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buffer.splitlines()):
        raise StoreError(f"a migration ends in an incomplete statement: {buffer.strip()[:80]!r}")


class SQLiteStore(SQLStore):
    def __init__(self, path: Path, timeout: float = BUSY_TIMEOUT) -> None:
        self.path = path
        if path.exists() and path.is_dir():
            raise StoreError(f"{path} is a folder; give --db a file name such as tabayyun.db")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.timeout = timeout
        try:
            # isolation_level=None: transactions are ours (BEGIN IMMEDIATE), not the module's
            self.conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {path} ({exc}); check the path and its permissions") from exc
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._wal()
            self.conn.execute("PRAGMA foreign_keys = ON")
            # with WAL, NORMAL survives a killed process (not a power cut) and spares an fsync per commit
            self.conn.execute("PRAGMA synchronous = NORMAL")
            if RECLAIMING in self.migrate():
                self._reclaim()
        except sqlite3.OperationalError as exc:
            self.conn.close()
            raise StoreError(f"cannot use {path} ({exc}); another process may be holding it") from exc
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{path} is not a tabayyun database ({exc}); choose another --db file") from exc
        except StoreError:
            self.conn.close()
            raise

    def _wal(self) -> None:
        """Switch to WAL; on a new file several openers may race for it, so retry while busy."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _reclaim(self) -> None:
        """Give the space of the dropped 0001 spans back to the file system, once, after the upgrade."""
        free = self.conn.execute("PRAGMA freelist_count").fetchone()[0]
        if free:
            # another process reading makes VACUUM fail: the free pages are then reused by later writes
            with contextlib.suppress(sqlite3.OperationalError):
                self.conn.execute("VACUUM")

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def target(self) -> str | None:
        return None if str(self.path) in (":memory:", "") else str(self.path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    # --- connection -------------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def _rows(self, sql: str, params: Sequence[Any] = (), stream: bool = False) -> Iterator[Sequence[Any]]:
        cursor = self.conn.execute(sql, params)
        if not stream:
            return iter(cursor.fetchall())
        cursor.arraysize = 500
        return iter(cursor)

    def _transact(self, lock_keys: Collection[str], work: Callable[[], T]) -> T:
        # IMMEDIATE takes the write lock now (waiting up to the busy timeout): a deferred
        # transaction that reads first and then writes can fail with "database is locked"
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path} stayed locked by another writer for {self.timeout:.0f} s ({exc})") from exc
        try:
            result = work()
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"could not commit to {self.path} ({exc})") from exc
        return result

    # --- search index -----------------------------------------------------------------
    def _index_document(self, doc: Document) -> None:
        self.conn.execute("INSERT INTO documents_search(doc_id, body) VALUES (?, ?)", (doc.doc_id, search_form(doc.text)))

    def _unindex_document(self, doc_id: str) -> None:
        self.conn.execute("DELETE FROM documents_search WHERE doc_id = ?", (doc_id,))

    def _search_candidates(self, wanted: str) -> list[str] | None:
        if len(wanted) >= TRIGRAM:
            phrase = '"' + wanted.replace('"', '""') + '"'
            rows = self.conn.execute("SELECT doc_id FROM documents_search WHERE body MATCH ? ORDER BY rank, doc_id",
                                     (phrase,))
        else:
            pattern = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self.conn.execute("SELECT doc_id FROM documents_search WHERE body LIKE ? ESCAPE '\\' "
                                     "ORDER BY doc_id", (pattern,))
        return [r[0] for r in rows]

    def columns(self, table: str) -> list[str]:
        """The columns of a table, in order (what datasette and pandas users see)."""
        return [r[1] for r in self.conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]

    # --- migrations -------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the named migrations not yet applied, all in one transaction under the write
        lock, so that two processes opening a new file never both create the schema. An
        up-to-date store is only read (a reader never waits for the write lock)."""
        if self._up_to_date():
            return []
        return self._transact((), self._apply_migrations)

    def _up_to_date(self) -> bool:
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone():
            return False
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        return done == {name for name, _ in migration_files("sqlite")}

    def _apply_migrations(self) -> list[str]:
        had_table = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'migrations'").fetchone()
        if not had_table:
            others = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            if others:
                raise StoreError(f"{self.path} is not a tabayyun database (it has tables but no migrations: "
                                 f"{', '.join(r[0] for r in others[:5])}); choose another --db file")
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, "
                          "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))")
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        files = migration_files("sqlite")
        unknown = done - {name for name, _ in files}
        if unknown:
            raise StoreError(f"{self.path} was made by a newer tabayyun (migrations {', '.join(sorted(unknown))}); "
                             "upgrade tabayyun to use it")
        applied = []
        for name, script in files:
            if name in done:
                continue
            for statement in _statements(script):
                self.conn.execute(statement)
            step = PYTHON_STEPS.get(name)
            if step:
                step(self.conn)
            self._fill_record_tables(name)  # a migration that creates record tables fills them
            self.conn.execute("INSERT INTO migrations(name) VALUES (?)", (name,))
            applied.append(name)
        return applied
