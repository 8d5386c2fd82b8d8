"""Text reuse: near-verbatim passages that two outlets share (a wire story, a statement copied).

Word shingles of the normalised body (``normalize_key`` per word) are hashed to 64-bit
numbers, stable across processes, so that they can be stored once per document
(``analysis.features``). All the documents' hashes sorted together are an inverted index in a
few numpy arrays: the pairs that share a shingle come out of it, so that the work grows with
the number of shingles, not with the square of the corpus. A shingle found in more than
``STOCK_DOCS`` documents is a stock phrase and is ignored; the limit is fixed, so that a
passage shared by a few outlets is reuse whatever the size of the store (an incremental run
and a full one agree). Matched shingles are joined into passages whose spans index each
document's original text; the words are read again from the two texts only for the pairs found.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from tabayyun.model import AnalyzedDoc, Document, Token
from tabayyun.pipeline import outside
from tabayyun.text.normalize import normalize_key
from tabayyun.text.segment import tokenize

SHINGLE = 8  # shared consecutive normalised words for a passage to count as reused
STOCK_DOCS = 10  # a shingle in more documents than this is a stock phrase (a dateline, a sign-off)
# odd multiplier of the rolling hash that combines the word hashes of a shingle (wraps mod 2**64)
_ROLL = np.uint64(0x100000001B3)
NO_SHINGLES = np.zeros(0, dtype=np.uint64)
WORDS_HELD = 256  # documents whose words ``find_reuse`` keeps while it compares pairs
INDEX_SHINGLES = 1 << 22  # shingle hashes ``shared_pairs`` sorts at once (with owners and order: 80 MB)


@dataclass(frozen=True, slots=True)
class Passage:
    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Reuse:
    """Two documents sharing passages; ``similarity`` is the share of the shorter body reused."""

    doc_ids: tuple[str, str]
    passages: tuple[Passage, ...]
    similarity: float
    shared_words: int


def _words(doc: AnalyzedDoc | Document) -> list[Token]:
    """The body's words, as the segment stage tokenises it (tokens are not stored: recomputed)."""
    document = doc if isinstance(doc, Document) else doc.document
    end = document.extraction_end
    tokens: Sequence[Token] = (() if isinstance(doc, Document) else doc.layer("tokens")) \
        or outside(tokenize(document.text, 0, end), document.skipped)
    return [t for t in tokens if t.end <= end and (t.text[0].isalnum())]


def _keys(words: Sequence[Token]) -> list[str]:
    return [normalize_key(t.text) for t in words]


