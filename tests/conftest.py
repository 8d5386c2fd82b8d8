"""Shared fixtures: the development corpora beside the repository, and hand-built documents."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tabayyun._build import stale_sources

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TABAYYUN_SHARED", REPO.parent / "shared"))


def _missing_shared() -> str:
    return (f"{SHARED} (development corpora and scorer, eval/score.py) is missing: clone next to shared/ "
            "or set TABAYYUN_SHARED")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(autouse=True)
def cross_outlet_step_here(monkeypatch: pytest.MonkeyPatch) -> int:
    """The cross-outlet step runs in the test's own process, whatever the suite has held so far
    (``runner.step_apart`` reads the process's peak memory, which the suite's earlier tests
    raise): the tests that patch the step see their patches. Those of the step apart set the
    budget themselves; the budget the package ships is returned."""
    from tabayyun import runner

    budget = runner.MEMORY_BUDGET_MB
    monkeypatch.setattr(runner, "MEMORY_BUDGET_MB", 10**9)
    return budget


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


# --- store backends: every store test runs on SQLite and on PostgreSQL ------------------------

POSTGRES_ENV = "TABAYYUN_TEST_POSTGRES"


def postgres_base_url() -> str:
    """The test server's URL; without one the PostgreSQL tests skip, except in CI where they must run."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if _in_ci():
        pytest.fail(f"CI=true but {POSTGRES_ENV} is not set: .ci/run starts a PostgreSQL server for these tests")
    pytest.skip(f'PostgreSQL tests need a server: eval "$(.ci/postgres start /tmp/tabayyun-pg)" sets {POSTGRES_ENV}')


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the test."""
    import uuid

    import psycopg

    base = postgres_base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    return str(request.getfixturevalue("postgres_url"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line each, not one per test, for the tests skipped for want of ../shared and for
    want of a PostgreSQL server."""
    skipped = [str(r.longrepr) for r in terminalreporter.stats.get("skipped", [])]
    reason = _missing_shared()
    n_shared = sum(reason in r for r in skipped)
    if n_shared:
        terminalreporter.write_line(f"{n_shared} tests skipped: {reason}")
    n_postgres = sum(POSTGRES_ENV in r for r in skipped)
    if n_postgres:
        terminalreporter.write_line(f"{n_postgres} PostgreSQL tests skipped: run "
                                    f'eval "$(.ci/postgres start /tmp/tabayyun-pg)" to set {POSTGRES_ENV} '
                                    "(.ci/run does it)")


# --- the compiled build (setup.py): tests must run the sources as they are ---------------------


def pytest_sessionstart(session: pytest.Session) -> None:
    # the command line would run the sources instead (tabayyun._build); a test must run what is built
    stale = stale_sources()
    if stale:
        raise pytest.UsageError(f"compiled modules older than their sources ({', '.join(stale[:5])}"
                                f"{', ...' if len(stale) > 5 else ''}): run `make setup` to rebuild them, "
                                "or `make setup TABAYYUN_PURE=1` to run pure Python")
