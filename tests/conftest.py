"""Shared fixtures: the development corpora beside the repository, and hand-built documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TABAYYUN_SHARED", REPO.parent / "shared"))


def _missing_shared() -> str:
    return (f"{SHARED} (development corpora and scorer, eval/score.py) is missing: clone next to shared/ "
            "or set TABAYYUN_SHARED")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the clone: the development corpora, the scorer, ANERcorp. CI puts it
    there (CI=true), so there a missing one is an error; on a clone without it (anyone outside
    the team) the tests that need it skip, with one line saying what is missing."""
    if not (SHARED / "eval" / "score.py").exists():
        if _in_ci():
            pytest.fail(_missing_shared() + " (CI=true: CI must have it)")
        pytest.skip(_missing_shared())
    return SHARED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The tests skipped for want of ../shared, in one line."""
    reason = _missing_shared()
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if reason in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} tests skipped: {reason}")
