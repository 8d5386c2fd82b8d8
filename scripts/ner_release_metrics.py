"""After a release training: add test, out-of-domain and speed figures to the model's metrics.json.

`tabayyun train-ner` writes the holdout figures; this script scores the shipped (or given) model on
the ANERcorp test split and the Wojood sample's val file (PER/LOC/ORG), times `tag_text` on one core,
and records the artefact size. The test file is read for reporting only, never for a choice.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tabayyun.ner.conll import load_label_map, read_conll
from tabayyun.ner.scoring import Scores
from tabayyun.ner.tagger import NerTagger, default_model_dir
from tabayyun.ner.train import METRICS_FILE, evaluate

TEST_FILE = "ANERcorp_CAMeLsplit_reconstructed_test.txt"


def _table(scores: Scores) -> dict[str, dict[str, float]]:
    return {
        s.label: {"p": round(s.precision, 4), "r": round(s.recall, 4), "f1": round(s.f1, 4)}
        for s in [*scores.by_type.values(), scores.overall]
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ.get("TABAYYUN_SHARED", "../shared"))
    parser.add_argument("--shared", type=Path, default=shared, help="the shared/ folder (data/anercorp, data/wojood_sample)")
    parser.add_argument("--model", type=Path, default=default_model_dir())
    parser.add_argument("--repeat", type=int, default=5, help="timing runs; the best is kept")
    args = parser.parse_args(argv)
    test_path = args.shared / "data" / "anercorp" / TEST_FILE
    wojood_path = args.shared / "data" / "wojood_sample" / "val.txt"
    for path in (test_path, wojood_path):
        if not path.is_file():
            print(f"error: {path} is missing; pass --shared DIR", file=sys.stderr)
            return 2
    tagger = NerTagger.load(args.model)
    mapping = load_label_map()
    test = read_conll(test_path, mapping)
    metrics_path = args.model / METRICS_FILE
    metrics = json.loads(metrics_path.read_text(encoding="utf-8")) if metrics_path.is_file() else {}
    metrics["test"] = {"file": TEST_FILE, **_table(evaluate(tagger, test))}
    metrics["wojood_val_per_loc_org"] = _table(evaluate(tagger, read_conll(wojood_path, mapping), ["PER", "LOC", "ORG"]))
    text = "\n\n".join(" ".join(s.tokens) for s in test)
    tokens = sum(len(s.tokens) for s in test)
    best = min(_timed(tagger.tag_text, text) for _ in range(args.repeat))
    metrics["speed_tokens_per_s_one_core"] = {"tag_text": round(tokens / best, -3)}
    metrics["artefact_bytes"] = sum(p.stat().st_size for p in args.model.iterdir() if p.is_file() and p.suffix != ".md")
    metrics_path.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: metrics[k] for k in ("test", "wojood_val_per_loc_org", "speed_tokens_per_s_one_core")}, indent=1))
    return 0


def _timed(func: Callable[[str], object], text: str) -> float:
    started = time.perf_counter()
    func(text)
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
