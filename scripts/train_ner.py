"""Train the shipped NER model: same as `tabayyun train-ner`, usable before the CLI is installed."""

from __future__ import annotations

import argparse
import sys

from tabayyun.ner.commands import add_commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="train_ner.py")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["train-ner", *(sys.argv[1:] if argv is None else argv)])
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
