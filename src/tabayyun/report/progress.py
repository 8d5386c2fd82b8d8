"""A minimal progress bar on standard error for long runs (no dependency).

It counts articles (a JSON Lines file of 1,000 articles is 1,000 steps, not one) and names
the phase after the per-article one, which can take a while on a large store.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tabayyun.ingest import count_articles
from tabayyun.safety import terminal_label


def count_inputs(paths: Sequence[Path], limit: int = 1_000_000) -> int | None:
    """How many articles (and skipped inputs) the run will read, for the bar's total
    (None when unknown or huge)."""
    return count_articles(paths, limit)


class ProgressBar:
    def __init__(self, total: int | None, enabled: bool = True, width: int = 30,
                 out: TextIO | None = None) -> None:
        self.total = total
        self.enabled = enabled
        self.width = width
        self.out = out or sys.stderr
        self.started = time.monotonic()
        self._last = 0.0
        self._done = 0

    def update(self, done: int, label: str) -> None:
        if not self.enabled:
            return
        self._done = done
        now = time.monotonic()
        if now - self._last < 0.1 and (self.total is None or done < self.total):
            return
        self._last = now
        rate = done / max(now - self.started, 1e-6)
        self._draw(f"{rate:5.1f}/s {terminal_label(label)[:30]:30}")

    def phase(self, label: str) -> None:
        """A phase after the per-article one: shown at once, whatever the rate limit."""
        if self.enabled:
            self._draw(f"{terminal_label(label)[:60]}…")

    def _draw(self, tail: str) -> None:
        if self.total:
            filled = int(self.width * min(self._done, self.total) / self.total)
            bar = "█" * filled + "·" * (self.width - filled)
            text = f"\r{bar} {self._done}/{self.total} {tail}"
        else:
            text = f"\r{self._done} read {tail}"
        self.out.write(text + "\x1b[K")  # clear what a longer earlier line left
        self.out.flush()

    def close(self) -> None:
        if self.enabled:
            self.out.write("\n")
            self.out.flush()
