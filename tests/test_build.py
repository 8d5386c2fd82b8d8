"""A compiled build older than its sources runs the sources (tabayyun._build), never the old code."""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys
from pathlib import Path

import pytest

from tabayyun._build import SourcesFirst, stale_sources

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def fake_build(root: Path, name: str) -> Path:
    """A package laid out like the compiled build: module ``fast`` with a (broken) extension beside
    its source and the shared library, built at time 1000; ``plain`` has no extension."""
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "fast.py").write_text("WHERE = 'source'\n", encoding="utf-8")
    (package / "plain.py").write_text("WHERE = 'plain'\n", encoding="utf-8")
    (package / f"fast{SUFFIX}").write_bytes(b"not a shared object")
    (root / f"{name}__mypyc{SUFFIX}").write_bytes(b"not a shared object")
    for path in (package / f"fast{SUFFIX}", root / f"{name}__mypyc{SUFFIX}"):
        os.utime(path, (1000, 1000))
    return package


def test_a_source_newer_than_the_library_is_stale(tmp_path: Path) -> None:
    package = fake_build(tmp_path, "stalepkg")
    assert stale_sources(package) == ["stalepkg/fast.py"]
    os.utime(package / "fast.py", (900, 900))
    assert stale_sources(package) == []


def test_no_library_means_pure_python(tmp_path: Path) -> None:
    package = fake_build(tmp_path, "purepkg")
    (tmp_path / f"purepkg__mypyc{SUFFIX}").unlink()
    assert stale_sources(package) == []


def test_the_finder_imports_a_compiled_module_from_its_source(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    package = fake_build(tmp_path, "finderpkg")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError):  # the normal finders take the (old, here broken) extension
        importlib.import_module("finderpkg.fast")
    finder = SourcesFirst(package)
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    for name in ("finderpkg.fast", "finderpkg.plain"):
        sys.modules.pop(name, None)
    assert importlib.import_module("finderpkg.fast").WHERE == "source"
    assert finder.find_spec("finderpkg.plain", None) is None  # no extension: left to the normal finders
    assert importlib.import_module("finderpkg.plain").WHERE == "plain"
    assert finder.find_spec("otherpkg.fast", None) is None
    for name in ("finderpkg", "finderpkg.fast", "finderpkg.plain"):
        sys.modules.pop(name, None)
