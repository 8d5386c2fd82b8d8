"""Throughput of `analyze`: the seed articles repeated to N documents (default 1,000).

Prints articles/s, characters/s, peak memory, and seconds per pipeline stage (extraction
speed per layer). A benchmark, not a test: it asserts nothing.

    python scripts/bench.py [--docs 1000] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from tabayyun.ingest.manifest import read_manifest
from tabayyun.runner import analyze_paths
from tabayyun.store import open_store


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    args = ap.parse_args()
    seeds = args.shared / "corpus" / "seeds"
    manifest = read_manifest(seeds / "manifest.csv")
    texts = sorted(seeds.glob("*.txt"))
    work = Path(tempfile.mkdtemp(prefix="tabayyun-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        rows = ["doc_id,outlet,published,url"]
        chars = 0
        for i in range(args.docs):
            src = texts[i % len(texts)]
            entry = manifest[src.stem]
            # a distinct last line keeps each copy a distinct document (ingest is idempotent by content)
            text = src.read_text(encoding="utf-8") + f"\n\nنسخة {i}\n"
            chars += len(text)
            (corpus / f"{src.stem}_{i:04d}.txt").write_text(text, encoding="utf-8")
            rows.append(f"{src.stem}_{i:04d},{entry.outlet or ''},{entry.published or ''},")
        (work / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        with open_store(work / "bench.db") as store:
            report = analyze_paths([corpus], store, read_manifest(work / "manifest.csv"))
        elapsed = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        saved = ", ".join(f"{n} {k}" for k, n in report.saved.items())
        print(f"documents: {report.documents_seen} ({saved}), failures: {len(report.failures)}")
        print(f"total: {elapsed:.1f} s, {report.documents_seen / elapsed:.1f} articles/s, "
              f"{chars / elapsed / 1000:.0f} k chars/s, peak memory {peak_mb:.0f} MB")
        print("seconds per stage (extraction speed per layer):")
        for stage, seconds in report.stage_seconds.items():
            print(f"  {stage:13} {seconds:7.2f} s  {report.documents_seen / max(seconds, 1e-9):9.1f} articles/s  "
                  f"{chars / max(seconds, 1e-9) / 1000:9.0f} k chars/s")
        pipeline_s = sum(report.stage_seconds.values())
        print(f"  pipeline total {pipeline_s:.1f} s; ingest + store + cross-outlet analysis {elapsed - pipeline_s:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
