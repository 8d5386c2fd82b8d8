"""Thin CLI wrapper: `tabayyun import-gazetteer FILE` loads a GeoNames dump into the user gazetteer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabayyun.geo.gazetteer import default_user_file
from tabayyun.geo.geonames import GeoNamesFormatError, import_into, read_geonames

EXIT_BAD_INPUT = 2


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `import-gazetteer` on the main CLI's subparsers."""
    p = subparsers.add_parser(
        "import-gazetteer", help="add a GeoNames country dump (e.g. SY.txt) to your gazetteer",
        description="Load a GeoNames country file (tab-separated, 19 columns, as from "
                    "download.geonames.org/export/dump/; .txt or .zip) into the user gazetteer, which place "
                    "lookup merges over the shipped one. Only places with an Arabic name are kept.")
    p.add_argument("file", type=Path, help="GeoNames dump, e.g. SY.txt or SY.zip")
    p.add_argument("--out", type=Path, default=None,
                   help=f"user gazetteer file (default: {default_user_file()})")
    p.add_argument("--replace", action="store_true", help="replace the user gazetteer instead of merging into it")
    p.set_defaults(func=cmd_import_gazetteer)


def cmd_import_gazetteer(args: argparse.Namespace) -> int:
    target = args.out or default_user_file()
    try:
        places = read_geonames(args.file)
    except FileNotFoundError as exc:
        print(f"import-gazetteer: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except GeoNamesFormatError as exc:
        print(f"import-gazetteer: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    imported, total = import_into(places, target, replace=args.replace)
    print(f"{imported} places with Arabic names from {args.file} -> {target} ({total} in the file)")
    return 0
