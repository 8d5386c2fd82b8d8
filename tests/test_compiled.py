"""The compiled build (setup.py, ``make setup``): every module it lists is the compiled one once built.

A module mypyc could not build, or one shadowed by a stale or missing extension, would otherwise run
as pure Python unnoticed (same output, a slower pipeline). Pure Python (``TABAYYUN_PURE=1``, or a
clone without a compiler) has no compiled library, and the test skips saying so.
"""

from __future__ import annotations

import ast
import importlib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def compiled_list() -> list[str]:
    """setup.py's COMPILED (paths under src/tabayyun), read without running setup.py."""
    tree = ast.parse((REPO / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "COMPILED":
            assert node.value is not None
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return value
    raise AssertionError("setup.py has no COMPILED list")


def test_listed_modules_exist() -> None:
    listed = compiled_list()
    assert listed and len(set(listed)) == len(listed)
    assert [p for p in listed if not (REPO / "src" / "tabayyun" / p).is_file()] == []


def test_listed_modules_are_compiled() -> None:
    if os.environ.get("TABAYYUN_PURE") or not list((REPO / "src").glob("tabayyun__mypyc.*.so")):
        pytest.skip("pure Python: no mypyc build (TABAYYUN_PURE=1, or `make setup` could not compile)")
    names = ["tabayyun." + p.removesuffix(".py").replace("/", ".") for p in compiled_list()]
    interpreted = [n for n in names if not str(importlib.import_module(n).__file__).endswith(".so")]
    assert interpreted == []
