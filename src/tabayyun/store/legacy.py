"""The Python step of SQLite migration 0002: the 0001 ``spans`` rows into the 0002 tables.

Runs inside the migration's transaction, one document at a time (memory stays flat).
Tokens are dropped (the segment stage recomputes them), sentences, quantities and times are
packed, mentions, attributions, claims and events get their own rows, in the columns the 0002
tables have (fields the span types gained later get theirs from later migrations). Nothing else
changes: documents, failures and corpus records stay where they are.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any

from tabayyun.model import LAYER_TYPES, Span
from tabayyun.store.codec import pack_layer, span_from_row, span_row
from tabayyun.store.schema import PACKED, RELATIONAL, ROW_PREFIX, insert_sql, span_columns


def move_spans(conn: sqlite3.Connection) -> None:
    has_spans = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'spans'").fetchone()
    if not has_spans:
        return
    present = _present(conn)
    documents = conn.execute("SELECT doc_id, outlet, published, text FROM documents ORDER BY doc_id").fetchall()
    for doc_id, outlet, published, text in documents:
        layers: dict[str, list[Span]] = defaultdict(list)
        rows = conn.execute('SELECT layer, start, "end", text, fields FROM spans WHERE doc_id = ? ORDER BY id',
                            (doc_id,))
        for layer, start, end, surface, fields in rows:
            if layer in LAYER_TYPES and layer in (*PACKED, *RELATIONAL):
                layers[layer].append(span_from_row(layer, start, end, surface, json.loads(fields)))
        # the 0001 store kept spans in the order the layer had them: sorted by (start, end)
        conn.executemany("INSERT INTO packed_layers(doc_id, layer, spans, data) VALUES (?, ?, ?, ?)",
                         [(doc_id, layer, len(layers[layer]), pack_layer(layer, layers[layer], text))
                          for layer in PACKED if layer in layers])
        for layer in RELATIONAL:
            if layers.get(layer):
                conn.executemany(insert_sql(layer, present[layer]),
                                 [_pick(present[layer], layer, (doc_id, outlet, published, *span_row(s)))
                                  for s in layers[layer]])
    conn.execute("DELETE FROM spans")


def _present(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """The columns of each layer table as this migration made them, in ``insert_sql`` order: the
    span types have gained fields since, which later migrations add columns for (with the
    defaults a 0001 span had)."""
    present = {}
    for layer in RELATIONAL:
        columns = {r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (layer,))}
        present[layer] = tuple(n for n in ROW_PREFIX + span_columns(layer) if n in columns)
    return present


def _pick(names: tuple[str, ...], layer: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    values = dict(zip(ROW_PREFIX + span_columns(layer), row, strict=True))
    return tuple(values[n] for n in names)
