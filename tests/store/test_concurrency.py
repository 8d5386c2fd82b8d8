"""Writer processes racing on one store (the short run of scripts/concurrency_trials.py, which
makes 20 trials of each case): no crash, no lost and no duplicated document."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "concurrency_trials.py"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_writers_lose_and_duplicate_nothing(backend: str, shared: Path, request: pytest.FixtureRequest,
                                                       ) -> None:
    args = [sys.executable, str(SCRIPT), "--trials", "1", "--writers", "2", "4", "--light", "--docs", "4",
            "--backends", backend]
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url")
        args += ["--postgres", url.split("?")[0]]
    result = subprocess.run(args, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith(backend)]
    assert len(rows) == 4  # 2 and 4 writers, same and different inputs
    assert all(row[4:7] == ["0", "0", "0"] for row in rows), result.stdout
    assert "all trials clean" in result.stdout
