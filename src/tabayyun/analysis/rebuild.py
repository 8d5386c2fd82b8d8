"""A full cross-outlet rebuild of a store in two passes, so that no pass holds every text.

Text reuse needs the shingle hashes of every document and the words of the pairs it finds; the
rest of the analysis needs every document's claims, events, bags and scenes, and of its text
only the headline and lead (a story's title, an incident's central article). Held together, as
``corpus.analyze_corpus`` holds them, the texts and shingles of 30,000 articles are 180 MB of a
4 GB rebuild. Here the first pass streams the shingles alone, finds the pairs, reads the texts
of the paired documents back from the store (a few at a time) and writes the pairs to a
temporary file (``spill``); the second loads the rest, each text cut after its lead
(``runner.load_corpus`` with ``heads``). The records are those of ``analyze_corpus``, in the
same order.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from tabayyun.analysis.features import unpack_arrays
from tabayyun.analysis.reuse import iter_reuse
from tabayyun.analysis.spill import ReuseFile
from tabayyun.model import Document
from tabayyun.store.base import Store

DOCUMENTS_HELD = 256  # documents read back for their words, kept while their pairs come


def stored_reuse(store: Store) -> ReuseFile | None:
    """The text reuse of every stored document, from its stored shingles (None: a document
    stored without features, or with features of an older form: ``load_corpus`` computes them)."""
    ids: list[str] = []
    hashes: list[np.ndarray] = []
    for doc_id, _, packed in store.shingle_packs():
        arrays = unpack_arrays(packed) if packed is not None else None
        if arrays is None:
            return None
        ids.append(doc_id)
        hashes.append(arrays.shingles)
    return ReuseFile(iter_reuse(_StoredDocuments(store, ids), hashes=hashes))


class _StoredDocuments(Sequence[Document]):
    """The stored documents, by position in doc_id order, read back when asked for (the pairs
    come sorted: the first document of many pairs in a row, the second anywhere)."""

    def __init__(self, store: Store, ids: Sequence[str]) -> None:
        self.store, self.ids = store, ids
        self.held: OrderedDict[int, Document] = OrderedDict()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, k: int) -> Document:  # type: ignore[override]
        found = self.held.get(k)
        if found is None:
            found = self.store.document(self.ids[k])
            if found is None:
                raise KeyError(f"{self.ids[k]}: no longer stored")
            self.held[k] = found
            if len(self.held) > DOCUMENTS_HELD:
                self.held.popitem(last=False)
        else:
            self.held.move_to_end(k)
        return found
