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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
from scipy import sparse

from tabayyun.analysis.reuse import word_hash


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
        every = np.concatenate([b.words for b in bags]) if len(bags) else np.zeros(0, dtype=np.uint64)
        hashes, first, inverse = np.unique(every, return_index=True, return_inverse=True)
        del every
        # column numbers in first-met order (np.unique numbers them in hash order)
        order = np.argsort(first, kind="stable")
        column = np.empty(len(order), dtype=np.int32)
        column[order] = np.arange(len(order), dtype=np.int32)
        columns = column[inverse.reshape(-1)]
        if df is None:
            frequency = np.bincount(columns, minlength=len(hashes)).tolist()
            total = len(bags)
        else:
            by_column = np.empty(len(hashes), dtype=np.uint64)
            by_column[column] = hashes
            frequency = [df.get(h, 0) for h in by_column.tolist()]
            total = len(bags) if n is None else n
        del inverse, first, order, column
        # the smoothed idf of each word once, as ``incidents.tfidf`` computes it (the same floats)
        idf = [1 + math.log((1 + total) / (1 + f)) for f in frequency]
        del frequency
        weights = np.empty(len(columns), dtype=np.float64)
        for k, bag in enumerate(bags):
            lo, hi = int(indptr[k]), int(indptr[k + 1])
            vec = [(1 + math.log(c)) * idf[w] for c, w in zip(bag.counts.tolist(), columns[lo:hi].tolist(), strict=True)]
            norm = math.sqrt(sum(v * v for v in vec)) or 1.0
            weights[lo:hi] = [v / norm for v in vec]
        return cls(sparse.csr_matrix((weights, columns, indptr), shape=(len(bags), max(1, len(hashes))), copy=False))

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
        """The transposed rows ``cols``, to take several ``block_of`` against."""
        return self.matrix[list(cols)].T

    def block_of(self, rows: Sequence[int], columns: sparse.csr_matrix) -> np.ndarray:
        """``block`` against columns already taken (``columns``)."""
        if not rows or not columns.shape[1]:
            return np.zeros((len(rows), columns.shape[1]))
        return np.asarray((self.matrix[list(rows)] @ columns).toarray())
