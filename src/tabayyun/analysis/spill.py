"""Text reuse of a whole corpus, kept on disk while the rest of the analysis runs.

A full rebuild of the shared corpus finds about 60,000 pairs of articles sharing passages,
each with the passages' text: 85 MB as JSON, two to three times that as Python objects, and as
much again as the records the store writes. Nothing needs them all at once: the source keys
read each article's copied stretches once (``sources.CopyGroups``), and the store writes the
records a batch at a time. So the pairs are written to a temporary file, as the records they
become, as they are found, and read back in the same order each time they are iterated.

The shingle hashes the pairs are found from are kept the same way (``ShingleFile``): 2.4 KB an
article, 72 MB for 30,000, each a small array of its own that, once freed, left the heap
fragmented (on the whole corpus 370 MB resident after the first pass, which keeps 90 MB of
vectors). On disk, the first pass holds one range of hashes at a time (``reuse.shared_pairs``)
whatever the store's size.
"""

from __future__ import annotations

import json
import os
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from tabayyun.analysis.reuse import Reuse, reuse_from_record, reuse_record


class ReuseFile:
    """Reuse pairs in a temporary file (deleted with this object), in the order they were added."""

    def __init__(self, reuse: Iterable[Reuse]) -> None:
        self._file = tempfile.NamedTemporaryFile(prefix="tabayyun-reuse-", suffix=".jsonl")  # noqa: SIM115
        self._count = 0
        for r in reuse:
            self._file.write(json.dumps(reuse_record(r), ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n")
            self._count += 1
        self._file.flush()

    def __len__(self) -> int:
        return self._count

    def records(self) -> Iterator[dict[str, Any]]:
        """The pairs as their records (``reuse.reuse_record``), read back one at a time."""
        with open(self._file.name, "rb") as lines:
            for line in lines:
                yield json.loads(line.decode("utf-8", "surrogatepass"))

    def __iter__(self) -> Iterator[Reuse]:
        return (reuse_from_record(record) for record in self.records())

    def close(self) -> None:
        self._file.close()


class ShingleFile(Sequence[np.ndarray]):
    """Each document's shingle hashes (``reuse.shingle_hashes``) in a temporary file, in the order
    they were added, read back one document at a time when asked for."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="tabayyun-shingles-")  # noqa: SIM115
        self._ends = array("q")  # where each document's hashes end, counted in hashes
        self._written = True

    def add(self, hashes: np.ndarray) -> None:
        self._file.write(np.ascontiguousarray(hashes, dtype="<u8").tobytes())
        self._ends.append((self._ends[-1] if self._ends else 0) + len(hashes))
        self._written = False

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, k: int) -> np.ndarray:  # type: ignore[override]
        if not -len(self._ends) <= k < len(self._ends):
            raise IndexError(k)
        k %= len(self._ends)
        if not self._written:
            self._file.flush()
            self._written = True
        start = self._ends[k - 1] if k else 0
        size = self._ends[k] - start
        data = os.pread(self._file.fileno(), 8 * size, 8 * start)
        return np.frombuffer(data, dtype="<u8").astype(np.uint64)

    def __iter__(self) -> Iterator[np.ndarray]:
        return (self[k] for k in range(len(self)))

    def close(self) -> None:
        self._file.close()
