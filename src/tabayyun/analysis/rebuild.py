"""A full cross-outlet rebuild of a store in two passes, so that no pass holds every text.

Text reuse needs the shingle hashes of every document and the words of the pairs it finds; the
rest of the analysis needs every document's claims, events, word vectors and scenes, and of its text
only the headline and lead (a story's title, an incident's central article). Held together, as
``corpus.analyze_corpus`` holds them, the texts and shingles of 30,000 articles are 180 MB of a
4 GB rebuild, and the word bags are dead once weighed. Here the first pass streams the arrays
of the stored features (shingles and hashed bags), weighs the bags (``vectors.WordRows``),
finds the pairs, reads the texts of the paired documents back from the store (a few at a
time) and writes the pairs to a temporary file (``spill``); the second loads the rest, each
text cut after its lead and without shingles or bags
(``runner.load_corpus`` with ``heads``). The records are those of ``analyze_corpus``, in the
same order.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from tabayyun.analysis.features import unpack_arrays
from tabayyun.analysis.reuse import iter_reuse
from tabayyun.analysis.spill import ReuseFile, ShingleFile
from tabayyun.analysis.vectors import BagRows, WordRows
from tabayyun.model import Document
from tabayyun.store.base import Store

DOCUMENTS_HELD = 256  # documents read back for their words, kept while their pairs come


M_MMAP_THRESHOLD = -3  # glibc's ``mallopt`` parameter
MMAP_FROM = 128 * 1024  # blocks from this size are mapped apart, and returned to the system when freed


def return_large_blocks() -> None:
    """Have glibc map every block of 128 KB or more apart, so that it goes back to the system
    when freed. Its threshold otherwise rises to the largest block freed so far (up to 32 MB),
    and the rebuild's short-lived arrays of a few MB then stay in the heap, unused: 100 MB more
    resident on the whole corpus. Without glibc, nothing to do."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_FROM)
    except (OSError, AttributeError):
        pass


def release_freed() -> None:
    """Give the heap's free pages back to the system (glibc's ``malloc_trim``): the first pass
    frees what it read of every document, and what is left among the vectors it keeps stays
    resident, unused, while the second pass allocates elsewhere. Without glibc, nothing to do."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@dataclass(frozen=True, slots=True)
class FirstPass:
    """What the first pass finds: the text reuse, and the word vectors of bodies and of
    headlines and leads (``corpus.analyze_items``), of the documents ``doc_ids`` in that order."""

    doc_ids: list[str]
    reuse: ReuseFile
    bodies: WordRows
    leads: WordRows


def first_pass(store: Store) -> FirstPass | None:
    """Text reuse and word vectors of every stored document, from the arrays of its stored
    features (None: a document stored without features, or with features of an older form:
    ``runner.load_corpus`` computes them). The bags are held as flat arrays (``vectors.BagRows``)
    and freed once weighed, before the pairs are compared; the shingle hashes wait on disk
    (``spill.ShingleFile``), read back a range of hashes at a time. What the pass freed goes back
    to the system before the second pass (``release_freed``)."""
    ids: list[str] = []
    shingles = ShingleFile()
    bodies, leads = BagRows(), BagRows()
    try:
        for doc_id, _, packed in store.shingle_packs():
            arrays = unpack_arrays(packed) if packed is not None else None
            if arrays is None:
                return None
            ids.append(doc_id)
            shingles.add(arrays.shingles)
            bodies.add(arrays.body_ids, arrays.body_counts)
            leads.add(arrays.lead_ids, arrays.lead_counts)
        body_rows, lead_rows = WordRows.tfidf(bodies, spill=True), WordRows.tfidf(leads, spill=True)
        bodies.close()
        leads.close()
        del bodies, leads
        reuse = ReuseFile(iter_reuse(_StoredDocuments(store, ids), hashes=shingles))
    finally:
        shingles.close()
    # the words read back for the pairs were garbage in cycles, left for the collector's rare full
    # passes (23 MB on 7,670 articles): collected now, before the heap goes back to the system
    gc.collect()
    release_freed()
    return FirstPass(ids, reuse, body_rows, lead_rows)


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
