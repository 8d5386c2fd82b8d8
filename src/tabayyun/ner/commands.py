"""Thin CLI wrappers: `tabayyun train-ner` and `tabayyun ner-eval FILE`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tabayyun.ner.conll import LABELS, ConllFormatError, load_label_map, read_conll
from tabayyun.ner.features import FeatureConfig
from tabayyun.ner.tagger import ModelNotFoundError, NerTagger, default_model_dir, write_frequent_words
from tabayyun.ner.train import ALGORITHMS, GAZETTEER_SOURCES, TRAIN_FILE, CrfParams, evaluate, train_ner

EXIT_BAD_INPUT = 2
SHIPPED = FeatureConfig(
    affixes=4,
    char_ngrams=True,
    clusters=True,
    bigrams=True,
    triggers=True,
    propagate_window=30,
    frequencies=True,
    names=True,
    seen_names=5,
)
DEFAULT_PARAMS = CrfParams()


def default_data_dir() -> Path:
    """$TABAYYUN_SHARED/data/anercorp if set, else ../shared/data/anercorp relative to the cwd."""
    shared = os.environ.get("TABAYYUN_SHARED")
    return (Path(shared) if shared else Path("..") / "shared") / "data" / "anercorp"


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `train-ner` and `ner-eval` on the main CLI's subparsers."""
    train = subparsers.add_parser("train-ner", help="train the Arabic NER model on ANERcorp")
    train.add_argument(
        "--data",
        type=Path,
        default=None,
        help="ANERcorp directory (default: $TABAYYUN_SHARED/data/anercorp, else ../shared/data/anercorp)",
    )
    train.add_argument(
        "--out", type=Path, default=None, help="artefact directory (default: the package data dir)"
    )
    train.add_argument(
        "--holdout", type=float, default=0.1, help="tail fraction of train held out for scoring"
    )
    train.add_argument("--no-refit", action="store_true", help="ship the model trained without the holdout")
    train.add_argument(
        "--algorithm", choices=ALGORITHMS, default=DEFAULT_PARAMS.algorithm, help="crfsuite trainer"
    )
    train.add_argument("--c1", type=float, default=DEFAULT_PARAMS.c1, help="L1 regularisation (lbfgs)")
    train.add_argument("--c2", type=float, default=DEFAULT_PARAMS.c2, help="L2 regularisation (lbfgs)")
    train.add_argument("--max-iterations", type=int, default=DEFAULT_PARAMS.max_iterations)
    train.add_argument(
        "--bags",
        type=int,
        default=DEFAULT_PARAMS.bags,
        help="also fit one model per part of train left out and average them all (0: one model)",
    )
    train.set_defaults(func=run_train)

    ev = subparsers.add_parser("ner-eval", help="entity-level P/R/F1 of the NER model on a CoNLL file")
    ev.add_argument(
        "file", type=Path, help='CoNLL file: "token TAG [TAG ...]" lines, blank line between sentences'
    )
    ev.add_argument(
        "--model", type=Path, default=None, help="artefact directory (default: the shipped model)"
    )
    ev.add_argument("--label-map", type=Path, default=None, help="source type -> PER/ORG/LOC/MISC/- (TSV)")
    ev.add_argument(
        "--types", default=",".join(LABELS), help="comma-separated types to score (default: %(default)s)"
    )
    ev.set_defaults(func=run_eval)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run_train(args: argparse.Namespace) -> int:
    data = args.data if args.data is not None else default_data_dir()
    missing = [n for n in (TRAIN_FILE, *GAZETTEER_SOURCES) if not (data / n).is_file()]
    if missing:
        return _fail(
            f"{data} lacks {', '.join(missing)}; pass --data DIR (the ANERcorp directory) "
            "or set TABAYYUN_SHARED to the shared/ folder"
        )
    if not 0.0 <= args.holdout < 1.0:
        return _fail(f"--holdout must be in [0, 1), got {args.holdout}")
    try:
        params = CrfParams(
            algorithm=args.algorithm, c1=args.c1, c2=args.c2, max_iterations=args.max_iterations, bags=args.bags
        )
    except ValueError as exc:  # before anything is written
        return _fail(f"--{exc}")
    out = args.out if args.out is not None else default_model_dir()
    try:
        report = train_ner(
            data,
            out,
            args.holdout,
            params,
            SHIPPED,
            refit=not args.no_refit,
            log=lambda m: print(m, file=sys.stderr),
        )
    except ConllFormatError as exc:
        return _fail(f"{exc}; the training file must be ANERcorp CoNLL ('token TAG' lines)")
    print(f"model written to {out} ({report.model_bytes / 1e6:.2f} MB) in {report.seconds:.0f} s")
    print(f"frequent words' attribute rows written to {write_frequent_words(out)}")
    if report.holdout is not None:
        print(f"holdout ({report.holdout_sentences} sentences):\n{report.holdout.table()}")
    return 0


def run_eval(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        return _fail(
            f"{args.file} does not exist; pass a CoNLL file ('token TAG' lines, blank line between sentences)"
        )
    types = [t.strip().upper() for t in args.types.split(",") if t.strip()]
    unknown = [t for t in types if t not in LABELS]
    if unknown:
        return _fail(f"--types: {', '.join(unknown)} not among {', '.join(LABELS)}")
    try:
        mapping = load_label_map(args.label_map)
        sentences = read_conll(args.file, mapping)
        tagger = NerTagger.load(args.model)
    except (ConllFormatError, ModelNotFoundError) as exc:
        return _fail(str(exc))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _fail(f"cannot read input: {exc}; expected UTF-8 CoNLL text")
    if not sentences:
        return _fail(f"{args.file} holds no tokens; expected 'token TAG' lines")
    print(evaluate(tagger, sentences, types).table())
    return 0
