"""``tabayyun demo``: analyse the bundled sample reports and write the HTML report."""

from __future__ import annotations

from pathlib import Path

from tabayyun.ingest.manifest import read_manifest
from tabayyun.lexicon import data_path
from tabayyun.report.html import write_html_report
from tabayyun.report.summary import corpus_summary_text, run_report_text
from tabayyun.runner import analyze_paths
from tabayyun.store import open_store


def samples_dir() -> Path:
    return data_path("samples")


def run_demo(out_dir: Path) -> str:
    """Analyse the samples into a fresh database under ``out_dir``; return the printed summary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / "demo.db"
    for stale in (db, db.with_suffix(".db-wal"), db.with_suffix(".db-shm")):
        stale.unlink(missing_ok=True)
    samples = samples_dir()
    with open_store(db) as store:
        report = analyze_paths([samples], store, read_manifest(samples / "manifest.csv"))
        html = write_html_report(store, out_dir / "report.html")
        text = "\n".join([run_report_text(report, store), "", corpus_summary_text(store), "",
                          f"HTML report: {html}", f"database: {db}",
                          f"export: tabayyun export --db {db} --out {out_dir / 'demo.jsonl'}"])
    return text
