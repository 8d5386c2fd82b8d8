"""Documents with unusual values on every attribute of every span type (spaCy DocBin tests' way).

The values are chosen by each field's type, so a field added to ``tabayyun.model`` is covered
the day it is added; a type the generator does not know fails here, not silently.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import Enum
from typing import Any

import pytest

from tabayyun.model import LAYER_TYPES, AnalyzedDoc, Document, Span
from tabayyun.pipeline import Outcome, StageFailure
from tabayyun.stages.segment import segment
from tabayyun.store.schema import migration_files

TEXT = ("قال مصدر أمني إن 12 شخصاً قتلوا أمس في بلدة الوادي، وأضاف: «الحصيلة قد ترتفع».\n"
        "'); DROP TABLE claims;-- %s ? \u200f😀 تُوُفِّيَ ٣ آخرون\n")

STRINGS = ["", "الوادي", "'); DROP TABLE claims;--", 'quote " and \\ backslash', "%s %(x)s ?", "\u200f\u202eRTL",
           "😀 emoji", "line\nbreak\ttab", "ـــ تطويل", "a" * 500]
FLOATS = [1e308, -0.5, 0.0, 3.141592653589793, 123456789.125, 5e-324]
INTS = [0, 1, 2_147_483_000, 7]
DATES = [date(1, 1, 1), date(9999, 12, 31), date(2024, 2, 29), date(1970, 1, 1)]


def _value(hint: Any, i: int) -> Any:
    """The i-th unusual value of a type; odd i gives None to optional fields."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return None if i % 2 else _value(args[0], i // 2)
    if origin is tuple:
        parts = typing.get_args(hint)
        if len(parts) == 2 and parts[1] is Ellipsis:
            return tuple(_value(parts[0], i + k) for k in range(i % 4))
        return tuple(_value(a, i + k) for k, a in enumerate(parts))
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            members = list(hint)
            return members[i % len(members)]
        if hint is bool:
            return i % 2 == 0
        if hint is int:
            return INTS[i % len(INTS)]
        if hint is float:
            return FLOATS[i % len(FLOATS)]
        if hint is str:
            return STRINGS[i % len(STRINGS)]
        if hint is date:
            return DATES[i % len(DATES)]
    raise TypeError(f"the round-trip test does not know how to vary {hint!r}: teach tests/store/conftest.py")


def unusual_spans(cls: type[Span], text: str, n: int = 6) -> list[Span]:
    hints = typing.get_type_hints(cls)
    spans = []
    for i in range(n):
        start = (i * 7) % (len(text) - 10)
        end = start + 1 + i % 9
        fields = {f.name: _value(hints[f.name], i + k) for k, f in enumerate(dataclasses.fields(cls))
                  if f.name not in ("start", "end", "text")}
        # the last span's text is not text[start:end]: the store must keep it anyway
        surface = "نص لا يطابق" if i == n - 1 else text[start:end]
        spans.append(cls(start=start, end=end, text=surface, **fields))
    return spans


def unusual_document(doc_id: str = "وثيقة/1 'x'", text: str = TEXT) -> Document:
    return Document(doc_id=doc_id, text=text, outlet="«الوادي» '; --", published=date(1, 1, 1),
                    url="https://example.org/?q='x'&%s", title="عنوان\nبسطرين", source_path="/tmp/a b/ج.txt",
                    encoding="windows-1256", body_end=len(text) - 3, skipped=((0, 3), (10, 12)))


def unusual_outcome(doc_id: str = "وثيقة/1 'x'", text: str = TEXT) -> Outcome:
    doc = AnalyzedDoc(unusual_document(doc_id, text))
    for layer, cls in LAYER_TYPES.items():
        if layer == "tokens":  # not stored: the segment stage recomputes them
            doc = doc.with_layer(layer, segment(AnalyzedDoc(doc.document)).layer("tokens"))
        else:
            doc = doc.with_layer(layer, unusual_spans(cls, text))
    failure = StageFailure(doc_id, "events", "ValueError: ' OR 1=1 --", "Traceback…\n%s")
    return Outcome(doc, (failure,))


@pytest.fixture
def make_unusual() -> Callable[..., Outcome]:
    return unusual_outcome


Run = Callable[..., None]  # run(sql, params=None): SQL written with ? marks, on either backend


@contextmanager
def store_before(target: str, migration: str) -> Iterator[tuple[str, list[tuple[str, str]], Run]]:
    """A store as the release before ``migration`` (a file name's ending) left it: the migrations
    before it applied and recorded. Yields (backend, those migrations, run) so that the test adds
    the rows that release would have written; committed on leaving."""
    backend = "postgresql" if target.startswith("postgresql") else "sqlite"
    files = migration_files(backend)
    previous = files[:next(i for i, (name, _) in enumerate(files) if name.endswith(migration))]
    if backend == "sqlite":
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')")
        for name, script in previous:
            conn.executescript(script)
            conn.execute("INSERT INTO migrations(name) VALUES (?)", (name,))

        def run_sqlite(sql: str, params: Sequence[Any] | None = None) -> None:
            conn.execute(sql, params or ())

        try:
            yield backend, previous, run_sqlite
            conn.commit()
        finally:
            conn.close()
        return
    import psycopg

    with psycopg.connect(target, autocommit=True) as pg:
        pg.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        for name, script in previous:
            pg.execute(script.encode("utf-8"))
            pg.execute("INSERT INTO migrations(name) VALUES (%s)", (name,))

        def run_postgres(sql: str, params: Sequence[Any] | None = None) -> None:
            # psycopg reads % marks only when parameters are given
            pg.execute(sql.replace("?", "%s").encode("utf-8") if params is not None else sql.encode("utf-8"),
                       params)

        yield backend, previous, run_postgres
