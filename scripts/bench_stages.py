"""CPU speed of the per-document pipeline, stage by stage, on real articles; and a full dump of its output.

Reads N articles from a JSON Lines corpus (default: the first 2,000 of the shared SaudiNewsNet
copy), builds each Document as ingest does, runs the default pipeline once per document in this
process and prints whitespace tokens per CPU-second for every stage and in total (CPU time from
time.process_time, so other load on a shared machine does not count). Loading the data files and
the NER model is timed apart, on one of the bundled sample articles, before the timed run.

``--dump FILE`` writes every layer of every document (and any stage failure) as JSON Lines, so
that two versions of the pipeline can be compared byte for byte (``cmp before.jsonl after.jsonl``).
``--large MB [MB ...]`` also builds articles of those sizes by concatenating real ones and times
each on its own (and adds them to the dump): the cost of a large article should grow about
linearly with its size.
``--profile N`` runs under cProfile and prints the N functions with the most own time.

A benchmark, not a test: it asserts nothing.

    python scripts/bench_stages.py [--docs 2000] [--skip 0] [--dump out.jsonl] [--large 0.5 4.9]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gzip
import json
import pstats
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import date
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any

from tabayyun.ingest import to_document
from tabayyun.ingest.formats import RawArticle
from tabayyun.ingest.manifest import parse_date
from tabayyun.model import Document
from tabayyun.pipeline import Outcome, Pipeline
from tabayyun.stages import default_pipeline

_DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "saudinewsnet" / "articles.jsonl.gz"


def read_articles(path: Path, skip: int, limit: int) -> Iterator[Document]:
    """Documents built from a JSON Lines corpus (gzipped or not), as ingest builds them."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        n = 0
        for line_no, line in enumerate(lines):
            if line_no < skip or not line.strip():
                continue
            if n >= limit:
                return
            yield _document(json.loads(line), f"line-{line_no + 1}")
            n += 1


def _document(obj: dict[str, Any], fallback_id: str) -> Document:
    text = obj["text"].replace("\r\n", "\n").replace("\r", "\n")
    raw = RawArticle(str(obj.get("id") or fallback_id), text, "bench", "utf-8", obj.get("title"),
                     obj.get("outlet"), parse_date(obj.get("published")), obj.get("url"))
    return to_document(raw, None)


def large_article(path: Path, megabytes: float) -> Document:
    """One article of about ``megabytes`` MB of UTF-8: the corpus's first articles concatenated,
    a blank line between. (Articles whose relative dates left the calendar used to be left out
    here; the times stage now reads those as durations, so every article is taken.)"""
    want = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    first: Document | None = None
    for doc in read_articles(path, 0, sys.maxsize):
        first = first or doc
        parts.append(doc.text)
        size += len(doc.text.encode("utf-8")) + 2
        if size >= want:
            break
    if first is None:
        raise SystemExit(f"error: {path} holds no article")
    return to_document(RawArticle(f"large-{megabytes}MB", "\n\n".join(parts), "bench", "utf-8",
                                  None, first.outlet, first.published), None)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def dump_line(outcome: Outcome) -> str:
    """Every layer of one analysed document, the failures and skipped stages, as one JSON line."""
    doc = outcome.analyzed
    record = {
        "doc_id": doc.document.doc_id,
        "layers": {name: [_plain(s) for s in spans] for name, spans in sorted(doc.layers.items())},
        "failures": [[f.stage, f.error] for f in outcome.failures],
        "skipped": list(outcome.skipped),
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _sample_document() -> Document:
    folder = resources.files("tabayyun.data").joinpath("samples")
    name = next(p.name for p in folder.iterdir() if p.name.endswith(".txt"))
    text = folder.joinpath(name).read_text(encoding="utf-8")
    return to_document(RawArticle("warm-up", text, name, "utf-8"), None)


def _report(title: str, seconds: dict[str, float], tokens: int, chars: int, docs: int) -> None:
    print(title)
    print(f"  {'stage':13} {'CPU s':>9} {'tokens/CPU-s':>13} {'articles/CPU-s':>15} {'share':>7}")
    total = sum(seconds.values())
    for stage, s in seconds.items():
        print(f"  {stage:13} {s:9.2f} {tokens / max(s, 1e-9):13,.0f} {docs / max(s, 1e-9):15.1f} "
              f"{s / max(total, 1e-9):7.1%}")
    print(f"  {'total':13} {total:9.2f} {tokens / max(total, 1e-9):13,.0f} {docs / max(total, 1e-9):15.1f}")
    print(f"  ({docs} documents, {tokens:,} whitespace tokens, {chars:,} characters)")


def run(pipeline: Pipeline, documents: list[Document], dump: Any | None) -> tuple[dict[str, float], int]:
    pipeline.seconds.clear()
    failures = 0
    for doc in documents:
        outcome = pipeline.run(doc)
        failures += len(outcome.failures)
        if dump is not None:
            dump.write(dump_line(outcome) + "\n")
    return dict(pipeline.seconds), failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=_DEFAULT_CORPUS, help="JSON Lines of articles (.gz or not)")
    ap.add_argument("--docs", type=int, default=2000, help="how many articles (default 2000)")
    ap.add_argument("--skip", type=int, default=0, help="start after this many lines of the corpus")
    ap.add_argument("--dump", type=Path, help="write every layer of every document here (JSON Lines)")
    ap.add_argument("--large", type=float, nargs="*", default=[], metavar="MB",
                    help="also time one article of each size (MB), made by concatenating real articles")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="print the N functions with most own time")
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"error: {args.corpus} does not exist; pass --corpus with a JSON Lines file of articles",
              file=sys.stderr)
        return 2

    t0 = time.process_time()
    pipeline = dataclasses.replace(default_pipeline(), clock=time.process_time)
    pipeline.run(_sample_document())  # loads the lexicons, gazetteer, knowledge base and NER model
    startup = time.process_time() - t0
    documents = list(read_articles(args.corpus, args.skip, args.docs))
    tokens = sum(len(d.text.split()) for d in documents)
    chars = sum(len(d.text) for d in documents)
    print(f"start-up (data files and NER model, one sample article): {startup:.2f} CPU s")

    profiler = cProfile.Profile() if args.profile else None
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    try:
        if profiler:
            profiler.enable()
        c0 = time.process_time()
        seconds, failures = run(pipeline, documents, dump)
        cpu = time.process_time() - c0
        if profiler:
            profiler.disable()
    finally:
        if dump is not None:
            dump.close()
    _report(f"per-document pipeline on {len(documents)} articles of {args.corpus.name} (CPU seconds, one process):",
            seconds, tokens, chars, len(documents))
    print(f"  stage failures: {failures}; process CPU for the run {cpu:.2f} s; "
          f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if dump is not None:
        print(f"  dump: {args.dump}")

    for mb in args.large:
        doc = large_article(args.corpus, mb)
        words = len(doc.text.split())
        with args.dump.open("a", encoding="utf-8") if args.dump else nullcontext() as out:
            seconds, failures = run(pipeline, [doc], out)
        _report(f"one article of {len(doc.text.encode('utf-8')) / 1e6:.2f} MB:", seconds, words, len(doc.text), 1)
        if failures:
            print(f"  stage failures: {failures}")

    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
