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
import os
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
from scipy import sparse

from tabayyun.analysis.reuse import word_hash

COLUMN_CHUNK = 2_000  # bags whose words ``WordRows.tfidf`` numbers at once
ROWS_HELD = 512  # rows of a ``WordRows`` kept in a file held once read (an incident compares a row many times)


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
    """Many bags, added one at a time, held in a temporary file (every bag's words, then its
    counts: 12 bytes a word) and read back a bag, or a run of bags, at a time. A full rebuild
    reads the bags of every stored document and weighs them (``WordRows.tfidf``): held in
    memory, beside the vectors they become, they were 85 MB of the first pass's peak on the
    whole shared corpus (~2.8 KB an article). Each bag read back is a pair of new arrays."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="tabayyun-bags-")  # noqa: SIM115
        self._ends = array("q")  # where each bag's words end, counted in words
        self._pending: list[bytes] = []
        self._read = False

    def add(self, words: np.ndarray, counts: np.ndarray) -> None:
        if self._read:
            raise ValueError("bags are added before they are read")
        self._pending.append(np.ascontiguousarray(words, dtype="<u8").tobytes())
        self._pending.append(np.ascontiguousarray(counts, dtype="<u4").tobytes())
        self._ends.append((self._ends[-1] if self._ends else 0) + len(words))
        if len(self._pending) >= 2 * COLUMN_CHUNK:
            self._flush()

    def _flush(self) -> None:
        self._file.write(b"".join(self._pending))
        self._pending = []

    def _span(self, lo: int, hi: int) -> list[Bag]:
        """The bags ``lo`` to ``hi`` (in range), read in one call."""
        if not self._read:
            self._flush()
            self._file.flush()
            self._read = True
        first = self._ends[lo - 1] if lo else 0
        data = os.pread(self._file.fileno(), 12 * (self._ends[hi - 1] - first) if hi > lo else 0, 12 * first)
        out, at = [], 0
        for k in range(lo, hi):
            size = self._ends[k] - (self._ends[k - 1] if k else 0)
            words = np.frombuffer(data, dtype="<u8", count=size, offset=at).astype(np.uint64)
            counts = np.frombuffer(data, dtype="<u4", count=size, offset=at + 8 * size).astype(np.uint32)
            out.append(Bag(words, counts))
            at += 12 * size
        return out

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, k: int) -> Bag: ...

    @overload
    def __getitem__(self, k: slice) -> list[Bag]: ...

    def __getitem__(self, k: int | slice) -> Bag | list[Bag]:
        if isinstance(k, slice):
            span = range(len(self))[k]
            if span.step == 1:
                return self._span(span.start, max(span.start, span.stop))
            return [self[i] for i in span]
        if not -len(self) <= k < len(self):
            raise IndexError(k)
        k %= len(self)
        return self._span(k, k + 1)[0]

    def __iter__(self) -> Iterator[Bag]:
        for start in range(0, len(self), COLUMN_CHUNK):
            yield from self._span(start, min(len(self), start + COLUMN_CHUNK))

    def sizes(self) -> np.ndarray:
        """The number of words of each bag (without reading them)."""
        return np.diff(np.frombuffer(self._ends, dtype=np.int64), prepend=0) if self._ends else np.zeros(0, dtype=np.int64)

    def close(self) -> None:
        self._file.close()


class WordRows(Sequence[dict[int, float]]):
    """Unit-length TF-IDF vectors of many bags as the rows of one CSR matrix. Columns number the
    words in the order they are first met, so that row ``k``, read as a dict (``row``), iterates
    its words in its bag's order.

    The rows of a full rebuild (``tfidf`` with ``spill``) are kept in a temporary file
    (``_RowFile``) and read back a row, a few rows or a run of rows at a time (``take``, ``span``,
    ``row_arrays``): held in memory, they were ~3 KB an article (90 MB on the whole shared corpus)
    through the incidents and stories. ``matrix`` is then an empty matrix of their shape."""

    def __init__(self, matrix: sparse.csr_matrix, stored: _RowFile | None = None) -> None:
        self.matrix = matrix
        self.stored = stored
        self._recent: OrderedDict[int, tuple[np.ndarray, np.ndarray]] = OrderedDict()  # rows read from ``stored``

    @classmethod
    def tfidf(cls, bags: Sequence[Bag], df: Mapping[int, int] | None = None, n: int | None = None,
              spill: bool = False) -> WordRows:
        """The vectors of ``bags`` (``incidents.tfidf``): document frequencies over the bags
        themselves, or ``df`` (by word hash) over ``n`` documents. ``spill``: the rows go to a
        temporary file as they are weighed, a few thousand bags at a time, and are never all held."""
        sizes = bags.sizes() if isinstance(bags, BagRows) else \
            np.fromiter((len(b) for b in bags), dtype=np.int64, count=len(bags))
        indptr = np.zeros(len(bags) + 1, dtype=np.int64)
        np.cumsum(sizes, out=indptr[1:])
        if spill and df is None:
            return cls._spilled(bags, indptr)
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
            weights[lo:hi] = _weighed(bag, columns[lo:hi], idf)
        # one index type for both arrays, so that scipy keeps them instead of copying
        pointers = indptr.astype(np.int32) if indptr[-1] < np.iinfo(np.int32).max else indptr
        indices = columns if pointers.dtype == np.int32 else columns.astype(np.int64)
        return cls(sparse.csr_matrix((weights, indices, pointers), shape=(len(bags), width), copy=False))

    @classmethod
    def _spilled(cls, bags: Sequence[Bag], indptr: np.ndarray) -> WordRows:
        """``tfidf`` over the bags themselves, its rows written to a ``_RowFile``: the columns of
        a few thousand bags at a time (their words' frequencies counted as they go), then their
        weights, read back with the columns. The same floats as ``tfidf`` in memory."""
        stored = _RowFile(indptr, np.int32 if indptr[-1] < np.iinfo(np.int32).max else np.int64)
        frequency = np.zeros(0, dtype=np.int64)
        width = 0
        for chunk, hashes in _column_chunks(bags):
            width += len(hashes)
            counted = np.bincount(chunk, minlength=width)
            counted[:len(frequency)] += frequency
            frequency = counted
            stored.write(chunk.astype(stored.index_dtype, copy=False))
        total = len(bags)
        idf = [1 + math.log((1 + total) / (1 + f)) for f in frequency.tolist()]
        del frequency
        stored.start_data()
        for start in range(0, len(bags), COLUMN_CHUNK):
            stop = min(len(bags), start + COLUMN_CHUNK)
            columns, _ = stored.read(start, stop)
            lo = int(indptr[start])
            weights = np.empty(len(columns), dtype=np.float64)
            for k, bag in enumerate(bags[start:stop], start):
                a, b = int(indptr[k]) - lo, int(indptr[k + 1]) - lo
                weights[a:b] = _weighed(bag, columns[a:b], idf)
            stored.write(weights)
        stored.finish(max(1, width))
        return cls(sparse.csr_matrix((len(bags), max(1, width)), dtype=np.float64), stored)

    def release(self) -> None:
        """Free the weights, keeping the shape: the vectors of a full rebuild (90 MB on the
        whole shared corpus) are read by incidents and stories only, not by the findings after."""
        self.matrix = sparse.csr_matrix(self.matrix.shape, dtype=self.matrix.dtype)
        if self.stored is not None:
            self.stored.close()
            self.stored = None
            self._recent.clear()

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

    def row_arrays(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Row ``k``'s columns and weights, in its bag's order."""
        if self.stored is not None:
            found = self._recent.get(k)
            if found is None:
                found = self._recent[k] = self.stored.read(k, k + 1)
                if len(self._recent) > ROWS_HELD:
                    self._recent.popitem(last=False)
            return found
        lo, hi = int(self.matrix.indptr[k]), int(self.matrix.indptr[k + 1])
        return self.matrix.indices[lo:hi], self.matrix.data[lo:hi]

    def row(self, k: int) -> dict[int, float]:
        """Row ``k`` as a dict (column: weight), in its bag's order."""
        indices, data = self.row_arrays(k)
        return dict(zip(indices.tolist(), data.tolist(), strict=True))

    def take(self, rows: Sequence[int]) -> sparse.csr_matrix:
        """The rows ``rows``, in that order, as a matrix (each row's columns in its bag's order)."""
        if self.stored is None:
            return self.matrix[list(rows)]
        return self.stored.take(rows)

    def span(self, rows: range) -> sparse.csr_matrix:
        """A run of rows as a matrix (a view of the arrays when held in memory)."""
        if self.stored is not None:
            return self.stored.span(rows.start, rows.stop)
        lo, hi = int(self.matrix.indptr[rows.start]), int(self.matrix.indptr[rows.stop])
        return sparse.csr_matrix((self.matrix.data[lo:hi], self.matrix.indices[lo:hi],
                                  self.matrix.indptr[rows.start:rows.stop + 1] - lo),
                                 shape=(len(rows), self.matrix.shape[1]), copy=False)


def _weighed(bag: Bag, columns: np.ndarray, idf: Sequence[float]) -> list[float]:
    """A bag's unit-length weights, word by word in its order (``incidents.tfidf``'s floats)."""
    vec = [(1 + math.log(c)) * idf[w] for c, w in zip(bag.counts.tolist(), columns.tolist(), strict=True)]
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    return [v / norm for v in vec]


class _RowFile:
    """The rows of a CSR matrix in a temporary file: every row's columns, then every row's
    weights; the row pointers stay in memory (8 bytes a row). Written in row order (columns
    first, ``start_data``, then weights, ``finish``), read back by rows."""

    def __init__(self, indptr: np.ndarray, index_dtype: type) -> None:
        self._file = tempfile.TemporaryFile(prefix="tabayyun-rows-")  # noqa: SIM115
        self.indptr = indptr
        self.index_dtype = np.dtype(index_dtype)
        self.nnz = int(indptr[-1])
        self.width = 0
        self._data_at = self.index_dtype.itemsize * self.nnz

    def write(self, values: np.ndarray) -> None:
        self._file.write(np.ascontiguousarray(values).tobytes())

    def start_data(self) -> None:
        self._file.flush()

    def finish(self, width: int) -> None:
        self._file.flush()
        self.width = width

    def read(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """The columns and weights of rows ``lo`` to ``hi`` (all of them, one after another)."""
        a, b = int(self.indptr[lo]), int(self.indptr[hi])
        size = self.index_dtype.itemsize
        fd = self._file.fileno()
        columns = np.frombuffer(os.pread(fd, size * (b - a), size * a), dtype=self.index_dtype)
        if self.width == 0:  # still being written: the columns only
            return columns, np.zeros(0, dtype=np.float64)
        weights = np.frombuffer(os.pread(fd, 8 * (b - a), self._data_at + 8 * a), dtype=np.float64)
        return columns, weights

    def span(self, lo: int, hi: int) -> sparse.csr_matrix:
        columns, weights = self.read(lo, hi)
        pointers = (self.indptr[lo:hi + 1] - self.indptr[lo]).astype(self.index_dtype)
        return sparse.csr_matrix((weights, columns, pointers), shape=(hi - lo, self.width), copy=False)

    def take(self, rows: Sequence[int]) -> sparse.csr_matrix:
        """The rows ``rows`` in that order, each run of consecutive rows read at once."""
        ks = np.asarray(rows, dtype=np.int64)
        if not len(ks):
            return sparse.csr_matrix((0, self.width), dtype=np.float64)
        breaks = np.flatnonzero(np.diff(ks) != 1) + 1
        firsts, lasts = ks[np.r_[0, breaks]], ks[np.r_[breaks - 1, len(ks) - 1]]
        parts = [self.read(int(a), int(b) + 1) for a, b in zip(firsts.tolist(), lasts.tolist(), strict=True)]
        pointers = np.zeros(len(ks) + 1, dtype=np.int64)
        np.cumsum(self.indptr[ks + 1] - self.indptr[ks], out=pointers[1:])
        columns = np.concatenate([c for c, _ in parts])
        weights = np.concatenate([w for _, w in parts])
        return sparse.csr_matrix((weights, columns, pointers.astype(self.index_dtype)),
                                 shape=(len(ks), self.width), copy=False)

    def close(self) -> None:
        self._file.close()


def _column_chunks(bags: Sequence[Bag]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``_columns`` a few thousand bags at a time: the columns of each chunk's words, and the
    hashes of the columns it numbered first."""
    known = np.zeros(0, dtype=np.uint64)  # the words numbered so far, sorted
    known_columns = np.zeros(0, dtype=np.int32)
    count = 0
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
        merged = np.concatenate([known, distinct[new]])
        order = np.argsort(merged, kind="stable")
        known, known_columns = merged[order], np.concatenate([known_columns, column[new]])[order]
        yield column[inverse.reshape(-1)], distinct[new]


def _columns(bags: Sequence[Bag], size: int) -> tuple[np.ndarray, np.ndarray]:
    """The column of each word of ``bags`` (one array over all of them, bag after bag), words
    numbered in the order they are first met; and the hash of each column. A few thousand bags
    at a time against the words already numbered (sorted, with their columns): sorting the
    6 million words of a whole corpus at once took four arrays of their size."""
    columns = np.empty(size, dtype=np.int32)
    by_column: list[np.ndarray] = []  # the hashes of the columns, a chunk's new words at a time
    at = 0
    for chunk, hashes in _column_chunks(bags):
        columns[at:at + len(chunk)] = chunk
        at += len(chunk)
        by_column.append(hashes)
    return columns, np.concatenate(by_column) if by_column else np.zeros(0, dtype=np.uint64)


class SparseRows:
    """Unit-length word vectors (dicts, or ``WordRows``) as the rows of one CSR matrix (a
    ``WordRows`` kept in a file is read a few rows at a time: ``WordRows.take``)."""

    def __init__(self, vectors: Sequence[Mapping[str, float]] | Sequence[Mapping[int, float]] | WordRows) -> None:
        self.source: WordRows | None = None
        if isinstance(vectors, WordRows):
            self.source = vectors
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

    def take(self, rows: Sequence[int]) -> sparse.csr_matrix:
        """The rows ``rows`` as a matrix."""
        return self.source.take(rows) if self.source is not None else self.matrix[list(rows)]

    def row_sum(self, k: int) -> RowSum:
        """Row ``k`` as a ``RowSum`` (views of its arrays when held in memory)."""
        if self.source is not None:
            return RowSum(*self.source.row_arrays(k))
        return RowSum.of_row(self.matrix, k)

    def block(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray:
        """Cosines of every (row, col) pair as a dense array of shape (len(rows), len(cols))."""
        if not rows or not cols:
            return np.zeros((len(rows), len(cols)))
        return self.block_of(rows, self.columns(cols))

    def columns(self, cols: Sequence[int]) -> sparse.csr_matrix:
        """The transposed rows ``cols``, to take several ``block_of`` against: a CSR matrix, as
        the product wants it (converted once, not once per block)."""
        return sparse.csr_matrix(self.take(cols).T)

    def transposed(self) -> sparse.csr_matrix:
        """``columns`` of every row, without copying the rows first."""
        return self.rows_transposed(range(self.matrix.shape[0]))

    def rows_transposed(self, rows: range) -> sparse.csr_matrix:
        """``columns`` of a range of rows, without copying the rows first (a view of their arrays)."""
        if self.source is not None:
            return sparse.csr_matrix(self.source.span(rows).T)
        lo, hi = int(self.matrix.indptr[rows.start]), int(self.matrix.indptr[rows.stop])
        part = sparse.csr_matrix((self.matrix.data[lo:hi], self.matrix.indices[lo:hi],
                                  self.matrix.indptr[rows.start:rows.stop + 1] - lo),
                                 shape=(len(rows), self.matrix.shape[1]), copy=False)
        return sparse.csr_matrix(part.T)

    def block_of(self, rows: Sequence[int], columns: sparse.csr_matrix) -> np.ndarray:
        """``block`` against columns already taken (``columns``)."""
        if not rows or not columns.shape[1]:
            return np.zeros((len(rows), columns.shape[1]))
        return np.asarray((self.take(rows) @ columns).toarray())


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
