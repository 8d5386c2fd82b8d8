"""Where each layer is stored, the column lists the SQL is built from, and the migration files.

Three ways to keep a layer: a table with one column per field (the layers people query),
one packed row per document (the layers only the pipeline reads), or not at all (tokens,
which the segment stage recomputes from the text in milliseconds).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

from tabayyun.model import LAYER_TYPES, Attribution, Claim, Event, Mention, Span
from tabayyun.store.codec import own_fields

RELATIONAL: Mapping[str, type[Span]] = MappingProxyType({
    "mentions": Mention, "attributions": Attribution, "claims": Claim, "events": Event,
})
PACKED: tuple[str, ...] = ("sentences", "quantities", "times")
RECOMPUTED: tuple[str, ...] = ("tokens",)

if set(RELATIONAL) | set(PACKED) | set(RECOMPUTED) != set(LAYER_TYPES):
    raise RuntimeError("every layer of tabayyun.model.LAYER_TYPES needs a place in tabayyun.store.schema")

# the migration (of either backend, whatever its number) that creates the first tables of the
# cross-outlet records (store.records): the store fills them from the records stored before
# (records.FILLED_BY names the tables of each such migration)
RECORD_TABLES_MIGRATION = "_record_tables.sql"

# columns every layer table has before the span's own: the document's facts a query filters on
ROW_PREFIX = ("doc_id", "outlet", "published")


def quoted(name: str) -> str:
    return f'"{name}"'


def span_columns(layer: str) -> tuple[str, ...]:
    """The columns a layer table stores a span in, in ``codec.span_row`` order."""
    return ("start", "end", "text", *own_fields(RELATIONAL[layer]))


def column_list(names: tuple[str, ...]) -> str:
    return ", ".join(quoted(n) for n in names)


def insert_sql(layer: str, names: tuple[str, ...] | None = None) -> str:
    """The INSERT of a layer row: every column (``ROW_PREFIX`` + ``span_columns``), or ``names``."""
    names = ROW_PREFIX + span_columns(layer) if names is None else names
    return f"INSERT INTO {layer} ({column_list(names)}) VALUES ({', '.join('?' for _ in names)})"


def select_columns(layer: str) -> str:
    return column_list(ROW_PREFIX + span_columns(layer))


def migration_files(backend: str) -> list[tuple[str, str]]:
    """(name, SQL) of a backend's migrations, in name order."""
    folder = resources.files("tabayyun.store").joinpath("migrations", backend)
    return sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql"))
