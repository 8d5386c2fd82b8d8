"""Worker processes and a Dask cluster store exactly what one process stores."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tabayyun.ingest import read_documents
from tabayyun.model import Document
from tabayyun.pipeline import Outcome
from tabayyun.workers import (
    IN_FLIGHT_PER_WORKER,
    ONE_PROCESS_DOCUMENTS,
    DaskCluster,
    InProcess,
    LocalProcesses,
    WorkersError,
    in_own_process,
    make_analyser,
)

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "tabayyun" / "data" / "samples"
UNSEEN = Path(__file__).resolve().parent / "fixtures" / "unseen"


def _documents(n: int) -> list[Document]:
    """``n`` documents: the shipped samples and the unseen-crisis fixtures, repeated under new ids."""
    base = [d for d in read_documents([SAMPLES, UNSEEN]) if isinstance(d, Document)]
    return [replace(base[k % len(base)], doc_id=f"{base[k % len(base)].doc_id}~{k}") for k in range(n)]


def _layers(outcomes: list[Outcome]) -> list[tuple[Any, ...]]:
    return [(o.analyzed.document.doc_id, {name: o.analyzed.layer(name) for name in o.analyzed.layers},
             o.failures) for o in outcomes]


@pytest.fixture(scope="module")
def one_process() -> list[tuple[Any, ...]]:
    return _layers(list(InProcess().map(_documents(2 * IN_FLIGHT_PER_WORKER + 3))))


def test_worker_processes_give_what_one_process_gives(one_process: list[tuple[Any, ...]]) -> None:
    analyser = LocalProcesses(2)
    try:
        outcomes = list(analyser.map(_documents(2 * IN_FLIGHT_PER_WORKER + 3)))
        assert analyser.pool is not None  # more documents than the window: the workers ran them
    finally:
        analyser.close()
    assert _layers(outcomes) == one_process
    assert analyser.seconds and all(s >= 0 for s in analyser.seconds.values())


def test_a_few_documents_stay_in_this_process() -> None:
    analyser = LocalProcesses(2)
    assert not analyser.here
    outcomes = list(analyser.map(_documents(3)))
    assert len(outcomes) == 3 and analyser.pool is None
    assert analyser.here  # the pipeline's models are now held here (``runner.refresh_corpus`` reads it)
    analyser.close()


def test_one_process_hands_a_large_run_to_one_worker(one_process: list[tuple[Any, ...]]) -> None:
    """``--workers 1``: a run of more than ``up_to`` documents runs in one worker process while
    this one writes; the outcomes are those of this process, in input order."""
    n = 2 * IN_FLIGHT_PER_WORKER + 3
    small = InProcess(up_to=n)
    assert _layers(list(small.map(_documents(n)))) == one_process and small.worker is None
    analyser = InProcess(up_to=n - 1)
    try:
        assert _layers(list(analyser.map(_documents(n)))) == one_process
        assert analyser.worker is not None and analyser.worker.pool is not None
        assert analyser.here  # the models loaded here (the knowledge check) stay here
        assert analyser.seconds == analyser.worker.seconds and sum(analyser.seconds.values()) > 0
        # a later run of the same analyser (stored documents re-analysed) goes to the worker too
        pool, spent = analyser.worker.pool, sum(analyser.seconds.values())
        again = list(analyser.map(_documents(2)))
        assert _layers(again) == one_process[:2] and analyser.worker.pool is pool
        assert sum(analyser.seconds.values()) > spent
    finally:
        analyser.close()


def test_in_own_process_runs_elsewhere_and_returns_or_raises() -> None:
    # functions a spawned process can import (this test module is not importable there)
    assert in_own_process(os.getpid) != os.getpid()
    assert in_own_process(divmod, 17, 5) == (3, 2)
    with pytest.raises(ValueError, match="invalid literal"):
        in_own_process(int, "not a number")


def test_a_local_dask_cluster_gives_what_one_process_gives(one_process: list[tuple[Any, ...]]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        analyser = DaskCluster(client=client)
        outcomes = list(analyser.map(_documents(2 * IN_FLIGHT_PER_WORKER + 3)))
        analyser.close()
    assert _layers(outcomes) == one_process


def test_an_unreachable_scheduler_says_what_to_check() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(WorkersError, match="cannot reach the Dask scheduler"):
        DaskCluster("tcp://127.0.0.1:9", timeout="2s")


def test_make_analyser_by_workers() -> None:
    one = make_analyser(1)
    assert isinstance(one, InProcess) and one.here and one.up_to == ONE_PROCESS_DOCUMENTS
    assert InProcess().up_to is None  # the library's default: always in this process
    assert isinstance(make_analyser(3), LocalProcesses)
    with pytest.raises(WorkersError):
        make_analyser(0)
