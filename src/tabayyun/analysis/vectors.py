"""Word bags and unit-length word vectors of many documents, and their cosines.

The story and incident rules compare each article with every article of nearby days. Over a
corpus of thousands of articles a day, that is millions of pairs: a sparse matrix product
(scipy) computes a block of rows in one call, and only the pairs over a threshold come back
to Python.

A full rebuild holds the word bag and the TF-IDF vector of every stored article. As dicts of
str to float they took about 100 bytes a word (280 MB of vectors for 30,000 articles, a copy
of them in the story centroids, and the lists the matrix was built from); here a bag is two
arrays of hashed words (``reuse.word_hash``) and counts, and all the vectors are the arrays of
one CSR matrix (about 12 bytes a word). Weights are computed word by word in the order of each
bag, as ``incidents.tfidf`` computes them, so that every cosine is the same float.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
from scipy import sparse

from tabayyun.analysis.reuse import word_hash

COLUMN_CHUNK = 2_000  # bags whose words ``WordRows.tfidf`` numbers at once


@dataclass(frozen=True, slots=True, eq=False)
class Bag:
    """A word bag as stored with a document: its words' hashes and their counts, in the order
    the bag was counted (the order its vector's weights are summed in)."""

    words: np.ndarray  # uint64 hashes (``reuse.word_hash``)
    counts: np.ndarray  # uint32

    @classmethod
    def of(cls, bag: Mapping[str, int]) -> Bag:
        return cls(np.fromiter((word_hash(w) for w in bag), dtype=np.uint64, count=len(bag)),
                   np.fromiter(bag.values(), dtype=np.uint32, count=len(bag)))

    def __len__(self) -> int:
        return len(self.words)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bag) and np.array_equal(self.words, other.words) \
            and np.array_equal(self.counts, other.counts)

    def __hash__(self) -> int:
        return hash(self.words.tobytes())


NO_BAG = Bag(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint32))


class BagRows(Sequence[Bag]):
    """Many bags, added one at a time, held as two flat arrays (every bag's words, then every
    bag's counts): a full rebuild reads the bags of every stored document, and a pair of small
    arrays for each, freed once weighed, left the heap fragmented. Each bag read back is a view
    of the flat arrays."""

    def __init__(self) -> None:
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self._chunks: list[tuple[np.ndarray, np.ndarray]] = []
        self._ends = array("q")  # where each bag's words end in the flat arrays
        self._flat: tuple[np.ndarray, np.ndarray] | None = None

    def add(self, words: np.ndarray, counts: np.ndarray) -> None:
        if self._flat is not None:
            raise ValueError("bags are added before they are read")
        self._pending.append((words.astype(np.uint64, copy=False), counts.astype(np.uint32)))
        self._ends.append((self._ends[-1] if self._ends else 0) + len(words))
        if len(self._pending) >= COLUMN_CHUNK:
            self._chunks.append(_joined(self._pending))
            self._pending = []

    def _arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if self._flat is None:
            chunks = self._chunks + ([_joined(self._pending)] if self._pending else [])
            self._chunks, self._pending = [], []
            self._flat = _joined(chunks)
        return self._flat

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, k: int) -> Bag: ...

    @overload
    def __getitem__(self, k: slice) -> list[Bag]: ...

    def __getitem__(self, k: int | slice) -> Bag | list[Bag]:
        if isinstance(k, slice):
            return [self[i] for i in range(len(self))[k]]
        if not -len(self) <= k < len(self):
            raise IndexError(k)
        k %= len(self)
        words, counts = self._arrays()
        lo, hi = self._ends[k - 1] if k else 0, self._ends[k]
        return Bag(words[lo:hi], counts[lo:hi])

    def __iter__(self) -> Iterator[Bag]:
        return (self[k] for k in range(len(self)))


