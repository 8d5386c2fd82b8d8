"""kill -9 at random points of an `analyze` run, then a re-run: does the store equal a clean run's?

Makes a clean run of N real articles from the shared corpus (default 2,000), then T trials
(default 20): each starts the same run on a fresh store, kills it with SIGKILL at a random
point — after a random number of stored documents, or inside the cross-outlet phase (about a
third of the trials) — re-runs it to the end, and compares the store with the clean one part
by part (documents, every layer, failures, cross-outlet records; ``tabayyun.store.digest``).

    python scripts/kill_trials.py [--articles 2000] [--trials 20] [--seed 1] [--db-url postgresql://…]

The cross-outlet records are compared as multisets (see ``tabayyun.store.digest``: the
analysis orders some ties by set iteration, which differs between two clean runs). Prints one
line per trial and the figure; exits 1 if any trial differs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tabayyun.store import open_store
from tabayyun.store.digest import content_digest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("TABAYYUN_SHARED", REPO.parent / "shared")) / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
ENV = {**{k: v for k, v in os.environ.items() if k != "TABAYYUN_DATA"}, "PYTHONHASHSEED": "0"}


def write_input(n: int, path: Path) -> None:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh, path.open("w", encoding="utf-8") as out:
        for i, line in enumerate(fh):
            if i == n:
                break
            out.write(line)


def command(source: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "tabayyun", "analyze", str(source), "--db", db, "--quiet", "--max-mb", "100"]


def documents_in(db: str) -> int:
    try:
        with open_store(db) as store:
            return store.counts().documents
    except Exception:  # the first writer has not created the file yet
        return 0


def clean_run(source: Path, db: str) -> tuple[float, float, int]:
    """Wall seconds of the whole run, the moment the last document was stored, and the count."""
    started = time.monotonic()
    proc = subprocess.Popen(command(source, db), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    last_count, last_change = -1, started
    while proc.poll() is None:
        n = documents_in(db)
        if n != last_count:
            last_count, last_change = n, time.monotonic()
        time.sleep(0.5)
    if proc.returncode != 0:
        raise SystemExit(f"the clean run failed: {proc.stderr.read() if proc.stderr else ''}")
    return time.monotonic() - started, last_change - started, documents_in(db)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="folder to keep the stores in (default: a temporary one)")
    ap.add_argument("--clean-from", type=Path,
                    help="reuse the input and clean run of an earlier --keep folder (to split the trials over "
                         "several processes with different --seed)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = args.keep or Path(tempfile.mkdtemp(prefix="tabayyun-kill-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.clean_from:
        source, clean_db = args.clean_from / "articles.jsonl", str(args.clean_from / "clean.db")
        timing = json.loads((args.clean_from / "clean.json").read_text(encoding="utf-8"))
        total, docs_done, n_docs = timing["total"], timing["docs_done"], timing["documents"]
    else:
        source, clean_db = work / "articles.jsonl", str(work / "clean.db")
        write_input(args.articles, source)
        total, docs_done, n_docs = clean_run(source, clean_db)
        (work / "clean.json").write_text(json.dumps({"total": total, "docs_done": docs_done, "documents": n_docs}),
                                         encoding="utf-8")
    with open_store(clean_db) as store:
        clean = content_digest(store)
    print(f"clean run: {n_docs} documents, {total:.0f} s wall, last document stored at {docs_done:.0f} s; "
          f"cross-outlet phase {total - docs_done:.0f} s; {clean['corpus_state']}", flush=True)

    differing = 0
    for t in range(1, args.trials + 1):
        db = str(work / f"trial{t}.db")
        in_corpus_phase = rng.random() < 1 / 3
        target = n_docs if in_corpus_phase else rng.randrange(0, n_docs)
        extra = rng.uniform(0.05, 0.6) * (total - docs_done) if in_corpus_phase else rng.uniform(0, 1.0)
        for _attempt in range(4):
            proc = subprocess.Popen(command(source, db), env=ENV, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            while proc.poll() is None and documents_in(db) < target:
                time.sleep(0.2)
            time.sleep(extra)
            finished_first = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            if not finished_first:
                break
            # the run ended before the kill point (a faster run than the clean one): start again, kill sooner
            for suffix in ("", "-wal", "-shm"):
                Path(db + suffix).unlink(missing_ok=True)
            extra /= 3
        stored = documents_in(db)
        with open_store(db) as store:
            state = "fresh" if not store.corpus_state().stale else "stale"
        rerun = subprocess.run(command(source, db), env=ENV, capture_output=True, text=True, check=False)
        with open_store(db) as store:
            got = content_digest(store)
        diff = [part for part in clean if got.get(part) != clean[part]]
        differing += bool(diff) or rerun.returncode != 0 or finished_first
        where = "in the cross-outlet phase" if in_corpus_phase else f"after ~{target} documents"
        print(f"trial {t:2}: {'NOT KILLED (the run ended first)' if finished_first else 'killed ' + where}: "
              f"{stored} documents stored, records {state}; re-run rc {rerun.returncode}; "
              f"{'EQUAL' if not diff else 'DIFFERENT: ' + ', '.join(diff)}", flush=True)
    print(f"{args.trials - differing}/{args.trials} trials equal to the clean run")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
