"""Shared fixtures: the development corpora beside the repository, and hand-built documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TABAYYUN_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared must be beside the clone (CI puts it there); a missing one is an error, not a skip."""
    if not (SHARED / "eval" / "score.py").exists():
        pytest.fail(f"{SHARED} with eval/score.py is missing: clone next to shared/ or set TABAYYUN_SHARED")
    return SHARED
