"""The main job as a library function: read articles, run the pipeline, store, analyse across outlets.

The CLI, the API and the web app call ``analyze_paths``; nothing here prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tabayyun.ingest import DEFAULT_MAX_BYTES, IngestProblem, read_documents
from tabayyun.ingest.manifest import ManifestEntry
from tabayyun.model import AnalyzedDoc, Document
from tabayyun.pipeline import Pipeline, StageFailure
from tabayyun.stages import default_pipeline
from tabayyun.store import SaveResult, SQLiteStore


class Progress(Protocol):
    """Told of each input read (documents and skipped inputs, counted from 1) and of phases."""

    def update(self, done: int, label: str) -> None: ...

    def phase(self, label: str) -> None: ...


@dataclass
class RunReport:
    saved: Counter[str] = field(default_factory=Counter)
    problems: list[IngestProblem] = field(default_factory=list)
    # inputs read but changed on the way (a qualified id, an escaped file name)
    warnings: list[IngestProblem] = field(default_factory=list)
    failures: list[StageFailure] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    corpus_records: int = 0

    @property
    def documents_seen(self) -> int:
        return sum(self.saved.values())


def corpus_records(docs: Sequence[AnalyzedDoc]) -> list[dict[str, Any]]:
    """Cross-outlet records (stories, findings, reuse, framing, timelines) for a set of documents."""
    from tabayyun.analysis import analyze_corpus
    from tabayyun.analysis import corpus_records as to_records

    return to_records(analyze_corpus(docs))


def _refresh_corpus(store: SQLiteStore, report: RunReport) -> None:
    import traceback

    try:
        records = corpus_records(list(store.analyzed()))
    except Exception as exc:  # documents are stored already; record the failure instead of losing the run
        report.failures.append(StageFailure("*corpus*", "corpus", f"{type(exc).__name__}: {exc}",
                                            traceback.format_exc(limit=6)))
        return
    store.replace_corpus_records(records)
    report.corpus_records = len(records)


def analyze_documents(documents: Iterable[Document | IngestProblem], store: SQLiteStore,
                      pipeline: Pipeline | None = None, progress: Progress | None = None) -> RunReport:
    pipeline = pipeline or default_pipeline()
    report = RunReport()
    n = 0
    for item in documents:
        if isinstance(item, IngestProblem) and item.warning:
            report.warnings.append(item)
            continue
        n += 1
        if isinstance(item, IngestProblem):
            report.problems.append(item)
            if progress:
                progress.update(n, item.path)
            continue
        if store.status_of(item) is SaveResult.UNCHANGED:
            report.saved[SaveResult.UNCHANGED] += 1
        else:
            outcome = pipeline.run(item)
            report.failures.extend(outcome.failures)
            report.saved[store.save(outcome)] += 1
        if progress:
            progress.update(n, item.doc_id)
    report.stage_seconds = dict(pipeline.seconds)
    if report.saved[SaveResult.ADDED] or report.saved[SaveResult.UPDATED]:
        if progress:
            progress.phase("cross-outlet analysis (stories, findings, reuse)")
        _refresh_corpus(store, report)
    return report


def analyze_paths(paths: Sequence[Path], store: SQLiteStore, manifest: dict[str, ManifestEntry] | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None,
                  progress: Progress | None = None) -> RunReport:
    return analyze_documents(read_documents(paths, manifest, max_bytes, encoding), store, progress=progress)
