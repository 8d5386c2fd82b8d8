"""The run report: what was not read, what changed on the way, what failed, and what to do."""

from __future__ import annotations

from pathlib import Path

from tabayyun.ingest import IngestProblem
from tabayyun.pipeline import StageFailure
from tabayyun.report.summary import run_report_text
from tabayyun.runner import RunReport
from tabayyun.store import open_store


def test_run_report_lists_problems_warnings_and_failures_on_safe_lines(tmp_path: Path) -> None:
    report = RunReport(problems=[IngestProblem("a\x1b[2J.json", "line 2 is not JSON")],
                       warnings=[IngestProblem("b.json", "the id 'x' is already used", warning=True)],
                       failures=[StageFailure("d\n1", "times", "OverflowError: date value out of range")])
    with open_store(tmp_path / "t.db") as store:
        text = run_report_text(report, store)
    assert "  not read: a[2J.json: line 2 is not JSON" in text
    assert "  warning: b.json: the id 'x' is already used" in text
    assert "  stage failed: times on d1: OverflowError" in text and "is a bug" in text
    assert "\x1b" not in text
