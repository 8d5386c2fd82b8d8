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
    from tabayyun.store import Store
    from tabayyun.workers import Analyser

DEFAULT_DB = "tabayyun.db"
DB_HELP = f"SQLite database file, or a postgresql://USER@HOST/DATABASE URL (default: {DEFAULT_DB})"
EXPORT_FORMATS = ("jsonl", "csv", "geojson")

# command modules of other packages that add their own sub-commands (add_commands(subparsers))
EXTRA_COMMANDS = ("tabayyun.ner.commands", "tabayyun.geo.commands")


class UserError(Exception):
    """A problem the user can fix; printed without a traceback."""


def _existing_store(path: str) -> Store:
    """The database of an earlier ``analyze``; a missing one is the user's to create."""
    from tabayyun.store import StoreError, is_url, open_store

    if not is_url(path) and not Path(path).exists():
        raise UserError(f"no database at {path}: run `tabayyun analyze PATH --db {path}` first")
    try:
        return open_store(path)
    except StoreError as exc:
        raise UserError(str(exc)) from exc


def _emit(text: str, file: TextIO | None = None) -> None:
    """Print text that may hold article data (outlet names, ids, file names): never raw
    control characters, which a terminal would run as escape sequences."""
    from tabayyun.safety import terminal_text

    print(terminal_text(text), file=file or sys.stdout)


def cmd_analyze(args: argparse.Namespace) -> int:
    from tabayyun.ingest.files import shown
    from tabayyun.ingest.manifest import ManifestError, read_manifest
    from tabayyun.knowledge import KnowledgeError
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
    analyser = _analyser(args)
    try:
        with open_store(args.db) as store:
            report = analyze_paths(paths, store, manifest, max_bytes=int(args.max_mb * 1_000_000),
                                   encoding=args.encoding, progress=bar, reanalyze=args.reanalyze,
                                   analyser=analyser)
            bar.close()
            _emit(run_report_text(report, store), sys.stderr if args.quiet else sys.stdout)
    except (StoreError, KnowledgeError) as exc:
        raise UserError(str(exc)) from exc
    finally:
        analyser.close()
    if report.documents_seen == 0:
        where = ", ".join(shown(p) for p in paths)
        _emit(f"tabayyun: no article could be read from {where} ({len(report.problems)} input(s) refused, "
              "listed above)" if report.problems else
              f"tabayyun: no article files in {where} (.txt, .html, .json, .jsonl)", sys.stderr)
        return 1
    return 0


def _worker_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes analysing documents (default: every core; 1: this process only)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="analyse on a Dask cluster: its scheduler's address, e.g. tcp://HOST:8786 (needs "
                        "`pip install 'tabayyun[dask]'` here and on the workers)")


def _analyser(args: argparse.Namespace) -> Analyser:
    from tabayyun.workers import WorkersError, make_analyser

    try:
        return make_analyser(args.workers, args.scheduler)
    except WorkersError as exc:
        raise UserError(str(exc)) from exc


