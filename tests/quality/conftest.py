"""Analyse the development sets once per test session and score them with the shared scorer."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tabayyun.cli import main


def load_scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("tabayyun_shared_score", shared / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def analyse_and_score(shared: Path, corpus: str, workdir: Path, manifest: bool = True) -> dict[str, Any]:
    folder = shared / "corpus" / corpus
    db = workdir / f"{corpus}.db"
    out = workdir / f"{corpus}.jsonl"
    args = ["analyze", str(folder), "--db", str(db), "--quiet"]
    if manifest:
        args += ["--manifest", str(folder / "manifest.csv")]
    assert main(args) == 0
    assert main(["export", "--format", "jsonl", "--db", str(db), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = json.loads((shared / "eval" / f"{corpus}.gold.json").read_text(encoding="utf-8"))
    scorer = load_scorer(shared)
    result: dict[str, Any] = scorer.Scorer(gold, records, folder).run()
    result["_records"] = records
    return result


@pytest.fixture(scope="session")
def seeds_scores(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return analyse_and_score(shared, "seeds", tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="session")
def dev2015_scores(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return analyse_and_score(shared, "dev2015", tmp_path_factory.mktemp("dev2015"))


@pytest.fixture(scope="session")
def seeds_scores_without_manifest(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return analyse_and_score(shared, "seeds", tmp_path_factory.mktemp("seeds-bare"), manifest=False)
