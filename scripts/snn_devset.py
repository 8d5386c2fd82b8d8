"""Write the texts of an annotated SaudiNewsNet development set from the shared corpus.

The project keeps its own development gold (``tests/quality/snn2015.gold.json``) as ids, names
and numbers only: the articles' texts never enter the project (their licence is non-commercial).
This script rebuilds them, one ``DOC_ID.txt`` each plus a ``manifest.csv``, from
``../shared/corpus/saudinewsnet/articles.jsonl.gz``, in the convention of the shared dev2015 set:
the title, a blank line, then the text (both HTML-unescaped already in the corpus).

    python scripts/snn_devset.py OUT_DIR [--gold tests/quality/snn2015.gold.json] [--ids ID ...]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from tabayyun.safety import safe_csv_row

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT / "tests" / "quality" / "snn2015.gold.json"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet" / "articles.jsonl.gz"

# the corpus's outlet keys and the names the shared dev2015 manifest uses for them
OUTLET_NAMES = {
    "aawsat": "Al-Sharq Al-Awsat", "alriyadh": "Al-Riyadh", "aljazirah": "Al-Jazirah", "alyaum": "Al-Yaum",
    "aleqtisadiya": "Al-Eqtisadiya", "okaz": "Okaz", "alwatan": "Al-Watan", "almadina": "Al-Madina",
    "alweeam": "Al-Weeam", "3alyoum": "Ain Alyoum", "sabq": "Sabq", "was": "Saudi Press Agency",
    "arreyadi": "Arreyadi", "arriyadiyah": "Arriyadiyah",
}


def article_text(record: dict[str, str]) -> str:
    """The text an annotation's offsets index: title, blank line, body."""
    return f"{record['title']}\n\n{record['text']}"


def read_articles(corpus: Path, ids: Iterable[str]) -> dict[str, dict[str, str]]:
    wanted = set(ids)
    found: dict[str, dict[str, str]] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                found[record["id"]] = record
    missing = sorted(wanted - set(found))
    if missing:
        raise SystemExit(f"{corpus} lacks {len(missing)} annotated article(s): {', '.join(missing[:10])}")
    return found


def extract(out_dir: Path, ids: Iterable[str], corpus: Path = DEFAULT_CORPUS) -> list[str]:
    """Write DOC_ID.txt for each id and a manifest; returns the ids written."""
    articles = read_articles(corpus, ids)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        # safe_csv_row: a cell starting with = + - @ is written as text (read back by read_manifest)
        writer.writerow(["doc_id", "outlet", "published", "url"])
        for doc_id, record in sorted(articles.items()):
            (out_dir / f"{doc_id}.txt").write_text(article_text(record), encoding="utf-8")
            writer.writerow(safe_csv_row([doc_id, OUTLET_NAMES.get(record["outlet"], record["outlet"]),
                                          record["published"], record["url"]]))
    return sorted(articles)


def gold_ids(gold: Path) -> list[str]:
    return sorted(json.loads(gold.read_text(encoding="utf-8"))["documents"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--ids", nargs="*", help="article ids to write instead of the gold file's documents")
    args = ap.parse_args()
    ids = args.ids if args.ids else gold_ids(args.gold)
    written = extract(args.out_dir, ids, args.corpus)
    print(f"wrote {len(written)} articles and manifest.csv to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
