"""A minimal progress bar on standard error for long runs (no dependency)."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tabayyun.ingest.formats import SUPPORTED


def count_inputs(paths: Sequence[Path], limit: int = 200_000) -> int | None:
    """How many files the run will read, for the bar's total (None when unknown or huge)."""
    n = 0
    for path in paths:
        if path.is_dir():
            for child in path.rglob("*"):
                if child.is_file() and child.suffix.lower() in SUPPORTED:
                    n += 1
                    if n > limit:
                        return None
        elif path.exists():
            n += 1
    return n or None


class ProgressBar:
    def __init__(self, total: int | None, enabled: bool = True, width: int = 30) -> None:
        self.total = total
        self.enabled = enabled
        self.width = width
        self.started = time.monotonic()
        self._last = 0.0

    def update(self, done: int, label: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and (self.total is None or done < self.total):
            return
        self._last = now
        rate = done / max(now - self.started, 1e-6)
        if self.total:
            filled = int(self.width * min(done, self.total) / self.total)
            bar = "█" * filled + "·" * (self.width - filled)
            text = f"\r{bar} {done}/{self.total} {rate:5.1f}/s {label[:30]:30}"
        else:
            text = f"\r{done} read {rate:5.1f}/s {label[:30]:30}"
        sys.stderr.write(text)
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
