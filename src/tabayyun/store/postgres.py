"""The PostgreSQL store (psycopg 3, the optional ``postgres`` extra): the same tables and
queries as SQLite, for teams whose analysts write to one database at once.

Writers lock what they touch with transaction-level advisory locks taken in a fixed order
(the document ids and content hashes of a batch), so two writers never deadlock on the same
documents; the migrations run under an advisory lock of their own.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from tabayyun.model import Document
from tabayyun.store.base import StoreError
from tabayyun.store.schema import migration_files
from tabayyun.store.sql import SQLStore

if TYPE_CHECKING:
    import psycopg

T = TypeVar("T")

ATTEMPTS = 5  # a batch that meets a deadlock or a serialization failure is retried this often
_names = itertools.count(1)


def lock_key(text: str) -> int:
    """A signed 64-bit advisory-lock key for a document id or a content hash."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresStore(SQLStore):
    NO_LIMIT = "LIMIT ALL"

    def __init__(self, url: str, connect_timeout: int = 10) -> None:
        try:
            import psycopg
        except ModuleNotFoundError as exc:
            raise StoreError("a postgresql:// database needs psycopg: pip install 'tabayyun[postgres]'") from exc
        self.url = url
        self._psycopg = psycopg
        self._sql: dict[str, str] = {}
        try:
            self.conn: psycopg.Connection[Any] = psycopg.connect(url, autocommit=True,
                                                                 connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self.location} ({str(exc).strip()}); is the server running and "
                             "the URL right (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)?") from exc
        try:
            self.migrate()
        except BaseException:
            self.conn.close()
            raise

    @property
    def location(self) -> str:
        return safe_url(self.url)

    @property
    def target(self) -> str | None:
        return self.url

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def refusal(self, document: Document) -> str | None:
        problem = super().refusal(document)
        if problem:
            return problem
        for value in (document.doc_id, document.text, document.outlet, document.url, document.title,
                      document.source_path, document.encoding):
            if value is not None and "\x00" in value:
                return "a text field holds a NUL character, which PostgreSQL cannot store; remove it from the input"
        return None

    # --- connection -------------------------------------------------------------------
    def _q(self, sql: str) -> str:
        translated = self._sql.get(sql)
        if translated is None:
            translated = self._sql[sql] = sql.replace("%", "%%").replace("?", "%s")
        return translated

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.conn.execute(self._q(sql), params)
        except self._psycopg.errors.UndefinedTable as exc:
            raise StoreError(f"{self.location} lacks a tabayyun table ({str(exc).strip()})") from exc

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = list(rows)
        if batch:
            with self.conn.cursor() as cursor:
                cursor.executemany(self._q(sql), batch)

    def _rows(self, sql: str, params: Sequence[Any] = (), stream: bool = False) -> Iterator[Sequence[Any]]:
        if not stream:
            return iter(self.conn.execute(self._q(sql), params).fetchall())
        return self._stream(self._q(sql), params)

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Sequence[Any]]:
        # a server-side cursor, so that an export of every row holds a page in memory, not the
        # table. WITH HOLD: it lives outside a transaction (the server keeps its rows), so several
        # streams can be read at once, in any order (an export merges the events and the claims
        # of each article); a transaction per stream would have to end in the order it began
        with self.conn.cursor(name=f"tabayyun_{next(_names)}", withhold=True) as cursor:
            cursor.itersize = 2000
            cursor.execute(sql, params)
            yield from cursor

    def _transact(self, lock_keys: Collection[str], work: Callable[[], T]) -> T:
        errors = self._psycopg.errors
        keys = sorted({lock_key(k) for k in lock_keys})
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.conn.transaction():
                    for key in keys:  # one order for every writer: no deadlock between advisory locks
                        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))
                    return work()
            except (errors.DeadlockDetected, errors.SerializationFailure) as exc:
                if attempt == ATTEMPTS:
                    raise StoreError(f"{self.location}: a write kept conflicting with other writers ({exc})") from exc
                time.sleep(random.uniform(0.01, 0.1) * attempt)
            except self._psycopg.Error as exc:
                raise StoreError(f"{self.location}: {type(exc).__name__}: {str(exc).strip()}") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _ids_given(self, table: str) -> None:
        # the id sequence goes on after the ids given, so that a row inserted without one never collides
        self._execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                      f"(SELECT GREATEST(COALESCE(MAX(id), 0), 1) FROM {table}))")

    def columns(self, table: str) -> list[str]:
        """The columns of a table, in order (what SQL and pandas users see)."""
        rows = self.conn.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                 "current_schema() AND table_name = %s ORDER BY ordinal_position", (table,))
        return [r[0] for r in rows]

    # --- migrations -------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, under an advisory lock; an up-to-date store is only read."""
        if self._up_to_date():
            return []
        return self._transact((), self._apply_migrations)

    def _up_to_date(self) -> bool:
        exists = self.conn.execute("SELECT to_regclass('migrations')").fetchone()
        if not exists or exists[0] is None:
            return False
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations").fetchall()}
        return done == {name for name, _ in migration_files("postgresql")}

    def _apply_migrations(self) -> list[str]:
        # concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL: lock first
        self.conn.execute("SELECT pg_advisory_xact_lock(hashtext('tabayyun-migrations:' || current_schema()))")
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, "
                          "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations").fetchall()}
        files = migration_files("postgresql")
        unknown = done - {name for name, _ in files}
        if unknown:
            raise StoreError(f"{self.location} was made by a newer tabayyun (migrations {', '.join(sorted(unknown))}); "
                             "upgrade tabayyun to use it")
        applied = []
        for name, script in files:
            if name in done:
                continue
            self.conn.execute(script.encode("utf-8"))
            self._fill_record_tables(name)  # a migration that creates record tables fills them
            self.conn.execute("INSERT INTO migrations(name) VALUES (%s)", (name,))
            applied.append(name)
        return applied
