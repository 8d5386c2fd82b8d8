"""The main job as a library function: read articles, run the pipeline, store, analyse across outlets.

The CLI, the API and the web app call ``analyze_paths`` and ``refresh_documents``; nothing
here prints.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from tabayyun.ingest import DEFAULT_MAX_BYTES, IngestProblem, read_documents
from tabayyun.ingest.manifest import ManifestEntry
from tabayyun.knowledge import Fingerprint, check_knowledge, pipeline_fingerprint
from tabayyun.model import AnalyzedDoc, Document
from tabayyun.pipeline import Outcome, Pipeline, StageFailure
from tabayyun.stages import default_pipeline
from tabayyun.store import FingerprintInfo, SaveResult, Store, StoreError
from tabayyun.workers import Analyser, InProcess, in_own_process

if TYPE_CHECKING:
    from tabayyun.analysis.corpus import CorpusAnalysis, DocNames
    from tabayyun.analysis.features import CorpusDoc, Shared


class Progress(Protocol):
    """Told of each input read (documents and skipped inputs, counted from 1) and of phases."""

    def update(self, done: int, label: str) -> None: ...

    def phase(self, label: str) -> None: ...


# documents written per store transaction
BATCH_SIZE = 32
# the memory each process of a run stays under (issue 17): when the per-document pipeline ran
# in this process (``--workers 1``), its models and per-word caches stay resident (~590 MB after
# thousands of articles), and the cross-outlet step on top of them went over it (959 MB on the
# whole shared corpus); the step then runs in a process of its own (``step_apart``)
MEMORY_BUDGET_MB = 600
# what the cross-outlet step adds to a process, a full rebuild measured on copies of two stores
# (7,670 articles: 201 MB in a fresh process, of which ~60 MB are the imports; 29,949: 388 MB)
STEP_BASE_MB = 140
STEP_KB_PER_DOCUMENT = 10
# the names of a document whose names were put apart (``load_corpus``): one object for all
# (each ``frozenset()`` is an object of its own)
_NO_NAMES: frozenset[str] = frozenset()


@dataclass
class RunReport:
    saved: Counter[str] = field(default_factory=Counter)
    problems: list[IngestProblem] = field(default_factory=list)
    # inputs read but changed on the way (a qualified id, an escaped file name)
    warnings: list[IngestProblem] = field(default_factory=list)
    failures: list[StageFailure] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    corpus_records: int = 0  # cross-outlet records stored after the run
    corpus_rebuilt: bool = False
    corpus_attached: int = 0  # documents attached to the records already stored (not rebuilt from scratch)
    stale: int = 0  # stored documents analysed by another pipeline (``tabayyun refresh`` updates them)

    @property
    def documents_seen(self) -> int:
        """Documents of the input read this run (not those re-analysed from the store)."""
        return sum(n for result, n in self.saved.items() if result != SaveResult.REANALYZED)


def corpus_records(docs: Sequence[AnalyzedDoc | CorpusDoc]) -> list[dict[str, Any]]:
    """Cross-outlet records (stories, findings, reuse, framing, timelines) for a set of documents."""
    from tabayyun.analysis import analyze_corpus
    from tabayyun.analysis import corpus_records as to_records

    return to_records(analyze_corpus(docs))


def refresh_corpus(store: Store, report: RunReport, progress: Progress | None = None,
                   apart: bool = False) -> None:
    """Bring the cross-outlet records up to date when they are missing, interrupted or older
    than the documents (whoever changed them); otherwise report how many are stored. Documents
    only added to fresh records are attached to them (``analysis.incremental``); anything else
    rebuilds them all. ``apart`` (the pipeline ran in this process): in a process of its own
    (``corpus_apart``) when this one would otherwise go over ``MEMORY_BUDGET_MB`` (``step_apart``)
    and the store can be opened again from another process."""
    state = store.corpus_state()
    report.corpus_records = state.records
    if not state.stale:
        return
    if progress:
        progress.phase("cross-outlet analysis (stories, findings, reuse)")
    target = store.target
    if apart and target is not None and step_apart(_resident_mb(), store.count_documents()):
        try:
            done = in_own_process(corpus_apart, target)
        except Exception as exc:  # the process died (killed, out of memory): the documents are stored
            report.failures.append(StageFailure("*corpus*", "corpus", f"{type(exc).__name__}: {exc}", ""))
            return
        report.corpus_records, report.corpus_attached = done.corpus_records, done.corpus_attached
        report.corpus_rebuilt = done.corpus_rebuilt
        report.failures.extend(done.failures)
        return
    _update_corpus(store, report)


def step_apart(resident_mb: float, documents: int) -> bool:
    """Whether the cross-outlet step over ``documents`` stored documents, added to the
    ``resident_mb`` this process holds, would go over ``MEMORY_BUDGET_MB``. Starting a process
    costs ~1 CPU-s of imports: a small store's step (an attach of 100 articles to 2,000 takes
    3.5 CPU-s) stays here."""
    return resident_mb + STEP_BASE_MB + documents * STEP_KB_PER_DOCUMENT / 1000 > MEMORY_BUDGET_MB


def _resident_mb() -> float:
    """The most this process has held so far (its models and caches stay resident)."""
    try:
        import resource
    except ImportError:  # not on Unix: as if it held the budget already (the step runs apart)
        return float(MEMORY_BUDGET_MB)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KB elsewhere


def corpus_apart(target: str) -> RunReport:
    """``refresh_corpus`` of the store at ``target``, in the process that calls it: what it
    reports of the cross-outlet records (their count, documents attached, rebuilt, failures)."""
    from tabayyun.store import open_store

    report = RunReport()
    with open_store(target) as store:
        report.corpus_records = store.corpus_state().records
        _update_corpus(store, report)
    return report


def _update_corpus(store: Store, report: RunReport) -> None:
    import traceback

    from tabayyun.analysis.corpus import iter_corpus_records
    from tabayyun.analysis.incremental import attach

    changes = store.corpus_changes()
    state = changes.state
    if not state.stale:  # another writer brought them up to date meanwhile
        report.corpus_records = state.records
        return
    try:
        if changes.only_added and changes.added:
            stored = attach(store, changes)
            if stored is not None:
                report.corpus_records, report.corpus_attached, report.corpus_rebuilt = stored, len(changes.added), True
                return
        analysis, members = rebuild_corpus(store)
    except Exception as exc:  # documents are stored already; record the failure instead of losing the run
        report.failures.append(StageFailure("*corpus*", "corpus", f"{type(exc).__name__}: {exc}",
                                            traceback.format_exc(limit=6)))
        return
    # the records are built as the store writes them, a batch at a time (never all held)
    report.corpus_records = store.replace_corpus_records(iter_corpus_records(analysis),
                                                         based_on=state.documents_version, members=members)
    report.corpus_rebuilt = True


def rebuild_corpus(store: Store) -> tuple[CorpusAnalysis, list[tuple[str, int | None]]]:
    """The cross-outlet analysis of every stored document, and the (doc_id, saved version) of
    each. Only the analysis is returned: the documents' features, bags and vectors are freed
    before its records are built. Text reuse is found first, from the shingles alone, and the
    rest of the analysis holds each text only up to its lead, and no bags (``analysis.rebuild``)."""
    from tabayyun.analysis import analyze_corpus
    from tabayyun.analysis.corpus import DocNames, analyze_grouped, build_groups
    from tabayyun.analysis.features import Shared
    from tabayyun.analysis.rebuild import first_pass, release_freed, return_large_blocks

    return_large_blocks()
    first = first_pass(store)
    if first is not None:
        # the incidents and stories read each document's events, date and headline and the word
        # vectors; its claims, scenes, namings and names are loaded only once the vectors and the
        # stories' links are freed, so that the stories' peak holds none of them
        shared = Shared()
        docs, members = load_events(store, shared)
        if [d.document.doc_id for d in docs] == first.doc_ids:
            incidents, stories = build_groups(docs, first.bodies, first.leads, release=True)
            release_freed()
            names = DocNames()
            items = add_claims(store, docs, members, shared, names)
            del docs  # the items hold what is read of them from here on
            if items is not None:
                return analyze_grouped(items, incidents, stories, first.reuse, names=names, release=True), members
        first.reuse.close()  # another writer changed the documents between the passes: one pass
    # a document stored without features: they are computed (and stored) as it loads
    items, members = load_corpus(store)
    return analyze_corpus(items), members


def load_events(store: Store, shared: Shared) -> tuple[list[AnalyzedDoc], list[tuple[str, int | None]]]:
    """Every stored document as the incidents and stories read it: cut after its headline, with
    its events alone (``features.head_document``); and the (doc_id, saved version) of each."""
    from tabayyun.analysis.features import head_document

    docs: list[AnalyzedDoc] = []
    members: list[tuple[str, int | None]] = []
    for doc, version, _ in store.corpus_inputs(("events",)):
        members.append((doc.document.doc_id, version))
        docs.append(head_document(doc, shared))
    return docs, members


def add_claims(store: Store, docs: Sequence[AnalyzedDoc], members: Sequence[tuple[str, int | None]],
               shared: Shared, names: DocNames) -> list[CorpusDoc] | None:
    """The documents ``docs`` (``load_events``) as ``load_corpus`` with ``heads`` gives them:
    their claims and stored features added, each claim's marks read from the whole text, every
    name put in ``names``. None when the store changed since ``members`` were read (another
    writer) or a document has no readable features (``load_corpus`` computes them)."""
    from tabayyun.analysis.features import (
        CorpusDoc,
        body_claims,
        head_features,
        share_spans,
        unpack,
    )
    from tabayyun.analysis.threads import claim_marks

    items: list[CorpusDoc] = []
    for k, (doc, version, packed) in enumerate(store.corpus_inputs(("claims",))):
        features = unpack(packed, shared) if packed is not None else None
        if features is None or k >= len(docs) or (doc.document.doc_id, version) != members[k]:
            return None
        cut, member = docs[k], members[k]
        names.add(member[0], features.names)
        layers = MappingProxyType({"claims": share_spans(doc.layer("claims"), shared), "events": cut.layer("events")})
        marks = claim_marks(doc.text, body_claims(doc)) if doc.text.strip() else None
        items.append(CorpusDoc(AnalyzedDoc(cut.document, layers), replace(head_features(features), names=_NO_NAMES),
                               marks))
    return items if len(items) == len(docs) else None


def load_corpus(store: Store, doc_ids: Collection[str] | None = None, heads: bool = False,
                names: DocNames | None = None) -> tuple[list[CorpusDoc], list[tuple[str, int | None]]]:
    """What the cross-outlet step holds of every stored document (or of ``doc_ids``): the
    claims and events layers and the stored features, never the tokens, sentences or mentions;
    the features of a document stored without them are computed from its layers and stored.
    Also the (doc_id, saved version) of each. ``heads``: each text cut after its lead, and no
    shingles (``features.head``: text reuse found already). ``names``: every name each document
    mentions put there as it loads, and not held in its features (``corpus.DocNames``)."""
    from tabayyun.analysis.features import (
        CORPUS_LAYERS,
        FEATURE_LAYERS,
        Shared,
        corpus_doc,
        features_of,
        head,
        pack,
        unpack,
    )

    items: list[CorpusDoc | None] = []
    members: list[tuple[str, int | None]] = []
    missing: dict[str, int] = {}
    shared = Shared()
    for doc, version, packed in store.corpus_inputs(CORPUS_LAYERS, doc_ids):
        features = unpack(packed, shared) if packed is not None else None
        members.append((doc.document.doc_id, version))
        if features is None:
            missing[doc.document.doc_id] = len(items)
            items.append(None)
        else:
            if names is not None:
                names.add(doc.document.doc_id, features.names)
                features = replace(features, names=_NO_NAMES)
            items.append(head(corpus_doc(doc, features), shared) if heads else corpus_doc(doc, features))
    if missing:
        computed = []
        for doc in store.analyzed(tuple(dict.fromkeys(FEATURE_LAYERS + CORPUS_LAYERS)), missing):
            features = features_of(doc)
            computed.append((doc.document.doc_id, pack(features)))
            if names is not None:
                names.add(doc.document.doc_id, features.names)
                features = replace(features, names=_NO_NAMES)
            item = corpus_doc(doc, features)
            items[missing[doc.document.doc_id]] = head(item, shared) if heads else item
        store.store_features(computed)
    return [c for c in items if c is not None], members


def prepare(pipeline: Pipeline, store: Store, apart: bool = False) -> Fingerprint:
    """Check the knowledge files (``KnowledgeError`` before anything is stored) and register the
    pipeline's fingerprint with the store. ``apart``: the default pipeline is checked in a
    process of its own, so that this one, which only stores what workers analyse, never holds
    the models and data (about 250 MB) while it runs the cross-outlet step."""
    if apart:
        in_own_process(_check_default_knowledge)
    else:
        check_knowledge(pipeline)
    fingerprint = pipeline_fingerprint(pipeline)
    store.record_fingerprint(FingerprintInfo(fingerprint.digest, fingerprint.description))
    return fingerprint


def _check_default_knowledge() -> None:
    check_knowledge(default_pipeline())


def _flush(store: Store, pending: list[Outcome], fingerprint: str, report: RunReport) -> None:
    """Write a batch in one transaction; if the batch fails, each document on its own, so that
    one document the store refuses does not cost the others."""
    if not pending:
        return
    try:
        results = store.save_many(pending, fingerprint)
    except StoreError:
        results = []
        for outcome in pending:
            try:
                results.append(store.save(outcome, fingerprint))
            except StoreError as exc:
                doc = outcome.analyzed.document
                report.problems.append(IngestProblem(doc.source_path or doc.doc_id, f"not stored: {exc}"))
    for result in results:
        report.saved[result] += 1
    pending.clear()


def analyze_documents(documents: Iterable[Document | IngestProblem], store: Store,
                      pipeline: Pipeline | None = None, progress: Progress | None = None,
                      reanalyze: bool = False, batch_size: int | None = None,
                      analyser: Analyser | None = None) -> RunReport:
    """Store the analysis of every new or changed document, then the cross-outlet records.

    The documents are analysed by ``analyser`` (this process by default; worker processes or a
    Dask cluster: ``tabayyun.workers``), which sends their outcomes back in input order; this
    process is the one writer and stores them in batches."""
    default = pipeline is None
    pipeline = pipeline or default_pipeline()
    analyser = analyser or InProcess(pipeline)
    batch_size = batch_size or BATCH_SIZE
    fingerprint = prepare(pipeline, store, apart=default and not isinstance(analyser, InProcess))
    report = RunReport()

    def to_analyse() -> Iterator[Document]:
        for n, item in enumerate(_inputs(documents, report), start=1):
            if isinstance(item, IngestProblem):
                report.problems.append(item)
                label = item.path
            else:
                label = item.doc_id
                refusal = store.refusal(item)
                if refusal:
                    report.problems.append(IngestProblem(item.source_path or item.doc_id, refusal))
                elif store.status_of(item) is SaveResult.UNCHANGED:
                    report.saved[SaveResult.UNCHANGED] += 1
                else:
                    yield item
            if progress:
                progress.update(n, label)

    _store_all(store, analyser.map(to_analyse()), fingerprint.digest, report, batch_size)
    if reanalyze:
        # a phase, not per-document updates: the bar counts this run's inputs, not stored documents
        if progress:
            progress.phase("re-analysing stored documents of another pipeline")
        _store_all(store, analyser.map(store.stale_documents(fingerprint.digest)), fingerprint.digest,
                   report, batch_size)
    report.stage_seconds = dict(analyser.seconds)
    report.stale = store.count_stale(fingerprint.digest)
    refresh_corpus(store, report, progress, apart=analyser.here)
    return report


def _inputs(documents: Iterable[Document | IngestProblem], report: RunReport) -> Iterator[Document | IngestProblem]:
    """The inputs read, counted from 1; warnings (an input read but changed) are kept aside."""
    for item in documents:
        if isinstance(item, IngestProblem) and item.warning:
            report.warnings.append(item)
            continue
        yield item


def _store_all(store: Store, outcomes: Iterable[Outcome], fingerprint: str, report: RunReport,
               batch_size: int) -> None:
    pending: list[Outcome] = []
    for outcome in outcomes:
        report.failures.extend(outcome.failures)
        pending.append(outcome)
        if len(pending) >= batch_size:
            _flush(store, pending, fingerprint, report)
    _flush(store, pending, fingerprint, report)


def refresh_documents(store: Store, pipeline: Pipeline | None = None, progress: Progress | None = None,
                      batch_size: int | None = None, analyser: Analyser | None = None) -> RunReport:
    """Re-analyse, from their stored text, the documents another pipeline (another version,
    other knowledge files, another NER model) analysed; then the cross-outlet records."""
    pipeline = pipeline or default_pipeline()
    analyser = analyser or InProcess(pipeline)
    fingerprint = prepare(pipeline, store)
    report = RunReport()
    _store_all(store, analyser.map(store.stale_documents(fingerprint.digest)), fingerprint.digest, report,
               batch_size or BATCH_SIZE)
    report.stage_seconds = dict(analyser.seconds)
    report.stale = store.count_stale(fingerprint.digest)
    refresh_corpus(store, report, progress, apart=analyser.here)
    return report


def analyze_paths(paths: Sequence[Path], store: Store, manifest: dict[str, ManifestEntry] | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None,
                  progress: Progress | None = None, reanalyze: bool = False,
                  analyser: Analyser | None = None) -> RunReport:
    return analyze_documents(read_documents(paths, manifest, max_bytes, encoding), store, progress=progress,
                             reanalyze=reanalyze, analyser=analyser)
