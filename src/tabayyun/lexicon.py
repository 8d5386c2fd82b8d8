"""Loading the Arabic knowledge kept as data files under ``tabayyun/data``.

Analysts extend these files (number words, reporting verbs, measure triggers, actor
aliases…) without reading Python; code only reads them, once, through these helpers.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

# An analyst may point this at a folder holding files of the same names to override the shipped ones.
OVERRIDE_ENV = "TABAYYUN_DATA"


def data_path(*parts: str) -> Path:
    """Path of a shipped data file, or of the analyst's override of it when one exists."""
    override = os.environ.get(OVERRIDE_ENV)
    if override:
        candidate = Path(override).joinpath(*parts)
        if candidate.exists():
            return candidate
    return Path(str(resources.files("tabayyun").joinpath("data", *parts)))


@cache
def load_json(*parts: str) -> Any:
    """A JSON data file, parsed once per process."""
    path = data_path(*parts)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"data file {path} is missing: reinstall tabayyun or check ${OVERRIDE_ENV}") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"data file {path} is not valid JSON ({exc}); fix the file") from exc


@cache
def load_lines(*parts: str) -> tuple[str, ...]:
    """A one-entry-per-line data file; blank lines and lines starting with # are skipped."""
    path = data_path(*parts)
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
