"""`ner-eval` and `train-ner` wrappers: scores on stdout, bad input -> exit 2 with a message."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tabayyun.ner.commands import add_commands
from tabayyun.ner.train import GAZETTEER_SOURCES, TRAIN_FILE


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


def test_ner_eval_prints_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conll = tmp_path / "gold.txt"
    conll.write_text("أعلن O\nاتحاد B-ORG\nفي O\nألمانيا B-LOC\nامس O\n", encoding="utf-8")
    assert _run(["ner-eval", str(conll), "--types", "LOC,ORG"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "LOC" in out and "PER" not in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("token_without_tag\n", "expected 'token TAG'"),
        ("\n\n", "holds no tokens"),
        ("زار B-ALIEN\n", "label map"),
    ],
)
def test_ner_eval_bad_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    conll = tmp_path / "gold.txt"
    if content is not None:
        conll.write_text(content, encoding="utf-8")
    assert _run(["ner-eval", str(conll)]) == 2
    assert message in capsys.readouterr().err


def test_train_ner_missing_data_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["train-ner", "--data", str(tmp_path), "--out", str(tmp_path / "m")]) == 2
    assert "--data" in capsys.readouterr().err


@pytest.mark.parametrize("bags", ["1", "-3"])
def test_train_ner_impossible_bags_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], bags: str) -> None:
    for name in (TRAIN_FILE, *GAZETTEER_SOURCES):
        (tmp_path / name).write_text("زار O\nفرودو B-PERS\n", encoding="utf-8")
    assert _run(["train-ner", "--data", str(tmp_path), "--out", str(tmp_path / "m"), "--bags", bags]) == 2
    assert "--bags must be 0 (one model) or at least 2" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()  # refused before anything is written
