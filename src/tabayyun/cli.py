"""Command line: thin wrappers over the library (``runner``, ``store``, ``export``, ``report``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tabayyun import __version__

if TYPE_CHECKING:
    from tabayyun.store import SQLiteStore

DEFAULT_DB = "tabayyun.db"
EXPORT_FORMATS = ("jsonl", "csv", "geojson")

# command modules of other packages that add their own sub-commands (add_commands(subparsers))
EXTRA_COMMANDS = ("tabayyun.ner.commands", "tabayyun.geo.commands")


class UserError(Exception):
    """A problem the user can fix; printed without a traceback."""


def _existing_store(path: str) -> SQLiteStore:
    """The database of an earlier ``analyze``; a missing one is the user's to create."""
    from tabayyun.store import open_store

    db = Path(path)
    if not db.exists():
        raise UserError(f"no database at {db}: run `tabayyun analyze PATH --db {db}` first")
    return open_store(db)


def _emit(text: str, file: TextIO | None = None) -> None:
    """Print text that may hold article data (outlet names, ids, file names): never raw
    control characters, which a terminal would run as escape sequences."""
    from tabayyun.safety import terminal_text

    print(terminal_text(text), file=file or sys.stdout)


def cmd_analyze(args: argparse.Namespace) -> int:
    from tabayyun.ingest.files import shown
    from tabayyun.ingest.manifest import ManifestError, read_manifest
    from tabayyun.report.progress import ProgressBar, count_inputs
    from tabayyun.report.summary import run_report_text
    from tabayyun.runner import analyze_paths
    from tabayyun.store import StoreError, open_store

    paths = [Path(p) for p in args.paths]
    missing = [shown(p) for p in paths if not p.exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(missing)}; check the path")
    try:
        manifest = read_manifest(Path(args.manifest)) if args.manifest else None
    except ManifestError as exc:
        raise UserError(str(exc)) from exc
    show_bar = not args.quiet and sys.stderr.isatty()
    bar = ProgressBar(count_inputs(paths) if show_bar else None, enabled=show_bar)
    try:
        with open_store(args.db) as store:
            report = analyze_paths(paths, store, manifest, max_bytes=int(args.max_mb * 1_000_000),
                                   encoding=args.encoding, progress=bar)
            bar.close()
            _emit(run_report_text(report, store), sys.stderr if args.quiet else sys.stdout)
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    if report.documents_seen == 0:
        where = ", ".join(shown(p) for p in paths)
        _emit(f"tabayyun: no article could be read from {where} ({len(report.problems)} input(s) refused, "
              "listed above)" if report.problems else
              f"tabayyun: no article files in {where} (.txt, .html, .json, .jsonl)", sys.stderr)
        return 1
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tabayyun.export import all_records, write_jsonl
    from tabayyun.report import exports

    with _existing_store(args.db) as store:
        docs = list(store.analyzed())
        corpus = store.corpus_records()

    def write(out: TextIO) -> int:
        if args.format == "jsonl":
            return write_jsonl(all_records(docs, corpus), out)
        if args.format == "csv":
            return exports.write_acled_csv(docs, corpus, out)
        return exports.write_geojson(docs, out)

    if args.out:
        # write beside the target and rename, so a failed export never leaves a truncated file
        target = Path(args.out)
        partial = target.with_name(target.name + ".partial")
        with partial.open("w", encoding="utf-8", newline="") as out:
            n = write(out)
        partial.replace(target)
    else:
        n = write(sys.stdout)
    print(f"wrote {n} records ({args.format}) to {args.out or 'standard output'}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from tabayyun.report.html import write_html_report

    with _existing_store(args.db) as store:
        path = write_html_report(store, Path(args.out))
    print(f"HTML report: {path}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from tabayyun.report.summary import corpus_summary_text

    with _existing_store(args.db) as store:
        _emit(corpus_summary_text(store))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from tabayyun.demo import run_demo

    out_dir = Path(args.out_dir)
    _emit(run_demo(out_dir))
    return 0


def cmd_stages(args: argparse.Namespace) -> int:
    from tabayyun.stages import DEFAULT_STAGES, registry

    for name, stage in registry().items():
        mark = "*" if name in DEFAULT_STAGES else " "
        uses = f" (reads {', '.join(stage.uses)} when present)" if stage.uses else ""
        print(f"{mark} {name:13} needs: {', '.join(stage.requires) or '-'}{uses}; adds: {', '.join(stage.provides)}"
              f"\n                {stage.doc}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tabayyun",
        description="tabayyun (تبيّن): verify before you believe. Reads Arabic news reports about a crisis and "
                    "builds a sourced, offset-exact picture: entities, dates, numeric claims with claimants, "
                    "cited sources, events, and where outlets agree or contradict each other.")
    parser.add_argument("--version", action="version", version=f"tabayyun {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("analyze", help="analyse article files and folders into a database",
                       description="Read .txt, .html, .json and .jsonl articles (files or folders), run the "
                                   "extraction pipeline and store everything in a SQLite database. Re-running on "
                                   "the same articles adds nothing.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    p.add_argument("--manifest", help="CSV with doc_id,outlet,published,url (doc_id = the document id: the file "
                                      "name without extension, its path in nested folders, or a record's id)")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database file (default: {DEFAULT_DB})")
    p.add_argument("--max-mb", type=float, default=5.0,
                   help="largest article accepted, in MB (default 5); applies to each article of a .jsonl or "
                        ".json file")
    p.add_argument("--encoding", help="force a text encoding (default: detect UTF-8/UTF-16/Windows-1256)")
    p.add_argument("--quiet", action="store_true", help="no progress bar; summary to standard error")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("export", help="export the analysis (JSON Lines, ACLED-style CSV, GeoJSON)",
                       description="Write every fact with its offsets: JSON Lines (all records), an ACLED-style "
                                   "CSV of events, or GeoJSON of geocoded mentions and events.")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database file (default: {DEFAULT_DB})")
    p.add_argument("--out", help="output file (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", help="write the self-contained HTML report (RTL)",
                       description="Write a static, self-contained HTML report of a database.")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database file (default: {DEFAULT_DB})")
    p.add_argument("--out", default="tabayyun-report.html", help="HTML file to write")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("summary", help="print a readable summary of a database",
                       description="Print documents, claims by measure with their claimants, and findings.")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database file (default: {DEFAULT_DB})")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("demo", help="analyse the bundled sample articles and write an HTML report",
                       description="Analyse tabayyun's own sample reports (five outlets, one invented event, "
                                   "conflicting figures), print a summary and write an HTML report.")
    p.add_argument("--out-dir", default="tabayyun-demo", help="folder for demo.db and report.html")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("stages", help="list the pipeline stages with what each needs and adds",
                       description="List the registered pipeline stages (* = in the default pipeline).")
    p.set_defaults(func=cmd_stages)

    for module_name in EXTRA_COMMANDS:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            # an optional command package that is not installed; a broken import inside it still raises
            if not exc.name or not module_name.startswith(exc.name):
                raise
            continue
        module.add_commands(sub)
    return parser


class _TerminalSafeFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        from tabayyun.safety import terminal_text

        return terminal_text(super().format(record))


def _log_to_stderr() -> None:
    """Warnings of the library (a stage failed on a document) on standard error, with the
    document's id and message stripped of control characters."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_TerminalSafeFormatter("%(message)s"))
        handler.setLevel(logging.WARNING)
        root.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    _log_to_stderr()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except UserError as exc:
        _emit(f"tabayyun: {exc}", sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tabayyun: interrupted; what was stored so far is complete per document", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
