"""A digest of what a store holds, part by part, to tell whether two stores hold the same
analysis (a resumed run against a clean one, PostgreSQL against SQLite). Timestamps and row
ids are left out; everything a reader sees is in.

Cross-outlet records are compared as multisets, lists inside them too: the order of the
records and of the lists in them is the analysis's business, not the store's (the findings
once ordered tied claims by set iteration, which on Python 3.11 follows ``hash(None)`` and
differs between processes)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from tabayyun.model import LAYER_TYPES
from tabayyun.store.base import Store


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def content_digest(store: Store) -> dict[str, str]:
    """sha256 per part: documents, each layer, failures, cross-outlet records and their state."""
    parts = {name: hashlib.sha256() for name in ("documents", *LAYER_TYPES, "failures", "corpus_records")}
    for doc in store.analyzed():
        parts["documents"].update(repr(doc.document).encode("utf-8", "surrogatepass"))
        for layer in LAYER_TYPES:
            parts[layer].update(f"{doc.document.doc_id}\x1f{doc.layer(layer)!r}\x1e".encode("utf-8", "surrogatepass"))
    for failure in sorted(store.failures(), key=lambda f: (f.doc_id, f.stage, f.error)):
        parts["failures"].update(repr((failure.doc_id, failure.stage, failure.error)).encode("utf-8", "surrogatepass"))
    records = sorted(json.dumps(_canonical(r), ensure_ascii=False, sort_keys=True)
                     for r in store.stream_corpus_records())
    for record in records:
        parts["corpus_records"].update(record.encode("utf-8", "surrogatepass") + b"\n")
    digest = {name: h.hexdigest()[:16] for name, h in parts.items()}
    state = store.corpus_state()
    digest["corpus_state"] = "stale" if state.stale else f"fresh:{state.records}"
    return digest
