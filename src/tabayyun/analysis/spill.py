"""Text reuse of a whole corpus, kept on disk while the rest of the analysis runs.

A full rebuild of the shared corpus finds about 60,000 pairs of articles sharing passages,
each with the passages' text: 85 MB as JSON, two to three times that as Python objects, and as
much again as the records the store writes. Nothing needs them all at once: the source keys
read each article's copied stretches once (``sources.CopyGroups``), and the store writes the
records a batch at a time. So the pairs are written to a temporary file, as the records they
become, as they are found, and read back in the same order each time they are iterated.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

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
