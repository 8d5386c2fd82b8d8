"""The shipped table of frequent words' attribute rows: built for the shipped model, equal to what the
decoder computes, and never used for other model files."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tabayyun.ner import frequent
from tabayyun.ner._tokenize import sentences
from tabayyun.ner.features import normalize
from tabayyun.ner.tagger import ENSEMBLE_FILE, NerTagger, default_model_dir
from tabayyun.ner.viterbi import CrfDecoder
from tabayyun.ner.weights import load as load_weights

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "tabayyun" / "data" / "samples"


@pytest.fixture(scope="module")
def shipped() -> NerTagger:
    return NerTagger.load()


def _table(tagger: NerTagger) -> frequent.FrequentWords:
    table = tagger._decoder._frequent if tagger._decoder is not None else None
    assert table is not None, "the shipped frequent-words table does not match the model: run scripts/build_ner_frequent.py"
    return table


def test_frequent_table_matches_the_shipped_model(shipped: NerTagger) -> None:
    assert len(_table(shipped)) >= 50_000


def test_frequent_table_rows_equal_the_computed_ones(shipped: NerTagger) -> None:
    decoder = shipped._decoder
    assert decoder is not None
    table = _table(shipped)
    words = [normalize(w) for w in ("في", "الحكومة", "والقوات", "بغداد", "قال", "2015", "محمد")]
    sample = [w for w in words if w in table] + list(table._index)[::997]
    assert len(sample) > 100
    for norm in sample:
        assert table.segments(norm) == decoder.attribute_rows(norm), norm


def test_frequent_table_changes_no_emission(shipped: NerTagger) -> None:
    batch = [[t.text for t in s] for path in sorted(SAMPLES.glob("*.txt")) for s in sentences(path.read_text("utf-8"))]
    weights = load_weights(default_model_dir() / ENSEMBLE_FILE)
    with_table = CrfDecoder(weights, shipped._extractor, _table(shipped))
    without = CrfDecoder(weights, shipped._extractor)
    assert np.array_equal(with_table._emissions(batch)[0], without._emissions(batch)[0])
    assert with_table.tag(batch) == without.tag(batch)


def test_frequent_table_for_other_model_files_is_not_used(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(default_model_dir(), model)
    with (model / "gazetteer.tsv").open("a", encoding="utf-8") as f:
        f.write("LOC\tأرنور\n")
    edited = NerTagger.load(model)
    assert edited._decoder is not None and edited._decoder._frequent is None


def test_frequent_table_round_trips(tmp_path: Path) -> None:
    rows = {"الف": [(1, 2), (), (3,)], "باء": [(), (7, 7, 9), ()]}
    path = tmp_path / frequent.FREQUENT_FILE
    frequent.save(path, list(rows), rows.__getitem__, "stamp", 3)
    table = frequent.load(path, "stamp", 3)
    assert table is not None and len(table) == 2
    assert table.segments("باء") == rows["باء"] and table.segments("جيم") is None
    assert frequent.load(path, "other", 3) is None
    path.write_bytes(b"not a table")
    assert frequent.load(path, "stamp", 3) is None
