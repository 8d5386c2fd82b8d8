"""Shared fixtures: the development corpora beside the repository, and hand-built documents."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TABAYYUN_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared must be beside the clone (CI puts it there); a missing one is an error, not a skip."""
    if not (SHARED / "eval" / "score.py").exists():
        pytest.fail(f"{SHARED} with eval/score.py is missing: clone next to shared/ or set TABAYYUN_SHARED")
    return SHARED


# --- store backends: every store test runs on SQLite and on PostgreSQL ------------------------

POSTGRES_ENV = "TABAYYUN_TEST_POSTGRES"


def postgres_base_url() -> str:
    """The test server's URL; without one the PostgreSQL tests skip, except in CI where they must run."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
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


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line, not one per test, when the PostgreSQL half of the suite did not run."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if POSTGRES_ENV in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} PostgreSQL tests skipped: run "
                                    f'eval "$(.ci/postgres start /tmp/tabayyun-pg)" to set {POSTGRES_ENV} '
                                    "(.ci/run does it)")
