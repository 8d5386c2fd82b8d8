"""`train-ner` reproduces the shipped model: retrained from ../shared, it scores within 0.5 F1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabayyun.cli import main
from tabayyun.ner.conll import load_label_map, read_conll
from tabayyun.ner.tagger import NerTagger
from tabayyun.ner.train import evaluate

TEST_FILE = "ANERcorp_CAMeLsplit_reconstructed_test.txt"


@pytest.mark.retrain
def test_train_ner_reproduces_shipped_model_score(shared: Path, tmp_path: Path) -> None:
    data = shared / "data" / "anercorp"
    test = read_conll(data / TEST_FILE, load_label_map())
    shipped = evaluate(NerTagger.load(), test).overall.f1
    # the shipped model is the refit on all of train: --holdout 0 builds the same model without the holdout pass
    assert main(["train-ner", "--data", str(data), "--out", str(tmp_path / "model"), "--holdout", "0"]) == 0
    retrained = evaluate(NerTagger.load(tmp_path / "model"), test).overall.f1
    assert abs(retrained - shipped) <= 0.005, (retrained, shipped)
    assert shipped >= 0.75  # the target, which the shipped model holds: 75.48 measured
