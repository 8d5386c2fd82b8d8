"""CRF weights outside crfsuite: averaging, the saved table, and the bagged models training writes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tabayyun.ner.conll import Sentence
from tabayyun.ner.features import FeatureConfig, FeatureExtractor
from tabayyun.ner.tagger import ENSEMBLE_FILE, MODEL_FILE, NerTagger
from tabayyun.ner.train import CrfParams, train_crf
from tabayyun.ner.viterbi import CrfDecoder
from tabayyun.ner.weights import CrfWeights, WeightsFormatError, average, load, save

LABELS = ("O", "B-PER", "I-PER")
PEOPLE = ["أرنور", "فرودو", "ثورين", "غاندالف", "إلروند", "بيرين"]


def _weights(state: dict[tuple[str, str], float], transitions: dict[tuple[str, str], float]) -> CrfWeights:
    return CrfWeights(LABELS, state, transitions)


def test_average_is_the_mean_with_missing_weights_as_zero() -> None:
    first = _weights({("st=a", "B-PER"): 1.0, ("st=b", "O"): 2.0}, {("O", "B-PER"): 0.5})
    second = _weights({("st=a", "B-PER"): 3.0}, {("O", "B-PER"): -0.5, ("B-PER", "I-PER"): 1.0})
    mean = average([first, second])
    assert mean.state_features == {("st=a", "B-PER"): 2.0, ("st=b", "O"): 1.0}
    assert mean.transitions == {("O", "B-PER"): 0.0, ("B-PER", "I-PER"): 0.5}
    assert mean.attributes() == frozenset({b"st=a", b"st=b"})


def test_average_refuses_nothing_and_different_label_sets() -> None:
    with pytest.raises(ValueError, match="at least one"):
        average([])
    with pytest.raises(ValueError, match="label sets"):
        average([_weights({}, {}), CrfWeights(("O", "B-LOC"), {}, {})])


def test_saved_table_reads_back_and_is_byte_identical(tmp_path: Path) -> None:
    weights = _weights({("st=غوندور", "B-PER"): -1.25, ("bl=a|b", "O"): 1e-7}, {("O", "I-PER"): -3.5})
    save(tmp_path / "a.tsv.gz", weights)
    save(tmp_path / "b.tsv.gz", load(tmp_path / "a.tsv.gz"))
    assert load(tmp_path / "a.tsv.gz") == weights
    assert (tmp_path / "a.tsv.gz").read_bytes() == (tmp_path / "b.tsv.gz").read_bytes()


@pytest.mark.parametrize(("text", "message"), [("X\tfoo\n", "unknown row"), ("T\tO\tO\tnan?\n", "1:"), ("", "label")])
def test_a_damaged_table_names_the_line_and_the_fix(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "w.tsv.gz"
    path.write_bytes(gzip.compress(text.encode()))
    with pytest.raises(WeightsFormatError, match=message) as error:
        load(path)
    assert "train-ner" in str(error.value)


def _sentences() -> list[Sentence]:
    out = []
    for i, person in enumerate(PEOPLE * 4):
        tokens = ["قال", person, "أمس", "."] if i % 2 else ["وصل", person, "صباحا"]
        out.append(Sentence(tuple(tokens), tuple("B-PERS" if t == person else "O" for t in tokens)))
    return out


def _model_dir(tmp_path: Path) -> tuple[Path, FeatureExtractor]:
    config = FeatureConfig()
    config.save(tmp_path / "features.json")
    (tmp_path / "gazetteer.tsv").write_text("", encoding="utf-8")
    return tmp_path, FeatureExtractor(config, {})


def test_bagged_training_writes_the_average_the_tagger_decodes(tmp_path: Path) -> None:
    out, extractor = _model_dir(tmp_path)
    train_crf(_sentences(), extractor, CrfParams(max_iterations=15, bags=3), out / MODEL_FILE, workers=2)
    table = load(out / ENSEMBLE_FILE)
    tagger = NerTagger.load(out)
    member = CrfWeights.from_tagger(tagger._tagger)
    assert table.attributes() >= member.attributes()  # the full-train member is one of the averaged models
    assert table.state_features != member.state_features
    words = ["قال", "فرودو", "أمس", "."]
    assert tagger.tag_tokens(words) == CrfDecoder(table, tagger._extractor).tag([words])[0] == ["O", "B-PERS", "O", "O"]
    # retrained without bags, the stale average goes: it would override the new model
    train_crf(_sentences(), extractor, CrfParams(max_iterations=15, bags=0), out / MODEL_FILE)
    assert not (out / ENSEMBLE_FILE).exists()


@pytest.mark.parametrize(("bags", "config"), [(1, FeatureConfig()), (-2, FeatureConfig()), (2, FeatureConfig(memory_window=2))])
def test_bags_that_cannot_be_trained_are_refused(tmp_path: Path, bags: int, config: FeatureConfig) -> None:
    with pytest.raises(ValueError, match="bags"):
        train_crf(_sentences(), FeatureExtractor(config, {}), CrfParams(bags=bags), tmp_path / MODEL_FILE)
