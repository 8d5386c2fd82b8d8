"""A store N times the size of an analysed one, to measure what a page costs at scale.

Copies every document of SOURCE (with all its stored layers) into TARGET, then N more times
under suffixed ids (``doc~1``; a copy's text gains a trailing newline per copy, so that it is
not taken for the same text: every offset still lands), and its cross-outlet records with their
document, story and incident ids suffixed the same way. Nothing is analysed again; the copies
are written through the store like any analysis.

    python scripts/scale_store.py --from crisis.db --to scaled.db --copies 30

From the 987-article SaudiNewsNet store, 30 copies give 30,597 articles, 23,312 claims,
21,545 stories and 267,809 cross-outlet records, the size of the 30,850-article corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from typing import Any

from tabayyun.model import AnalyzedDoc
from tabayyun.pipeline import Outcome
from tabayyun.store import open_store

BATCH = 200


def suffixed_record(record: dict[str, Any], ids: re.Pattern[str], suffix: str) -> dict[str, Any]:
    """The record with every string that is a document, story or incident id suffixed."""
    text = ids.sub(lambda m: f'"{m.group(1)}{suffix}"', json.dumps(record, ensure_ascii=False))
    return dict(json.loads(text))


def copy_of(doc: AnalyzedDoc, k: int) -> AnalyzedDoc:
    document = replace(doc.document, doc_id=f"{doc.document.doc_id}~{k}", text=doc.document.text + "\n" * k)
    copied = AnalyzedDoc(document)
    for name in doc.layers:
        copied = copied.with_layer(name, doc.layer(name))
    return copied


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="source", required=True, help="an analysed store (SQLite file or PostgreSQL URL)")
    ap.add_argument("--to", dest="target", required=True, help="a new store")
    ap.add_argument("--copies", type=int, default=30, help="copies beside the original (default 30)")
    args = ap.parse_args()
    with open_store(args.source) as source, open_store(args.target) as target:
        if target.counts().documents:
            raise SystemExit(f"{args.target} is not empty: give a new file")
        docs = list(source.analyzed())
        records = list(source.stream_corpus_records())
        story_ids = {r["story_id"] for r in records if r.get("type") == "story"}
        incident_ids = {r["incident_id"] for r in records if r.get("type") == "incident"}
        names = sorted({d.document.doc_id for d in docs} | story_ids | incident_ids, key=len, reverse=True)
        ids = re.compile('"(' + "|".join(re.escape(n) for n in names) + ')"')
        every = list(records)
        for k in range(args.copies + 1):
            batch = [Outcome(d if k == 0 else copy_of(d, k)) for d in docs]
            for i in range(0, len(batch), BATCH):
                target.save_many(batch[i:i + BATCH])
            if k:
                every += [suffixed_record(r, ids, f"~{k}") for r in records]
        target.replace_corpus_records(every)
        counts = target.counts()
        print(f"{args.target}: {counts.documents} documents, {counts.spans.get('claims', 0)} claims, "
              f"{len(every)} cross-outlet records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
