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


def analyse_and_score(shared: Path, corpus: str, workdir: Path, manifest: bool = True,
                      folder: Path | None = None, gold_file: Path | None = None) -> dict[str, Any]:
    folder = folder or shared / "corpus" / corpus
    db = workdir / f"{corpus}.db"
    out = workdir / f"{corpus}.jsonl"
    args = ["analyze", str(folder), "--db", str(db), "--quiet"]
    if manifest:
        args += ["--manifest", str(folder / "manifest.csv")]
    assert main(args) == 0
    assert main(["export", "--format", "jsonl", "--db", str(db), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold_file = gold_file or shared / "eval" / f"{corpus}.gold.json"
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
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


@pytest.fixture(scope="session")
def snn2015_scores(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The project's own development set: its texts rebuilt from the shared SaudiNewsNet corpus
    (they never enter the project), scored against tests/quality/snn2015.gold.json."""
    devset = _load_script("snn_devset")
    gold_file = Path(__file__).with_name("snn2015.gold.json")
    work = tmp_path_factory.mktemp("snn2015")
    corpus = shared / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
    devset.extract(work / "texts", devset.gold_ids(gold_file), corpus)
    return analyse_and_score(shared, "snn2015", work, folder=work / "texts", gold_file=gold_file)


def _load_script(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"tabayyun_script_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
