"""CPU seconds and peak RSS of a full cross-outlet rebuild of a store, as ``tabayyun analyze``
runs it (``runner.rebuild_corpus``, then the records streamed into the store).

It rewrites the store's cross-outlet records: run it on a copy. With a second argument, the
records are written there as JSON lines (keys sorted, in store order) to compare two versions;
run both with one ``PYTHONHASHSEED`` (some ties are broken by iterating sets of strings).

    cp store.db /tmp/copy.db && PYTHONHASHSEED=0 python scripts/rebuild_memory.py /tmp/copy.db [out.jsonl]
"""

from __future__ import annotations

import json
import resource
import sys

from tabayyun.analysis.corpus import iter_corpus_records
from tabayyun.runner import rebuild_corpus
from tabayyun.store import open_store


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _say(label: str, start: float) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {_cpu() - start:.1f} CPU-s, peak RSS {peak:.0f} MB", flush=True)


def main(path: str, out: str | None = None) -> None:
    start = _cpu()
    with open_store(path) as store:
        analysis, members = rebuild_corpus(store)
        _say(f"analysis ({len(members)} documents)", start)
        stored = store.replace_corpus_records(iter_corpus_records(analysis), members=members)
        _say(f"stored ({stored} records)", start)
        if out:
            with open(out, "w", encoding="utf-8") as f:
                for record in store.stream_corpus_records():
                    f.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
