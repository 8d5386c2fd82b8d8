"""The Python step of SQLite migration 0002: the 0001 ``spans`` rows into the 0002 tables.

Runs inside the migration's transaction, one document at a time (memory stays flat).
Tokens are dropped (the segment stage recomputes them), sentences, quantities and times are
packed, mentions, attributions, claims and events get their own rows. Nothing else changes:
documents, failures and corpus records stay where they are.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from tabayyun.model import LAYER_TYPES, Span
from tabayyun.store.codec import pack_layer, span_from_row, span_row
from tabayyun.store.schema import PACKED, RELATIONAL, insert_sql


def move_spans(conn: sqlite3.Connection) -> None:
    has_spans = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'spans'").fetchone()
    if not has_spans:
        return
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
                conn.executemany(insert_sql(layer), [(doc_id, outlet, published, *span_row(s)) for s in layers[layer]])
    conn.execute("DELETE FROM spans")