def _runs(positions: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of covered word positions, as half-open (first, last + 1)."""
    runs: list[tuple[int, int]] = []
    for p in sorted(positions):
        if runs and p == runs[-1][1]:
            runs[-1] = (runs[-1][0], p + 1)
        else:
            runs.append((p, p + 1))
    return runs


@lru_cache(maxsize=1 << 15)
def word_hash(key: str) -> int:
    """A word's 64-bit hash, the same in every process (the most recent words cached: a bounded
    cache, so that a worker's memory stays flat over any number of documents)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def shingle_hashes(doc: AnalyzedDoc | Document, shingle: int = SHINGLE) -> np.ndarray:
    """The distinct 64-bit hashes of the body's shingles, sorted (the same in every process)."""
    keys = _keys(_words(doc))
    if len(keys) < shingle:
        return NO_SHINGLES
    words = np.fromiter((word_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
    n = len(keys) - shingle + 1
    rolled = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(shingle):
            rolled = rolled * _ROLL + words[k:k + n]
    return np.unique(rolled)


def shared_pairs(hashes: Sequence[np.ndarray], stock: int | None = None,
                 among: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """The pairs (i < j) of documents sharing a shingle that no more than ``stock`` documents
    hold; with ``among``, only the pairs with at least one document of it."""
    stock = STOCK_DOCS if stock is None else stock
    sizes = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    total = int(sizes.sum())
    if total == 0:
        return set()
    wanted = None
    if among is not None:
        wanted = np.zeros(len(hashes), dtype=bool)
        wanted[list(among)] = True
    # the index is sorted a range of hash values at a time (each document's hashes are sorted:
    # a range is a slice of each), so that no more than ``INDEX_SHINGLES`` of them, with their
    # owners and sort order, are held at once whatever the size of the corpus
    bits = max(0, math.ceil(math.log2(total / INDEX_SHINGLES))) if total > INDEX_SHINGLES else 0
    edges = np.array([p << (64 - bits) for p in range(1, 1 << bits)], dtype=np.uint64)
    groups: set[tuple[int, ...]] = set()
    cuts = [np.searchsorted(h, edges) if len(h) else np.zeros(len(edges), dtype=np.int64) for h in hashes]
    for part in range(len(edges) + 1):
        groups |= _shared_groups(_range_of(hashes, cuts, part, len(edges)), stock, wanted)
    pairs: set[tuple[int, int]] = set()
    for members in groups:
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if wanted is None or wanted[i] or wanted[j]:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def _range_of(hashes: Sequence[np.ndarray], cuts: Sequence[np.ndarray], part: int, edges: int) -> list[np.ndarray]:
    """Each document's hashes of the range ``part`` (of ``edges + 1``), read one document at a
    time: copied out of several ranges, so that hashes read back from disk as they are asked for
    (``spill.ShingleFile``, a full rebuild) are never all held, only the range's."""
    out = []
    for h, c in zip(hashes, cuts, strict=True):
        lo, hi = int(c[part - 1]) if part else 0, int(c[part]) if part < edges else len(h)
        out.append(h[lo:hi].copy() if edges else h)
    return out


def _shared_groups(hashes: Sequence[np.ndarray], stock: int, wanted: np.ndarray | None) -> set[tuple[int, ...]]:
    """The sets of documents (by position) holding each shingle of ``hashes`` that 2 to ``stock``
    documents hold (and one of ``wanted``, when given)."""
    sizes = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    if sizes.sum() == 0:
        return set()
    values = np.concatenate([h for h in hashes if len(h)])
    owners = np.repeat(np.arange(len(hashes), dtype=np.int32), sizes)
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    del order
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    counts = np.diff(np.r_[starts, len(values)])
    del values
    shared = (counts > 1) & (counts <= stock)
    groups: set[tuple[int, ...]] = set()
    for s, c in zip(starts[shared].tolist(), counts[shared].tolist(), strict=True):
        holders = owners[s:s + c]
        if wanted is None or wanted[holders].any():
            groups.add(tuple(holders.tolist()))  # a passage's shingles share one set of documents
    return groups


def find_reuse(docs: Sequence[AnalyzedDoc | Document], shingle: int = SHINGLE,
               hashes: Sequence[np.ndarray] | None = None) -> list[Reuse]:
    """Every pair of documents sharing at least one passage of ``shingle`` normalised words
    (``hashes``: the documents' ``shingle_hashes``, when stored)."""
    return list(iter_reuse(docs, shingle, hashes))


def iter_reuse(docs: Sequence[AnalyzedDoc | Document], shingle: int = SHINGLE,
               hashes: Sequence[np.ndarray] | None = None) -> Iterator[Reuse]:
    """``find_reuse`` one pair at a time, in pair order (a whole corpus shares 60,000 pairs of
    passages, 85 MB of JSON: a full rebuild writes them aside as they come)."""
    if hashes is None:
        hashes = [shingle_hashes(d, shingle) for d in docs]
    # the words of the documents in pairs, read again from their texts; a document in several
    # pairs is read once while its pairs come (they come sorted), and few are held at a time
    held: dict[int, tuple[list[Token], list[str]]] = {}

    def words(k: int) -> tuple[list[Token], list[str]]:
        found = held.get(k)
        if found is None:
            if len(held) >= WORDS_HELD:
                del held[next(iter(held))]
            w = _words(docs[k])
            found = held[k] = (w, _keys(w))
        return found

    for i, j in sorted(shared_pairs(hashes)):
        (wi, ki), (wj, kj) = words(i), words(j)
        r = _pair([_document(docs[i]), _document(docs[j])], [wi, wj], [ki, kj], 0, 1, shingle)
        if r is not None:
            yield r


def reuse_of(a: AnalyzedDoc | Document, b: AnalyzedDoc | Document,
             held: dict[str, tuple[list[Token], list[str]]] | None = None, shingle: int = SHINGLE) -> Reuse | None:
    """The passages two documents share (None: none of ``shingle`` words); ``held``: the
    words and keys of documents already read, by doc_id (filled as they are read)."""
    held = {} if held is None else held
    words, keys = [], []
    for doc in (a, b):
        doc_id = _document(doc).doc_id
        if doc_id not in held:
            w = _words(doc)
            held[doc_id] = (w, _keys(w))
        words.append(held[doc_id][0])
        keys.append(held[doc_id][1])
    return _pair([_document(a), _document(b)], words, keys, 0, 1, shingle)


def _document(doc: AnalyzedDoc | Document) -> Document:
    return doc if isinstance(doc, Document) else doc.document


def _pair(docs: Sequence[Document], words: Sequence[Sequence[Token]], keys: Sequence[Sequence[str]],
          i: int, j: int, shingle: int) -> Reuse | None:
    """The passages of documents i and j: every shingle of i found in j, and back."""
    grams_j: dict[tuple[str, ...], list[int]] = defaultdict(list)
    kj = keys[j]
    for p in range(len(kj) - shingle + 1):
        grams_j[tuple(kj[p:p + shingle])].append(p)
    cover_i: set[int] = set()
    cover_j: set[int] = set()
    ki = keys[i]
    for p in range(len(ki) - shingle + 1):
        hits = grams_j.get(tuple(ki[p:p + shingle]))
        if hits:
            cover_i.update(range(p, p + shingle))
            for q in hits:
                cover_j.update(range(q, q + shingle))
    if not cover_i:
        return None
    passages = [_passage(docs[i], words[i], run) for run in _runs(cover_i)]
    passages += [_passage(docs[j], words[j], run) for run in _runs(cover_j)]
    shorter = max(1, min(len(ki), len(kj)))
    shared = min(len(cover_i), len(cover_j))
    return Reuse((docs[i].doc_id, docs[j].doc_id), tuple(passages), round(shared / shorter, 3), shared)


def _passage(doc: Document, words: Sequence[Token], run: tuple[int, int]) -> Passage:
    start, end = words[run[0]].start, words[run[1] - 1].end
    return Passage(doc.doc_id, start, end, doc.text[start:end])


def reuse_from_record(record: dict[str, Any]) -> Reuse:
    """A stored reuse record back as a ``Reuse`` (an incremental run keeps the pairs it does not touch)."""
    a, b = record["doc_ids"]
    return Reuse((str(a), str(b)),
                 tuple(Passage(p["doc_id"], int(p["start"]), int(p["end"]), p["text"]) for p in record["passages"]),
                 float(record["similarity"]), int(record["shared_words"]))


def reuse_record(r: Reuse) -> dict[str, object]:
    return {"type": "reuse", "doc_ids": list(r.doc_ids), "similarity": r.similarity,
            "shared_words": r.shared_words,
            "passages": [{"doc_id": p.doc_id, "start": p.start, "end": p.end, "text": p.text} for p in r.passages]}
