"""Build the NER frequency table from wordfreq's Arabic list (build time only).

wordfreq (Speer et al.; Apache-2.0 code, CC BY-SA 4.0 data: Wikipedia, OpenSubtitles, news, web
and social text) ships `large_ar.msgpack.gz`: Arabic words grouped by frequency in centibels
(bucket k holds words of frequency about 10^(-k/100)). The table keeps Arabic-script words,
normalised as the tagger's features see them (`normalize`), each with its most frequent bucket:
`word<TAB>bucket`, gzipped, sorted. Install wordfreq (`pip install wordfreq msgpack`) or pass
the file with --source.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from importlib import util
from pathlib import Path

import msgpack

from tabayyun.ner.features import normalize
from tabayyun.ner.tagger import FREQUENCIES_FILE, default_model_dir

_ARABIC_WORD = re.compile("^[\u0621-\u064a]+$")


def default_source() -> Path | None:
    spec = util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "data" / "large_ar.msgpack.gz"


def build(source: Path) -> dict[str, int]:
    """{normalised Arabic word: its lowest (most frequent) centibel bucket}."""
    buckets = msgpack.unpackb(gzip.decompress(source.read_bytes()), raw=False)
    if not isinstance(buckets, list) or not isinstance(buckets[0], dict) or buckets[0].get("format") != "cB":
        raise ValueError(f"{source} is not a wordfreq cB list")
    table: dict[str, int] = {}
    for bucket, words in enumerate(buckets[1:], start=1):
        for word in words:
            norm = normalize(word)
            if _ARABIC_WORD.match(norm) and norm not in table:
                table[norm] = bucket
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None, help="wordfreq's large_ar.msgpack.gz")
    parser.add_argument("--out", type=Path, default=default_model_dir() / FREQUENCIES_FILE)
    args = parser.parse_args(argv)
    source = args.source or default_source()
    if source is None or not source.is_file():
        print("wordfreq's large_ar.msgpack.gz not found: `pip install wordfreq` or pass --source", file=sys.stderr)
        return 2
    table = build(source)
    lines = "".join(f"{word}\t{bucket}\n" for word, bucket in sorted(table.items()))
    args.out.write_bytes(gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(table)} words -> {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
