"""kill -9 at chosen points of a run, then a re-run: the store equals a clean run's.

The full version (20 random kill points over 2,000 real articles) is scripts/kill_trials.py;
here the process kills itself (SIGKILL, no clean-up) at the points that matter: inside a
batch's transaction, between batches, before and inside the cross-outlet write.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tabayyun.demo import samples_dir
from tabayyun.store import open_store
from tabayyun.store.digest import content_digest

KILLER = r"""
import os, signal, sys
from tabayyun import runner
from tabayyun.cli import main
from tabayyun.store.postgres import PostgresStore
from tabayyun.store.sql import SQLStore
from tabayyun.store.sqlite import SQLiteStore

point, args = sys.argv[1], sys.argv[2:]
runner.BATCH_SIZE = 4
calls = [0]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point == "inside-a-batch":
    real_one = SQLStore._save_one
    def save_one(self, outcome, fingerprint):
        result = real_one(self, outcome, fingerprint)
        calls[0] += 1
        if calls[0] == 6:  # the second document of the second batch, before its commit
            die()
        return result
    SQLStore._save_one = save_one
elif point == "between-batches":
    real_many = SQLStore.save_many
    def save_many(self, outcomes, fingerprint=None):
        result = real_many(self, outcomes, fingerprint)
        calls[0] += 1
        if calls[0] == 2:
            die()
        return result
    SQLStore.save_many = save_many
elif point == "cross-outlet-compute":
    runner.rebuild_corpus = lambda store: die()
elif point == "cross-outlet-write":
    for cls in (SQLiteStore, PostgresStore):
        def executemany(self, sql, rows, real=cls._executemany):
            real(self, sql, rows)
            if sql.startswith("INSERT INTO corpus_records"):
                die()
        cls._executemany = executemany
sys.exit(main(args))
"""


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fifteen articles (the samples three times over, each copy a distinct text) with a manifest."""
    folder = tmp_path_factory.mktemp("articles")
    rows = ["doc_id,outlet,published,url"]
    manifest = (samples_dir() / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]
    for copy in range(3):
        for line in manifest:
            doc_id, rest = line.split(",", 1)
            text = (samples_dir() / f"{doc_id}.txt").read_text(encoding="utf-8")
            (folder / f"{doc_id}_{copy}.txt").write_text(f"{text}\n\nنسخة {copy}\n", encoding="utf-8")
            rows.append(f"{doc_id}_{copy},{rest}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _run(articles: Path, db: str, point: str | None = None) -> subprocess.CompletedProcess[str]:
    args = ["analyze", str(articles), "--manifest", str(articles / "manifest.csv"), "--db", db, "--quiet"]
    code = KILLER if point else "import sys; from tabayyun.cli import main; sys.exit(main(sys.argv[2:]))"
    # one hash seed: the cross-outlet analysis orders some ties by set iteration
    env = {**{k: v for k, v in os.environ.items() if k != "TABAYYUN_DATA"}, "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, "-c", code, point or "-", *args], capture_output=True, text=True,
                          env=env, timeout=600, check=False)


@pytest.fixture(scope="module")
def clean_digest(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    db = str(tmp_path_factory.mktemp("clean") / "clean.db")
    assert _run(articles, db).returncode == 0
    with open_store(db) as store:
        assert store.counts().documents == 15
        return content_digest(store)


KILL_POINTS = [("inside-a-batch", 4), ("between-batches", 8), ("cross-outlet-compute", 15),
               ("cross-outlet-write", 15)]
# the points inside a transaction on PostgreSQL too; the others do not depend on the backend
CASES = [("sqlite", *p) for p in KILL_POINTS] + [("postgresql", *p) for p in KILL_POINTS if "write" in p[0] or
                                                 "inside" in p[0]]


@pytest.mark.parametrize(("backend", "point", "stored_at_kill"), CASES)
def test_kill_then_rerun_equals_a_clean_run(articles: Path, clean_digest: dict[str, str], tmp_path: Path,
                                           request: pytest.FixtureRequest, backend: str, point: str,
                                           stored_at_kill: int) -> None:
    target = str(tmp_path / "t.db") if backend == "sqlite" else str(request.getfixturevalue("postgres_url"))
    killed = _run(articles, target, point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with open_store(target) as store:
        assert store.counts().documents == stored_at_kill
        assert store.corpus_state().stale and store.corpus_records() == []
    resumed = _run(articles, target)
    assert resumed.returncode == 0, resumed.stderr
    with open_store(target) as store:
        assert content_digest(store) == clean_digest
