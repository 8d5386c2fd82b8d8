"""Cosine similarity of many sparse word vectors at once.

The story and incident rules compare each article with every article of nearby days. Over a
corpus of thousands of articles a day, that is millions of pairs: a sparse matrix product
(scipy) computes a whole day's block in one call, and only the pairs over a threshold come back
to Python.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse


class SparseRows:
    """Unit-length word vectors (dicts) as the rows of one CSR matrix."""

    def __init__(self, vectors: Sequence[dict[str, float]]) -> None:
        vocabulary: dict[str, int] = {}
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
        product = self.matrix[list(rows)] @ self.matrix[list(cols)].T
        return np.asarray(product.toarray())
