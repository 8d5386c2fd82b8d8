"""The fuzz run's figures (examples, documents, problems, spans checked per target), printed
at the end of a long run (TABAYYUN_FUZZ_EXAMPLES set); the targets are in test_fuzz_inputs.py."""

from __future__ import annotations

import os
from collections import Counter

import pytest

STATS: Counter[str] = Counter()


@pytest.fixture(scope="session")
def fuzz_stats() -> Counter[str]:
    return STATS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    asked = os.environ.get("TABAYYUN_FUZZ_EXAMPLES")
    if STATS and asked:  # the long run (make fuzz); the default test run stays quiet
        terminalreporter.write_line(f"fuzz figures (TABAYYUN_FUZZ_EXAMPLES={asked}):")
        for key in sorted(STATS):
            terminalreporter.write_line(f"  {key}: {STATS[key]:,}")
