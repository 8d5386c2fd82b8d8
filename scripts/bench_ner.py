"""Benchmark the NER tagger: tokens/s on one core and artefact size."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tabayyun.ner.conll import read_conll
from tabayyun.ner.tagger import ENSEMBLE_FILE, MODEL_FILE, NerTagger, default_model_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path, help="CoNLL file whose tokens are tagged (e.g. ANERcorp test)")
    parser.add_argument("--model", type=Path, default=None, help="artefact directory (default: shipped)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"error: {args.file} does not exist; pass a CoNLL file", file=sys.stderr)
        return 2
    model_dir = args.model or default_model_dir()
    started = time.perf_counter()
    tagger = NerTagger.load(model_dir)
    load_s = time.perf_counter() - started
    sentences = [s.tokens for s in read_conll(args.file)]
    n = sum(len(s) for s in sentences)
    size = sum(p.stat().st_size for p in model_dir.iterdir() if p.is_file() and not p.name.endswith(".md"))
    ensemble = model_dir / ENSEMBLE_FILE
    averaged = f", averaged weights {ensemble.stat().st_size / 1e6:.2f} MB" if ensemble.is_file() else ""
    print(
        f"model file {(model_dir / MODEL_FILE).stat().st_size / 1e6:.2f} MB{averaged}, artefact dir {size / 1e6:.2f} MB"
    )
    print(f"load {load_s * 1000:.0f} ms; {n} tokens in {len(sentences)} sentences")
    # tag_text is the pipeline's path: rebuild a plain text (a blank line between sentences)
    text = "\n\n".join(" ".join(s) for s in sentences)
    cold = True
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for s in sentences:
            tagger.tag_tokens(s)
        t1 = time.perf_counter()
        tagger.tag_sentences(sentences)
        t2 = time.perf_counter()
        tagger.tag_text(text)
        t3 = time.perf_counter()
        label = "cold cache" if cold else "warm cache"
        print(
            f"{label}: tag_tokens {n / (t1 - t0):,.0f} tokens/s; tag_sentences {n / (t2 - t1):,.0f} tokens/s; "
            f"tag_text {n / (t3 - t2):,.0f} tokens/s"
        )
        cold = False
    return 0


if __name__ == "__main__":
    sys.exit(main())
