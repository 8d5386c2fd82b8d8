"""Several `analyze` processes on one store at once: crashes, lost and duplicated documents.

For each backend (SQLite file, PostgreSQL schema), each number of writers (2, 4) and each
input mode (`same`: every writer gets the same articles; `different`: each its own), runs
N trials on a fresh store with the writers started together, then counts:

  crashes     writers that exited non-zero or printed a traceback
  lost        documents of the inputs missing from the store, or stored without their layers
  duplicated  documents stored more than once (another id for one text, or ids not in the inputs)

A benchmark-style script: it prints the figures (all must be 0) and exits 1 if any is not.

    python scripts/concurrency_trials.py [--trials 20] [--writers 2 4] [--backends sqlite postgresql]
        [--docs 6] [--light] [--postgres URL]  (default URL: $TABAYYUN_TEST_POSTGRES)

`--light` runs the segment stage only (the store is what is under test; tests use it), else
the writers are the real `tabayyun analyze` command with the whole pipeline.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("TABAYYUN_SHARED", REPO.parent / "shared")) / "corpus" / "saudinewsnet" / "articles.jsonl.gz"

LIGHT_WRITER = """
import sys
from pathlib import Path
from tabayyun.ingest import read_documents
from tabayyun.pipeline import Pipeline
from tabayyun.runner import analyze_documents
from tabayyun.stages import registry
from tabayyun.store import open_store
db, path = sys.argv[1], sys.argv[2]
with open_store(db) as store:
    analyze_documents(read_documents([Path(path)], max_bytes=10**8), store,
                      pipeline=Pipeline.build(["segment"], registry()), batch_size=2)
"""


def articles(n: int) -> list[dict[str, object]]:
    """The first n articles of the shared corpus that have a text."""
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if str(record.get("text") or "").strip():
                out.append(record)
                if len(out) == n:
                    break
    return out


@contextmanager
def fresh_store(backend: str, work: Path, postgres: str | None) -> Iterator[str]:
    if backend == "sqlite":
        yield str(work / f"{uuid.uuid4().hex[:8]}.db")
        return
    import psycopg

    if not postgres:
        raise SystemExit("--backends postgresql needs --postgres URL or $TABAYYUN_TEST_POSTGRES")
    schema = f"trial_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")  # type: ignore[arg-type]
    try:
        sep = "&" if "?" in postgres else "?"
        yield f"{postgres}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]


def expected_ids(inputs: list[Path]) -> set[str]:
    from tabayyun.ingest import IngestProblem, read_documents

    return {d.doc_id for d in read_documents(inputs, max_bytes=10**8) if not isinstance(d, IngestProblem)}


def trial(db: str, inputs: list[Path], light: bool) -> tuple[int, int, int]:
    from tabayyun.store import open_store

    if light:
        commands = [[sys.executable, "-c", LIGHT_WRITER, db, str(path)] for path in inputs]
    else:
        commands = [[sys.executable, "-m", "tabayyun", "analyze", str(path), "--db", db, "--quiet", "--max-mb", "100"]
                    for path in inputs]
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    crashes = 0
    for proc in procs:
        _out, err = proc.communicate(timeout=3600)
        if proc.returncode != 0 or "Traceback" in err:
            crashes += 1
            print(f"    writer failed (rc {proc.returncode}): {err.strip().splitlines()[-1:] }", file=sys.stderr)
    wanted = expected_ids(sorted(set(inputs)))
    with open_store(db) as store:
        docs = list(store.analyzed(["sentences"]))
    stored = Counter(d.document.doc_id for d in docs)
    hashes = Counter(d.document.content_hash for d in docs)
    complete = {d.document.doc_id for d in docs if "sentences" in d.layers and d.layer("sentences")}
    lost = len(wanted - complete)
    duplicated = sum(n - 1 for n in stored.values()) + sum(n - 1 for n in hashes.values()) + len(set(stored) - wanted)
    return crashes, lost, duplicated


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--writers", type=int, nargs="+", default=[2, 4])
    ap.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    ap.add_argument("--modes", nargs="+", default=["same", "different"], choices=["same", "different"])
    ap.add_argument("--docs", type=int, default=6, help="articles per writer")
    ap.add_argument("--light", action="store_true", help="segment stage only (tests the store, not the pipeline)")
    ap.add_argument("--postgres", default=os.environ.get("TABAYYUN_TEST_POSTGRES"))
    args = ap.parse_args()

    pool = articles(args.docs * max(args.writers))
    bad = 0
    with tempfile.TemporaryDirectory(prefix="tabayyun-writers-") as tmp:
        work = Path(tmp)
        print(f"{'backend':10} {'writers':>7} {'input':9} {'trials':>6} {'crashes':>7} {'lost':>5} {'duplicated':>10} "
              f"{'s/trial':>7}")
        for backend in args.backends:
            for writers in args.writers:
                for mode in args.modes:
                    inputs = []
                    for w in range(writers):
                        chunk = pool[:args.docs] if mode == "same" else pool[w * args.docs:(w + 1) * args.docs]
                        path = work / f"{mode}-{writers}-{w if mode == 'different' else 0}.jsonl"
                        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk),
                                        encoding="utf-8")
                        inputs.append(path)
                    totals = [0, 0, 0]
                    started = time.perf_counter()
                    for _ in range(args.trials):
                        with fresh_store(backend, work, args.postgres) as db:
                            for k, v in enumerate(trial(db, inputs, args.light)):
                                totals[k] += v
                    per = (time.perf_counter() - started) / max(args.trials, 1)
                    bad += sum(totals)
                    print(f"{backend:10} {writers:7} {mode:9} {args.trials:6} {totals[0]:7} {totals[1]:5} "
                          f"{totals[2]:10} {per:7.1f}", flush=True)
    print("all trials clean" if not bad else f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
