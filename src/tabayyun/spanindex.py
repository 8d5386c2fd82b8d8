"""Spans of a layer looked up by offset through bisection, so that a long article costs linear time.

Stages ask again and again which mentions lie in a clause, which attribution covers a number,
which date precedes a trigger. A scan of the whole layer for each question costs the square of
the article's length; an index of the spans' starts answers each in logarithmic time. Every
lookup returns the spans a scan would have returned, in layer order (spans sorted by start, as
``AnalyzedDoc.with_layer`` keeps them; unsorted input is scanned instead).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate, pairwise
from typing import Any, Generic, TypeVar

from tabayyun.model import Span

S = TypeVar("S", bound=Span)
T = TypeVar("T")
_CACHED = 64  # indexes kept for immutable layers (a few documents' worth)


class SpanIndex(Generic[S]):
    """The spans of one layer with their starts, sorted by start."""

    # not a dataclass: derived lookups over a sequence it does not own
    def __init__(self, spans: Sequence[S]) -> None:
        self.spans = spans
        self.starts = [s.start for s in spans]
        self.sorted = all(a.start < b.start or (a.start == b.start and a.end <= b.end)
                          for a, b in pairwise(spans))  # by (start, end), as layers are
        # the longest span bounds how far before an offset a span covering it can start
        self.longest = max((s.end - s.start for s in spans), default=0)
        # the furthest end of the spans up to each one: the spans before the first whose reach
        # passes an offset all end before it (one long sentence or scope then widens only the
        # lookups inside it, not every lookup of the article)
        self.reach = list(accumulate((s.end for s in spans), max))

    def starting_in(self, start: int, end: int) -> Sequence[S]:
        """Spans with ``start <= span.start < end``."""
        if not self.sorted:
            return [s for s in self.spans if start <= s.start < end]
        return self.spans[bisect_left(self.starts, start):bisect_left(self.starts, end)]

    def inside(self, start: int, end: int) -> list[S]:
        """Spans lying within [start, end) (``start <= span.start`` and ``span.end <= end``)."""
        if not self.sorted:
            return [s for s in self.spans if start <= s.start and s.end <= end]
        return [s for s in self.spans[bisect_left(self.starts, start):bisect_right(self.starts, end)] if s.end <= end]

    def containing(self, start: int, end: int) -> list[S]:
        """Spans that contain [start, end) (``span.start <= start`` and ``end <= span.end``)."""
        if not self.sorted:
            return [s for s in self.spans if s.start <= start and end <= s.end]
        lo = max(bisect_left(self.starts, min(start, end) - self.longest), bisect_left(self.reach, end))
        return [s for s in self.spans[lo:bisect_right(self.starts, start)] if end <= s.end]

    def overlapping(self, start: int, end: int) -> list[S]:
        """Spans that share a character with [start, end)."""
        if not self.sorted:
            return [s for s in self.spans if s.start < end and start < s.end]
        lo = max(bisect_left(self.starts, start - self.longest), bisect_right(self.reach, start))
        return [s for s in self.spans[lo:bisect_left(self.starts, end)] if start < s.end]

    def at(self, offset: int) -> S | None:
        """The first span (in layer order) with ``span.start <= offset < span.end``."""
        found = self.containing(offset, offset)
        return next((s for s in found if offset < s.end), None)


_derived: dict[tuple[int, Callable[..., Any]], tuple[tuple[Any, ...], Any]] = {}


def derived(layer: tuple[Any, ...], build: Callable[[tuple[Any, ...]], T]) -> T:
    """``build(layer)``, computed once per layer (a tuple, immutable) and build function."""
    key = (id(layer), build)
    cached = _derived.get(key)
    if cached is not None and cached[0] is layer:
        value: T = cached[1]
        return value
    value = build(layer)
    if len(_derived) >= _CACHED:
        _derived.pop(next(iter(_derived)))
    _derived[key] = (layer, value)  # the layer is kept alive, so its id stays its own
    return value


def span_index(spans: Sequence[S]) -> SpanIndex[S]:
    """The index of a layer: built once for a tuple (an immutable layer), afresh for anything else."""
    if isinstance(spans, tuple):
        return derived(spans, SpanIndex)
    return SpanIndex(spans)
