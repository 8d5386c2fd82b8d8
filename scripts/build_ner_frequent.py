"""Rebuild the NER model's table of frequent words (`frequent_words.npz.xz`, see tabayyun.ner.frequent).

`tabayyun train-ner` writes the table with the model; run this after changing a file the word
attributes come from (gazetteer, name lists, clusters, triggers, frequencies) without retraining.

    python scripts/build_ner_frequent.py [--model DIR] [--words 100000]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tabayyun.ner.frequent import DEFAULT_WORDS
from tabayyun.ner.tagger import default_model_dir, write_frequent_words


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=None, help="artefact directory (default: the shipped model)")
    ap.add_argument("--words", type=int, default=DEFAULT_WORDS, help="how many of the most frequent words")
    args = ap.parse_args()
    path = write_frequent_words(args.model or default_model_dir(), args.words)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
