"""Where the per-document pipeline runs: in this process, in local worker processes, or on the
workers of a Dask cluster.

The per-document pipeline is a pure function of (document, knowledge data, NER model): a worker
needs only the installed package, builds its pipeline once and sends back each document's
``Outcome``. Outcomes come back in input order whatever finishes first, so a run on N workers
stores exactly what a run in one process stores; one writer (the caller) stores them in batches.
At most ``window`` documents are in flight at once, so memory stays flat whatever the input size.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from functools import lru_cache
from itertools import chain, islice
from typing import Any, Protocol, TypeVar

from tabayyun.model import Document
from tabayyun.pipeline import Outcome, Pipeline

# documents in flight per worker: enough to keep every worker busy while the writer stores
IN_FLIGHT_PER_WORKER = 4
# documents a one-process run (``--workers 1``) analyses in this process; a run of more runs
# them in one worker process while this process writes (``InProcess``). Measured on SaudiNewsNet
# articles (compiled): the models and per-word caches hold 355 MB after 100 articles, 499 MB
# after 500 (about their level: 504 MB after 1,000); the worker process costs ~1.5 CPU-s more
# (its imports and models), 50 articles 2.4–2.6 CPU-s in it against 0.95 here
ONE_PROCESS_DOCUMENTS = 500
# how often a worker checks that the process that started it is still there
PARENT_CHECK_SECONDS = 0.5

Result = tuple[Outcome, dict[str, float]]
# the seconds of computing the cross-outlet features, reported as a stage
FEATURES_STAGE = "features"


class WorkersError(RuntimeError):
    """The workers cannot be started or reached (a bad scheduler address, dask not installed)."""


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    from tabayyun.stages import default_pipeline

    return default_pipeline()


_worker_pipeline: Pipeline | None = None
T = TypeVar("T")


def _init_worker(pipeline: Pipeline | None) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline
    _watch_parent()


def _watch_parent() -> None:
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the process that started it is gone: a run killed with kill -9
    leaves no orphaned workers (holding its terminal or pipes) behind."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def analyse_one(document: Document) -> Result:
    """Run the pipeline on one document in a worker; the outcome and the seconds per stage it took."""
    return _run_timed(_worker_pipeline or _default_pipeline(), document)


def _run_timed(pipeline: Pipeline, document: Document) -> Result:
    """The outcome, with the document's cross-outlet features, and the seconds per stage this
    document took (the pipeline keeps running totals)."""
    before = dict(pipeline.seconds)
    outcome = pipeline.run(document)
    seconds = {k: v - before.get(k, 0.0) for k, v in pipeline.seconds.items()}
    started = time.process_time()
    outcome = with_features(outcome)
    seconds[FEATURES_STAGE] = time.process_time() - started
    return outcome, seconds


def with_features(outcome: Outcome) -> Outcome:
    """The outcome with its document's cross-outlet features packed, computed here, where the
    document's layers are, so that the cross-outlet step never reads them; a document the
    features cannot be computed for gets none (the cross-outlet step computes them again)."""
    from tabayyun.analysis.features import features_of, pack

    try:
        return replace(outcome, features=pack(features_of(outcome.analyzed)))
    except Exception:  # features are an optimisation; the layers are what is stored
        return outcome


def in_own_process(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a fresh process of its own, which ends with this one: spawned, so that it
    holds none of this process's memory (models, caches) nor its store connections. Its result,
    or its exception raised here."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_watch_parent) as pool:
        return pool.submit(fn, *args).result()


class Analyser(Protocol):
    """Runs the pipeline over documents; outcomes in input order. ``here``: whether the
    pipeline runs (or ran) in this process, which then holds its models and caches."""

    description: str
    seconds: dict[str, float]
    here: bool

    def map(self, documents: Iterable[Document]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


class _Timed:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def _add(self, result: Result) -> Outcome:
        outcome, seconds = result
        for stage, s in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + s
        return outcome


def _in_order(submit: Callable[[Document], Any], documents: Iterable[Document], window: int,
              result: Callable[[Any], Result]) -> Iterator[Result]:
    """Submit documents with at most ``window`` in flight; yield results in submission order."""
    pending: deque[Any] = deque()
    for document in documents:
        pending.append(submit(document))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class InProcess(_Timed):
    """The pipeline in this process (one worker). ``up_to``: a run of more documents than that
    (``--workers 1``: ``ONE_PROCESS_DOCUMENTS``) runs them in one worker process instead, while
    this process writes, so that no process holds both the pipeline's per-word caches, grown
    over thousands of articles, and the writer (one process peaked at 589 MB on the whole shared
    corpus with the compiled build's cache limits, 959 MB before them; the worker at 564 MB);
    the outcomes are the same. A run of fewer stays here:
    starting a process and loading its models costs more than a small run saves. The models
    loaded here (the knowledge check, ``runner.prepare``) stay here either way (``here``)."""

    def __init__(self, pipeline: Pipeline | None = None, up_to: int | None = None) -> None:
        super().__init__()
        self.given = pipeline  # a worker process builds the default pipeline itself
        self.pipeline = pipeline or _default_pipeline()
        self.up_to = up_to
        self.worker: LocalProcesses | None = None
        self.description = "1 process"
        self.here = True

    def map(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        if self.up_to is not None:
            stream = iter(documents)
            first = list(islice(stream, self.up_to + 1))
            if len(first) > self.up_to or self.worker is not None:
                yield from self._apart(chain(first, stream))
                return
            documents = first
        for document in documents:
            yield self._add(_run_timed(self.pipeline, document))

    def _apart(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        if self.worker is None:
            self.worker = LocalProcesses(1, self.given)
            self.description = "1 worker process"
        worker = self.worker
        before = dict(worker.seconds)
        yield from worker.map(documents)
        for stage, s in worker.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + s - before.get(stage, 0.0)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()


class LocalProcesses(_Timed):
    """``workers`` processes on this machine, each with its own pipeline. A run of a few
    documents (no more than the workers could hold in flight) stays in this process: starting
    the workers and loading their models would cost more than it saves."""

    def __init__(self, workers: int, pipeline: Pipeline | None = None) -> None:
        super().__init__()
        self.workers = workers
        self.pipeline = pipeline
        self.window = workers * IN_FLIGHT_PER_WORKER
        self.pool: ProcessPoolExecutor | None = None
        self.description = f"{workers} worker processes"
        self.here = False  # until a run of a few documents stays in this process

    def _start(self) -> ProcessPoolExecutor:
        if self.pool is None:
            # spawn: each worker is a fresh child of this process (not a copy of one holding store
            # connections, nor a grandchild through a fork server), so it sees this process end
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_init_worker, initargs=(self.pipeline,))
        return self.pool

    def map(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        stream = iter(documents)
        first = list(islice(stream, self.window + 1))
        if len(first) <= self.window and self.pool is None:
            self.here = True
            local = InProcess(self.pipeline)
            yield from local.map(first)
            for stage, s in local.seconds.items():
                self.seconds[stage] = self.seconds.get(stage, 0.0) + s
            return
        pool = self._start()

        def result(future: Future[Result]) -> Result:
            return future.result()

        for r in _in_order(lambda d: pool.submit(analyse_one, d), chain(first, stream), self.window, result):
            yield self._add(r)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


class DaskCluster(_Timed):
    """The workers of a Dask cluster (``dask.distributed``) at ``address`` (tcp://HOST:8786), or
    an existing ``Client``. Each worker builds the default pipeline from its installed package."""

    def __init__(self, address: str | None = None, client: Any = None, timeout: str = "20s") -> None:
        super().__init__()
        try:
            from distributed import Client
        except ImportError as exc:  # an optional dependency
            raise WorkersError("--scheduler needs dask.distributed: pip install 'tabayyun[dask]'") from exc
        self._own = client is None
        try:
            self.client = client or Client(address, timeout=timeout)
        except OSError as exc:
            raise WorkersError(f"cannot reach the Dask scheduler at {address}: {exc} "
                               "(is `dask scheduler` running there, and the port open?)") from exc
        workers = len(self.client.scheduler_info().get("workers", {}))
        self.window = max(1, workers) * IN_FLIGHT_PER_WORKER
        self.here = False
        self.description = f"Dask cluster {self.client.scheduler_info().get('address', address)} ({workers} workers)"

    def map(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        def result(future: Any) -> Result:
            value: Result = future.result()
            future.release()
            return value

        for r in _in_order(lambda d: self.client.submit(analyse_one, d, pure=False), documents,
                           self.window, result):
            yield self._add(r)

    def close(self) -> None:
        if self._own:
            self.client.close()


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_analyser(workers: int | None = None, scheduler: str | None = None,
                  pipeline: Pipeline | None = None) -> Analyser:
    """In one process for ``workers == 1`` (its pipeline in one worker process for a run of
    more than ``ONE_PROCESS_DOCUMENTS``); local processes for more (default: every core); a
    Dask cluster when a scheduler address is given."""
    if scheduler:
        if pipeline is not None:
            raise WorkersError("a Dask cluster runs the installed default pipeline; a custom one runs locally")
        return DaskCluster(scheduler)
    n = default_workers() if workers is None else workers
    if n < 1:
        raise WorkersError(f"--workers must be 1 or more, not {n}")
    return InProcess(pipeline, ONE_PROCESS_DOCUMENTS) if n == 1 else LocalProcesses(n, pipeline)
