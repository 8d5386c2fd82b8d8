"""scripts/build_ner_clusters.py: reading ar-corrector's bigram counts safely from its wheel."""

from __future__ import annotations

import importlib.util
import pickle
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_ner_clusters.py"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_ner_clusters", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wheel(tmp_path: Path, build: ModuleType, table: object) -> Path:
    wheel = tmp_path / "ar_corrector-1.1.6-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(build.CORRECTOR_BIGRAMS, pickle.dumps(table))
    return wheel


def test_corrector_bigrams_map_sentence_marks_and_drop_unknown_words(tmp_path: Path, build: ModuleType) -> None:
    table: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    table[()].update({"<s>": 3})  # the unigram row, not a bigram
    table[("<s>",)].update({"قال": 2, "<unk>": 1})
    table[("قال",)].update({"بوش": 4, "<e>": 1})
    table[("<unk>",)].update({"في": 5})
    got = sorted(build.corrector_bigrams(_wheel(tmp_path, build, table)))
    assert got == sorted([("<s>", "قال", 2), ("قال", "بوش", 4), ("قال", "</s>", 1)])


def test_corrector_bigrams_refuse_any_other_object_in_the_pickle(tmp_path: Path, build: ModuleType) -> None:
    # a pickle can name any importable callable; the counts table may only hold counters
    with pytest.raises(pickle.UnpicklingError, match="not allowed"):
        list(build.corrector_bigrams(_wheel(tmp_path, build, {("قال",): Path("/")})))


def test_sentence_bigrams_pad_each_sentence(build: ModuleType) -> None:
    assert list(build.sentence_bigrams([["قال", "بوش"]])) == [("<s>", "قال", 1), ("قال", "بوش", 1), ("بوش", "</s>", 1)]


def test_trigger_profiles_band_how_often_a_word_follows_a_trigger(build: ModuleType) -> None:
    bigrams = [("الرئيس", "شافيز", 5), ("في", "شافيز", 1), ("في", "مدريد", 59), ("الرئيس", "مدريد", 1), ("في", "لندن", 2)]
    profiles = build.trigger_profiles(bigrams, {"رئيس": "PER"}, min_count=3)
    assert profiles["شافيز"] == "PER3"  # 5 of 6 occurrences after a title
    assert profiles["مدريد"] == "t0"  # 1 of 60: below the lowest band (2 %)
    assert "لندن" not in profiles  # seen twice: too rare to say