def _joined(parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    return (np.concatenate([np.zeros(0, dtype=np.uint64), *(w for w, _ in parts)]),
            np.concatenate([np.zeros(0, dtype=np.uint32), *(c for _, c in parts)]))


class WordRows(Sequence[dict[int, float]]):
    """Unit-length TF-IDF vectors of many bags as the rows of one CSR matrix. Columns number the
    words in the order they are first met, so that row ``k``, read as a dict (``row``), iterates
    its words in its bag's order."""

    def __init__(self, matrix: sparse.csr_matrix) -> None:
        self.matrix = matrix

    @classmethod
    def tfidf(cls, bags: Sequence[Bag], df: Mapping[int, int] | None = None, n: int | None = None) -> WordRows:
        """The vectors of ``bags`` (``incidents.tfidf``): document frequencies over the bags
        themselves, or ``df`` (by word hash) over ``n`` documents."""
        sizes = np.fromiter((len(b) for b in bags), dtype=np.int64, count=len(bags))
        indptr = np.zeros(len(bags) + 1, dtype=np.int64)
        np.cumsum(sizes, out=indptr[1:])
        columns, hashes = _columns(bags, int(indptr[-1]))
        if df is None:
            frequency = np.bincount(columns, minlength=len(hashes)).tolist()
            total = len(bags)
        else:
            frequency = [df.get(h, 0) for h in hashes.tolist()]
            total = len(bags) if n is None else n
        width = max(1, len(hashes))
        del hashes
        # the smoothed idf of each word once, as ``incidents.tfidf`` computes it (the same floats)
        idf = [1 + math.log((1 + total) / (1 + f)) for f in frequency]
        del frequency
        weights = np.empty(len(columns), dtype=np.float64)
        for k, bag in enumerate(bags):
            lo, hi = int(indptr[k]), int(indptr[k + 1])
            vec = [(1 + math.log(c)) * idf[w] for c, w in zip(bag.counts.tolist(), columns[lo:hi].tolist(), strict=True)]
            norm = math.sqrt(sum(v * v for v in vec)) or 1.0
            weights[lo:hi] = [v / norm for v in vec]
        # one index type for both arrays, so that scipy keeps them instead of copying
        pointers = indptr.astype(np.int32) if indptr[-1] < np.iinfo(np.int32).max else indptr
        indices = columns if pointers.dtype == np.int32 else columns.astype(np.int64)
        return cls(sparse.csr_matrix((weights, indices, pointers), shape=(len(bags), width), copy=False))

    def release(self) -> None:
        """Free the weights, keeping the shape: the vectors of a full rebuild (90 MB on the
        whole shared corpus) are read by incidents and stories only, not by the findings after."""
        self.matrix = sparse.csr_matrix(self.matrix.shape, dtype=self.matrix.dtype)

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    @overload
    def __getitem__(self, k: int) -> dict[int, float]: ...

    @overload
    def __getitem__(self, k: slice) -> list[dict[int, float]]: ...

    def __getitem__(self, k: int | slice) -> dict[int, float] | list[dict[int, float]]:
        if isinstance(k, slice):
            return [self.row(i) for i in range(len(self))[k]]
        return self.row(k)

    def __iter__(self) -> Iterator[dict[int, float]]:
        return (self.row(k) for k in range(len(self)))

    def row(self, k: int) -> dict[int, float]:
        """Row ``k`` as a dict (column: weight), in its bag's order."""
        lo, hi = self.matrix.indptr[k], self.matrix.indptr[k + 1]
        return dict(zip(self.matrix.indices[lo:hi].tolist(), self.matrix.data[lo:hi].tolist(), strict=True))


def _columns(bags: Sequence[Bag], size: int) -> tuple[np.ndarray, np.ndarray]:
    """The column of each word of ``bags`` (one array over all of them, bag after bag), words
    numbered in the order they are first met; and the hash of each column. A few thousand bags
    at a time against the words already numbered (sorted, with their columns): sorting the
    6 million words of a whole corpus at once took four arrays of their size."""
    columns = np.empty(size, dtype=np.int32)
    known = np.zeros(0, dtype=np.uint64)  # the words numbered so far, sorted
    known_columns = np.zeros(0, dtype=np.int32)
    by_column: list[np.ndarray] = []  # the hashes of the columns, a chunk's new words at a time
    count = at = 0
    for start in range(0, len(bags), COLUMN_CHUNK):
        chunk = [b.words for b in bags[start:start + COLUMN_CHUNK]]
        words = np.concatenate(chunk) if chunk else np.zeros(0, dtype=np.uint64)
        distinct, first, inverse = np.unique(words, return_index=True, return_inverse=True)
        where = np.searchsorted(known, distinct)
        found = where < len(known)
        found[found] = known[where[found]] == distinct[found]
        column = np.empty(len(distinct), dtype=np.int32)
        column[found] = known_columns[where[found]]
        new = np.flatnonzero(~found)
        new = new[np.argsort(first[new], kind="stable")]  # in the order first met
        column[new] = np.arange(count, count + len(new), dtype=np.int32)
        count += len(new)
        by_column.append(distinct[new])
        merged = np.concatenate([known, distinct[new]])
        order = np.argsort(merged, kind="stable")
        known, known_columns = merged[order], np.concatenate([known_columns, column[new]])[order]
        columns[at:at + len(words)] = column[inverse.reshape(-1)]
        at += len(words)
    return columns, np.concatenate(by_column) if by_column else np.zeros(0, dtype=np.uint64)


class SparseRows:
    """Unit-length word vectors (dicts, or ``WordRows``) as the rows of one CSR matrix."""

    def __init__(self, vectors: Sequence[Mapping[str, float]] | Sequence[Mapping[int, float]] | WordRows) -> None:
        if isinstance(vectors, WordRows):
            self.matrix = vectors.matrix
            return
        vocabulary: dict[object, int] = {}
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for vec in vectors:
            for word, weight in vec.items():
                indices.append(vocabulary.setdefault(word, len(vocabulary)))
                data.append(weight)
            indptr.append(len(indices))
        self.matrix = sparse.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                                         np.asarray(indptr, dtype=np.int64)),
                                        shape=(len(vectors), max(1, len(vocabulary))))

    def block(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray:
        """Cosines of every (row, col) pair as a dense array of shape (len(rows), len(cols))."""
        if not rows or not cols:
            return np.zeros((len(rows), len(cols)))
        return self.block_of(rows, self.columns(cols))

    def columns(self, cols: Sequence[int]) -> sparse.csr_matrix:
        """The transposed rows ``cols``, to take several ``block_of`` against: a CSR matrix, as
        the product wants it (converted once, not once per block)."""
        return sparse.csr_matrix(self.matrix[list(cols)].T)

    def transposed(self) -> sparse.csr_matrix:
        """``columns`` of every row, without copying the rows first."""
        return sparse.csr_matrix(self.matrix.T)

    def rows_transposed(self, rows: range) -> sparse.csr_matrix:
        """``columns`` of a range of rows, without copying the rows first (a view of their arrays)."""
        lo, hi = int(self.matrix.indptr[rows.start]), int(self.matrix.indptr[rows.stop])
        part = sparse.csr_matrix((self.matrix.data[lo:hi], self.matrix.indices[lo:hi],
                                  self.matrix.indptr[rows.start:rows.stop + 1] - lo),
                                 shape=(len(rows), self.matrix.shape[1]), copy=False)
        return sparse.csr_matrix(part.T)

    def block_of(self, rows: Sequence[int], columns: sparse.csr_matrix) -> np.ndarray:
        """``block`` against columns already taken (``columns``)."""
        if not rows or not columns.shape[1]:
            return np.zeros((len(rows), columns.shape[1]))
        return np.asarray((self.matrix[list(rows)] @ columns).toarray())


class RowSum:
    """A sum of rows of a CSR matrix (a story's summed body vectors), held as arrays: its columns
    in the order first met (the order a dict summed row by row would iterate them), their
    weights, and the columns sorted (to find another sum's columns in it). About 24 bytes a word,
    where a dict of int to float took about 100 (the peak of a full rebuild). Sums, dot products
    and squared norms are taken term by term in the order a dict would take them, so that every
    float is the same as summing dicts."""

    __slots__ = ("_order", "_sorted", "columns", "weights")

    def __init__(self, columns: np.ndarray, weights: np.ndarray) -> None:
        self.columns = columns
        self.weights = weights
        self._order = np.argsort(columns, kind="stable")
        self._sorted = columns[self._order]

    @classmethod
    def of_row(cls, matrix: sparse.csr_matrix, k: int) -> RowSum:
        """Row ``k`` of ``matrix`` (views of its arrays: a sum never changes them, ``plus`` makes new ones)."""
        lo, hi = int(matrix.indptr[k]), int(matrix.indptr[k + 1])
        return cls(matrix.indices[lo:hi], matrix.data[lo:hi])

    def __len__(self) -> int:
        return len(self.columns)

    def _find(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where ``columns`` would go among this sum's sorted columns; which of them it holds; and
        the positions (in this sum's order) of those it holds."""
        at = np.searchsorted(self._sorted, columns)
        if not len(self._sorted):
            return at, np.zeros(len(columns), dtype=bool), np.zeros(0, dtype=np.int64)
        clipped = np.minimum(at, len(self._sorted) - 1)
        held = self._sorted[clipped] == columns
        return at, held, self._order[clipped[held]]

    def dot(self, other: RowSum) -> float:
        """``sum(v * other[w] for w, v in self)``: the products of the shared words, in this sum's
        order, summed one after another (a word not shared adds 0.0, which changes no sum)."""
        _, held, where = other._find(self.columns)
        return float(sum((self.weights[held] * other.weights[where]).tolist()))

    def squared_norm(self) -> float:
        return float(sum((self.weights * self.weights).tolist()))

    def plus(self, other: RowSum) -> RowSum:
        """The sum of the two, in new arrays: this sum's columns, then the other's new ones in its order."""
        at, held, where = self._find(other.columns)
        weights = self.weights.copy()
        weights[where] += other.weights[held]
        new = ~held
        columns = np.concatenate([self.columns, other.columns[new]])
        weights = np.concatenate([weights, other.weights[new]])
        out = RowSum.__new__(RowSum)
        out.columns, out.weights = columns, weights
        # the new columns put into the sorted ones where they belong (no sort of the whole sum)
        added, places = other.columns[new], at[new]
        by_column = np.argsort(added, kind="stable")
        positions = np.arange(len(self), len(columns), dtype=self._order.dtype)
        out._sorted = np.insert(self._sorted, places[by_column], added[by_column])
        out._order = np.insert(self._order, places[by_column], positions[by_column])
        return out
