"""A tiny end-to-end training run on invented sentences (checks the machinery, not the model)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tabayyun.ner import seen
from tabayyun.ner.features import FeatureConfig
from tabayyun.ner.tagger import ENSEMBLE_FILE, MODEL_FILE, SEEN_NAMES_FILE, ModelNotFoundError, NerTagger
from tabayyun.ner.train import (
    TRAIN_FILE,
    CrfParams,
    compile_gazetteer,
    out_of_fold_tags,
    split_holdout,
    train_ner,
)

PEOPLE = ["أرنور", "فرودو", "ثورين", "غاندالف", "إلروند"]
PLACES = ["غوندور", "روهان", "موريا", "شاير", "أيسنغارد"]
TEMPLATES = [
    "قال {p} في {l} أمس .",
    "زار {p} مدينة {l} .",
    "وصل {p} الى {l} صباحا .",
]


def _write_corpus(directory: Path) -> None:
    lines: list[str] = []
    for template, person, place in itertools.islice(itertools.product(TEMPLATES, PEOPLE, PLACES), 50):
        for word in template.split():
            if word == "{p}":
                lines.append(f"{person} B-PERS")
            elif word == "{l}":
                lines.append(f"{place} B-LOC")
            else:
                lines.append(f"{word} O")
        lines.append("")
    (directory / TRAIN_FILE).write_text("\n".join(lines), encoding="utf-8")
    (directory / "ANERGazet_Pers.txt").write_text("أرنور\n====\n", encoding="utf-8")
    (directory / "ANERGazet_Loc.txt").write_text("غوندور\nجبل موريا\n", encoding="utf-8")
    (directory / "ANERGazet_Org.txt").write_text("مجلس روهان\n", encoding="utf-8")


def test_compile_gazetteer_drops_separators(tmp_path: Path) -> None:
    _write_corpus(tmp_path)
    assert compile_gazetteer(tmp_path)[1:] == [
        "PER\tأرنور",
        "LOC\tغوندور",
        "LOC\tجبل موريا",
        "ORG\tمجلس روهان",
    ]


@pytest.mark.parametrize(("fraction", "sizes"), [(0.1, (9, 1)), (0.0, (10, 0)), (0.5, (5, 5))])
def test_split_holdout_takes_the_tail(fraction: float, sizes: tuple[int, int]) -> None:
    fit, held = split_holdout(list(range(10)), fraction)  # type: ignore[arg-type]
    assert (len(fit), len(held)) == sizes
    assert held == list(range(10))[sizes[0] :]


@pytest.mark.parametrize(
    ("config", "bags"),
    [(FeatureConfig(), 0), (FeatureConfig(bigrams=True, memory_window=3), 0), (FeatureConfig(seen_names=3), 2)],
)
def test_train_ner_tiny_run_writes_loadable_model(tmp_path: Path, config: FeatureConfig, bags: int) -> None:
    data, out = tmp_path / "data", tmp_path / "model"
    data.mkdir()
    _write_corpus(data)
    report = train_ner(data, out, holdout=0.2, params=CrfParams(max_iterations=30, bags=bags), config=config)
    assert (out / MODEL_FILE).is_file()
    assert (out / ENSEMBLE_FILE).is_file() == (bags > 0)
    assert report.holdout is not None and report.holdout_sentences == 10
    tagger = NerTagger.load(out)
    assert tagger.tag_tokens(["زار", "فرودو", "مدينة", "روهان", "."]) == ["O", "B-PER", "O", "B-LOC", "O"]


def test_train_ner_pa_with_clusters_and_triggers_tags_the_tiny_corpus(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "model"
    data.mkdir()
    _write_corpus(data)
    config = FeatureConfig(clusters=True, triggers=True, char_ngrams=True, affixes=4, bigrams=True)
    train_ner(data, out, holdout=0.0, params=CrfParams(algorithm="pa", max_iterations=10), config=config)
    tagger = NerTagger.load(out)
    assert tagger.tag_tokens(["زار", "فرودو", "مدينة", "روهان", "."]) == ["O", "B-PER", "O", "B-LOC", "O"]


@pytest.mark.parametrize("folds", [2, 3])
def test_out_of_fold_tags_cover_every_sentence(folds: int) -> None:
    sentences = [(b"w=a",), (b"w=b",)]
    features = [[sentences[i % 2]] for i in range(12)]
    tags = [["B-PER"] if i % 2 == 0 else ["O"] for i in range(12)]
    predicted = out_of_fold_tags(features, tags, CrfParams(algorithm="ap", max_iterations=5), folds)
    assert predicted == tags


def test_train_ner_writes_the_names_it_trained_on_and_needs_them_to_load(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "model"
    data.mkdir()
    _write_corpus(data)
    train_ner(data, out, holdout=0.0, params=CrfParams(max_iterations=20), config=FeatureConfig(seen_names=2))
    names = seen.load(out / SEEN_NAMES_FILE)
    stem = NerTagger.load(out)._extractor.stem
    assert names[(stem("فرودو"),)] == "PER" and names[(stem("روهان"),)] == "LOC"
    assert len(names) == len(PEOPLE) + len(PLACES)
    (out / SEEN_NAMES_FILE).unlink()
    with pytest.raises(ModelNotFoundError, match="train-ner"):
        NerTagger.load(out)