def cmd_refresh(args: argparse.Namespace) -> int:
    from tabayyun.knowledge import KnowledgeError
    from tabayyun.report.summary import run_report_text
    from tabayyun.runner import refresh_documents
    from tabayyun.store import StoreError

    analyser = _analyser(args)
    try:
        with _existing_store(args.db) as store:
            report = refresh_documents(store, analyser=analyser)
            _emit(run_report_text(report, store), sys.stderr if args.quiet else sys.stdout)
    except (StoreError, KnowledgeError) as exc:
        raise UserError(str(exc)) from exc
    finally:
        analyser.close()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tabayyun.corrections import Corrections, is_resplit, with_documents
    from tabayyun.export import EXPORT_LAYERS, PLACING, Places, all_records, write_jsonl
    from tabayyun.report import exports
    if args.excel and args.format != "csv":
        raise UserError("--excel is for the CSV (a byte order mark Excel needs); JSON files must not begin with one")

    def write(store: Store, out: TextIO) -> int:
        # each format reads only the layers it writes, streamed document by document
        if args.format == "jsonl":
            # the claims' and events' places first (one small dict per claim), so that the
            # documents and the other corpus records can stream
            places = Places.of(r for kind in PLACING for r in store.stream_corpus_records(kind))
            # analysts' corrections on top of the machine output, each corrected record flagged
            corrections = Corrections.of(store.corrections(), store.stream_corpus_records("story"),
                                         store.stream_corpus_records("incident"))
            records = corrections.apply_all(all_records(store.analyzed(EXPORT_LAYERS), store.stream_corpus_records(),
                                                        places))
            # a story a split changed takes its outlets, days and headline from its documents
            return write_jsonl((with_documents(r, store.documents(r.get("doc_ids", [])))
                                if r.get("type") == "story" and is_resplit(r) else r for r in records), out)
        if args.format == "csv":
            # one row per incident, ACLED's columns; --excel: a byte order mark first
            return exports.export_acled_csv(store, out, excel=args.excel)
        return exports.export_geojson(store, out)

    with _existing_store(args.db) as store:
        if args.out:
            # write beside the target and rename, so a failed export never leaves a truncated file
            target = Path(args.out)
            partial = target.with_name(target.name + ".partial")
            with partial.open("w", encoding="utf-8", newline="") as out:
                n = write(store, out)
            partial.replace(target)
        else:
            n = write(store, sys.stdout)
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


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from tabayyun.web.app import create_app, is_loopback
    except ModuleNotFoundError as exc:
        raise UserError(f"the web app needs {exc.name}: pip install 'tabayyun[web]'") from exc
    import uvicorn

    token = args.token or os.environ.get("TABAYYUN_TOKEN") or None
    if not is_loopback(args.host) and not token:
        raise UserError(f"refusing to serve on {args.host} without a token: anyone who reaches it could write; "
                        "give --token (or set TABAYYUN_TOKEN), or serve on 127.0.0.1")
    _existing_store(args.db).close()
    print(f"tabayyun: serving {args.db} on http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    tiles = args.tiles or os.environ.get("TABAYYUN_TILES") or None
    try:
        app = create_app(args.db, token=token, tiles=tiles, tiles_attribution=args.tiles_attribution)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
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
                                   "extraction pipeline and store everything in a SQLite (or PostgreSQL) database. "
                                   "Re-running on the same articles adds nothing; an article whose metadata changed "
                                   "(manifest or record: outlet, published, url, title) is updated and re-analysed.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    p.add_argument("--manifest", help="CSV with doc_id,outlet,published,url (doc_id = the document id: the file "
                                      "name without extension, its path in nested folders, or a record's id)")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--reanalyze", action="store_true",
                   help="also re-analyse stored documents that an older pipeline or other knowledge files analysed "
                        "(as `tabayyun refresh` does)")
    p.add_argument("--max-mb", type=float, default=5.0,
                   help="largest article accepted, in MB (default 5); applies to each article of a .jsonl or "
                        ".json file")
    p.add_argument("--encoding", help="force a text encoding (default: detect UTF-8/UTF-16/Windows-1256)")
    _worker_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar; summary to standard error")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("refresh", help="re-analyse stored documents after the pipeline or its knowledge changed",
                       description="Re-analyse, from their stored text, the documents that another version of "
                                   "tabayyun, other knowledge files (TABAYYUN_DATA) or another NER model analysed; "
                                   "then rebuild the cross-outlet records.")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    _worker_options(p)
    p.add_argument("--quiet", action="store_true", help="summary to standard error")
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("export", help="export the analysis (JSON Lines, ACLED-style CSV, GeoJSON)",
                       description="Write every fact with its offsets: JSON Lines (all records), an ACLED-style "
                                   "CSV (ACLED's columns, one row per incident across outlets), or GeoJSON with "
                                   "a layer property (incidents, events, places).")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--out", help="output file (default: standard output)")
    p.add_argument("--excel", action="store_true",
                   help="CSV only: begin with a UTF-8 byte order mark, so that Excel opens Arabic correctly")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", help="write the self-contained HTML report (RTL)",
                       description="Write a static, self-contained HTML report of a database.")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--out", default="tabayyun-report.html", help="HTML file to write")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("summary", help="print a readable summary of a database",
                       description="Print documents, claims by measure with their claimants, and findings.")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("demo", help="analyse the bundled sample articles and write an HTML report",
                       description="Analyse tabayyun's own sample reports (five outlets, one invented event, "
                                   "conflicting figures), print a summary and write an HTML report.")
    p.add_argument("--out-dir", default="tabayyun-demo", help="folder for demo.db and report.html")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="start the web app analysts work in (pages and a JSON API)",
                       description="Serve a database as a web app: stories, timelines, claims, documents with "
                                   "their highlighted spans, entities, outlets, and a JSON API (/openapi.json). "
                                   "Writes need the token whenever the host is not loopback.")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", help="token that writes must carry (Authorization: Bearer TOKEN); default: "
                                   "$TABAYYUN_TOKEN; required when --host is not loopback")
    p.add_argument("--tiles", help="map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                                   "(default: $TABAYYUN_TILES; none: maps draw their points offline)")
    p.add_argument("--tiles-attribution", default="", help="attribution text the tile provider asks for")
    p.set_defaults(func=cmd_serve)

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
