"""`analyze --workers N` and `analyze --scheduler` store what one process stores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tabayyun.cli import main
from tabayyun.workers import IN_FLIGHT_PER_WORKER

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "tabayyun" / "data" / "samples"
UNSEEN = Path(__file__).resolve().parent / "fixtures" / "unseen"


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More articles than two workers hold in flight, so that the workers do run."""
    folder = tmp_path_factory.mktemp("articles")
    texts = sorted(SAMPLES.glob("*.txt")) + sorted(UNSEEN.glob("*.txt"))
    for k in range(2 * IN_FLIGHT_PER_WORKER + 5):
        shutil.copy(texts[k % len(texts)], folder / f"a{k:02d}.txt")
        # one more line each, so that no copy is a duplicate of another
        with (folder / f"a{k:02d}.txt").open("a", encoding="utf-8") as f:
            f.write(f"\n\nرقم المادة {k}\n")
    return folder


def _export(folder: Path, db: Path, *options: str) -> list[str]:
    assert main(["analyze", str(folder), "--db", str(db), "--quiet", *options]) == 0
    out = db.with_suffix(".jsonl")
    assert main(["export", "--format", "jsonl", "--db", str(db), "--out", str(out)]) == 0
    return sorted(out.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def one_process(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _export(articles, tmp_path_factory.mktemp("one") / "one.db", "--workers", "1")


def test_two_workers_store_what_one_process_stores(articles: Path, one_process: list[str], tmp_path: Path) -> None:
    records = _export(articles, tmp_path / "two.db", "--workers", "2")
    assert records == one_process
    kinds = {json.loads(r)["type"] for r in records}
    assert {"document", "claim", "story"} <= kinds


@pytest.mark.slow
def test_a_dask_local_cluster_stores_what_one_process_stores(articles: Path, one_process: list[str],
                                                             tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        assert _export(articles, tmp_path / "dask.db", "--scheduler", cluster.scheduler_address) == one_process


def test_no_workers_is_refused_with_what_to_do(articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(articles), "--db", str(tmp_path / "x.db"), "--workers", "0"]) == 2
    assert "--workers must be 1 or more" in capsys.readouterr().err
