"""Span lookups by bisection return what a scan of the layer returns, in layer order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tabayyun.model import Span
from tabayyun.spanindex import SpanIndex, derived, span_index

SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=30).map(
    lambda pairs: tuple(Span(s, s + n, "") for s, n in sorted(pairs)))
RANGE = st.tuples(st.integers(-5, 80), st.integers(-5, 80))


@given(SPANS, RANGE)
def test_span_index_lookups_equal_scans(spans: tuple[Span, ...], bounds: tuple[int, int]) -> None:
    start, end = bounds
    index = SpanIndex(spans)
    assert list(index.starting_in(start, end)) == [s for s in spans if start <= s.start < end]
    assert index.inside(start, end) == [s for s in spans if start <= s.start and s.end <= end]
    assert index.containing(start, end) == [s for s in spans if s.start <= start and end <= s.end]
    assert index.overlapping(start, end) == [s for s in spans if s.start < end and start < s.end]
    assert index.at(start) == next((s for s in spans if s.start <= start < s.end), None)


# a few long spans among short ones (a sentence of a whole paragraph, a scope over an article)
MIXED = st.lists(st.tuples(st.integers(0, 60), st.one_of(st.integers(0, 4), st.integers(20, 80))), max_size=30).map(
    lambda pairs: tuple(Span(s, s + n, "") for s, n in sorted(pairs)))


@given(MIXED, RANGE)
def test_span_index_lookups_around_long_spans_equal_scans(spans: tuple[Span, ...], bounds: tuple[int, int]) -> None:
    start, end = bounds
    index = SpanIndex(spans)
    assert index.containing(start, end) == [s for s in spans if s.start <= start and end <= s.end]
    assert index.overlapping(start, end) == [s for s in spans if s.start < end and start < s.end]
    assert index.at(start) == next((s for s in spans if s.start <= start < s.end), None)


@given(SPANS, RANGE)
def test_span_index_scans_unsorted_spans(spans: tuple[Span, ...], bounds: tuple[int, int]) -> None:
    shuffled = list(reversed(spans))
    start, end = bounds
    index = SpanIndex(shuffled)
    assert index.containing(start, end) == [s for s in shuffled if s.start <= start and end <= s.end]
    assert index.overlapping(start, end) == [s for s in shuffled if s.start < end and start < s.end]


def test_span_index_is_built_once_per_layer() -> None:
    layer = (Span(0, 3, "abc"), Span(4, 6, "de"))
    assert span_index(layer) is span_index(layer)
    assert span_index(list(layer)) is not span_index(list(layer))
    calls: list[int] = []

    def build(spans: tuple[Span, ...]) -> int:
        calls.append(1)
        return len(spans)

    assert derived(layer, build) == derived(layer, build) == 2
    assert calls == [1]
