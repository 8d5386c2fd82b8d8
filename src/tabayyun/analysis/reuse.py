"""Text reuse: near-verbatim passages that two outlets share (a wire story, a statement copied).

Word shingles of the normalised body (``normalize_key`` per word) go into an inverted index,
so that the work grows with the number of shingles, not with the square of the corpus.
Shingles found in very many documents are stock phrases and are ignored. Matched shingles
are joined into passages whose spans index each document's original text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tabayyun.model import AnalyzedDoc, Token
from tabayyun.text.normalize import normalize_key
from tabayyun.text.segment import tokenize

SHINGLE = 8  # shared consecutive normalised words for a passage to count as reused
MAX_DOC_SHARE = 0.02  # a shingle in more than this share of the corpus (and > MIN_STOCK docs) is a stock phrase
MIN_STOCK = 10


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


def _words(doc: AnalyzedDoc) -> list[Token]:
    end = doc.document.extraction_end
    tokens: Sequence[Token] = doc.layer("tokens") or tokenize(doc.text, 0, end)
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


def find_reuse(docs: Sequence[AnalyzedDoc], shingle: int = SHINGLE) -> list[Reuse]:
    """Every pair of documents sharing at least one passage of ``shingle`` normalised words."""
    words = [_words(d) for d in docs]
    keys = [_keys(w) for w in words]
    index: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, k in enumerate(keys):
        seen: set[int] = set()
        for p in range(len(k) - shingle + 1):
            h = hash(tuple(k[p:p + shingle]))
            if h not in seen:  # one posting per document and shingle is enough to find the pair
                seen.add(h)
                index[h].append((i, p))
    stock = max(MIN_STOCK, int(MAX_DOC_SHARE * len(docs)))
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for postings in index.values():
        if 1 < len(postings) <= stock:
            for a in range(len(postings)):
                for b in range(a + 1, len(postings)):
                    i, j = postings[a][0], postings[b][0]
                    pairs[(min(i, j), max(i, j))] += 1
    return [r for (i, j) in sorted(pairs) if (r := _pair(docs, words, keys, i, j, shingle)) is not None]


def _pair(docs: Sequence[AnalyzedDoc], words: Sequence[Sequence[Token]], keys: Sequence[Sequence[str]],
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
    return Reuse((docs[i].document.doc_id, docs[j].document.doc_id), tuple(passages),
                 round(shared / shorter, 3), shared)


def _passage(doc: AnalyzedDoc, words: Sequence[Token], run: tuple[int, int]) -> Passage:
    start, end = words[run[0]].start, words[run[1] - 1].end
    return Passage(doc.document.doc_id, start, end, doc.text[start:end])


def reuse_record(r: Reuse) -> dict[str, object]:
    return {"type": "reuse", "doc_ids": list(r.doc_ids), "similarity": r.similarity,
            "shared_words": r.shared_words,
            "passages": [{"doc_id": p.doc_id, "start": p.start, "end": p.end, "text": p.text} for p in r.passages]}
