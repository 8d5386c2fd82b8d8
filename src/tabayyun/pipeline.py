"""Stages and the pipeline that runs them: each stage declares the layers it needs and adds.

The pipeline checks the declarations when it is built and names what is missing. In a
batch, a failing stage is recorded with the document id and stage name, the stages that
depended on it are skipped, and the batch goes on with the next document.
"""

from __future__ import annotations

import gc
import logging
import time
import traceback
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import le
from typing import TypeVar

from tabayyun.model import AnalyzedDoc, Document, Span

log = logging.getLogger(__name__)

# documents run by this process, and the counts after which what is alive is frozen (below)
_documents_run = 0
_FREEZE_AFTER = frozenset({1, 10, 100, 1000})


def _settle_heap() -> None:
    """Freeze (``gc.freeze``) what the first document leaves alive: the lexicons, the gazetteer, the
    NER tables and the per-word caches, loaded on first use. They live as long as the process and
    form no garbage cycles, but every full pass of the cycle collector re-read them, the caches'
    hundreds of thousands of entries included: a quarter of the pipeline's CPU on 2,000 articles.
    The caches keep filling as a run meets new words, so their entries are frozen again after the
    10th, 100th and 1,000th document. Frozen objects are still freed by reference counting (an
    entry a cache drops goes); a process that forks its workers after this shares their pages
    instead of copying them when the collector would have touched them."""
    global _documents_run
    _documents_run += 1
    if _documents_run in _FREEZE_AFTER:
        gc.freeze()


StageFunc = Callable[[AnalyzedDoc], AnalyzedDoc]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    doc: str = ""
    # layers read when present (the stage degrades without them); a stage that adds one of
    # them must not run later in the pipeline
    uses: tuple[str, ...] = ()


class PipelineError(ValueError):
    """A pipeline was asked for in a form that cannot run."""


@dataclass(frozen=True, slots=True)
class StageFailure:
    doc_id: str
    stage: str
    error: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the pipeline made of one document."""

    analyzed: AnalyzedDoc
    failures: tuple[StageFailure, ...] = ()
    skipped: tuple[str, ...] = ()
    # what the cross-outlet step reads of the document, packed (``analysis.features``); None:
    # not computed here (the cross-outlet step computes them from the stored layers)
    features: bytes | None = None


S = TypeVar("S", bound=Span)


def outside(spans: Sequence[S], ranges: Sequence[tuple[int, int]]) -> list[S]:
    """The spans that do not start inside any of ``ranges`` (half-open), in their order."""
    if not ranges:
        return list(spans)
    # the ranges merged, so that one bisection per span tells whether it starts inside one
    merged: list[list[int]] = []
    for a, b in sorted(r for r in ranges if r[0] < r[1]):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    span_starts = [s.start for s in spans]
    if all(map(le, span_starts, span_starts[1:])):
        # spans in order of start (a layer, a tokenizer's output): each range drops one slice of
        # them, found by bisection, and the rest is copied whole
        kept: list[S] = []
        cursor = 0
        for a, b in merged:
            lo, hi = bisect_left(span_starts, a, cursor), bisect_left(span_starts, b, cursor)
            kept.extend(spans[cursor:lo])
            cursor = hi
        kept.extend(spans[cursor:])
        return kept
    starts = [a for a, _ in merged]
    ends = [b for _, b in merged]
    kept = []
    for s in spans:
        k = bisect_right(starts, s.start) - 1
        if k < 0 or s.start >= ends[k]:
            kept.append(s)
    return kept


def _drop_skipped(doc: AnalyzedDoc, layers: tuple[str, ...]) -> AnalyzedDoc:
    """Remove spans that start inside the document's skipped ranges (a teaser line repeated
    word for word), so that one statement is not counted twice whatever the stage."""
    skipped = doc.document.skipped
    if not skipped:
        return doc
    for layer in layers:
        spans = doc.layer(layer)
        kept = outside(spans, skipped)
        if len(kept) != len(spans):
            doc = doc.with_layer(layer, kept)
    return doc


@dataclass(frozen=True)
class Pipeline:
    stages: tuple[Stage, ...]
    seconds: dict[str, float] = field(default_factory=dict, compare=False)
    # what ``seconds`` counts: wall time by default; a benchmark on a shared machine passes time.process_time
    clock: Callable[[], float] = field(default=time.perf_counter, compare=False)

    @classmethod
    def build(cls, names: Sequence[str], registry: dict[str, Stage]) -> Pipeline:
        unknown = [n for n in names if n not in registry]
        if unknown:
            raise PipelineError(f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(sorted(registry))}")
        available: set[str] = set()
        stages = []
        for name in names:
            stage = registry[name]
            missing = [r for r in stage.requires if r not in available]
            if missing:
                providers = {r: [s.name for s in registry.values() if r in s.provides] for r in missing}
                hint = "; ".join(f"'{r}' comes from {', '.join(p) or 'no stage'}" for r, p in providers.items())
                raise PipelineError(f"stage '{name}' needs {', '.join(missing)} which no earlier stage provides ({hint})")
            available.update(stage.provides)
            stages.append(stage)
        for i, stage in enumerate(stages):
            for later in stages[i + 1:]:
                late = [u for u in stage.uses if u in later.provides]
                if late:
                    raise PipelineError(f"stage '{stage.name}' reads {', '.join(late)}, which '{later.name}' adds "
                                        f"later: put '{later.name}' before '{stage.name}'")
        return cls(tuple(stages))

    def run(self, document: Document) -> Outcome:
        # The cycle collector is off while one document runs. A document's objects form no cycles
        # (2 passes in 2,000 articles found 6 objects), yet its tokens, words and spans, a few
        # hundred thousand allocations, started a young pass every 700 and an older one every 7,000,
        # each re-reading the document's layers: 1.3 CPU-s (5 %) on 2,000 articles, measured with
        # gc.callbacks. Back on, the first allocation starts one young pass over what survived.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._run(document)
        finally:
            if collecting:
                gc.enable()

    def _run(self, document: Document) -> Outcome:
        analyzed = AnalyzedDoc(document)
        failures: list[StageFailure] = []
        skipped: list[str] = []
        lost: set[str] = set()
        for stage in self.stages:
            if lost.intersection(stage.requires):
                skipped.append(stage.name)
                lost.update(stage.provides)
                continue
            t0 = self.clock()
            try:
                analyzed = _drop_skipped(stage.func(analyzed), stage.provides)
            except Exception as exc:  # a stage's bug must not stop the batch: record it and go on
                log.warning("stage %s failed on %s: %s", stage.name, document.doc_id, exc)
                failures.append(StageFailure(document.doc_id, stage.name, f"{type(exc).__name__}: {exc}",
                                             traceback.format_exc(limit=6)))
                lost.update(stage.provides)
            finally:
                self.seconds[stage.name] = self.seconds.get(stage.name, 0.0) + self.clock() - t0
        _settle_heap()
        return Outcome(analyzed, tuple(failures), tuple(skipped))

    def run_batch(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        for document in documents:
            yield self.run(document)
