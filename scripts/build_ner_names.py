"""Build the NER model's external name lists (`names.tsv`) from the arabnamer and arwikicats packages.

Build time only: `pip download --no-deps arabnamer arwikicats` and pass the two wheels (or their
installed folders). What is taken and why: `tabayyun.ner.names`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabayyun.ner.names import compile_names
from tabayyun.ner.tagger import NAMES_FILE, default_model_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arabnamer", type=Path, required=True, help="arabnamer wheel or folder")
    parser.add_argument("--arwikicats", type=Path, required=True, help="arwikicats wheel or folder")
    parser.add_argument("--out", type=Path, default=default_model_dir() / NAMES_FILE)
    args = parser.parse_args(argv)
    for location in (args.arabnamer, args.arwikicats):
        if not location.exists():
            print(f"error: {location} does not exist (pip download --no-deps arabnamer arwikicats)", file=sys.stderr)
            return 2
    lines = compile_names(args.arabnamer, args.arwikicats)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} entries -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
