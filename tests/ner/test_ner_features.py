"""Feature extraction: cluster levels, rare words, trigger words, window padding."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tabayyun.ner.features import (
    FeatureConfig,
    FeatureExtractor,
    entry_key,
    frequency_features,
    load_clusters,
    load_frequencies,
    load_triggers,
    normalize,
    strip_clitics,
)

CLUSTERS = {"غوندور": "f3-1-12-140", "مدينه": "f6-2-20-200"}
TRIGGERS = {"مدينه": "LOC"}


def _extractor(**config: object) -> FeatureExtractor:
    return FeatureExtractor(FeatureConfig(**config), {}, CLUSTERS, None, TRIGGERS)  # type: ignore[arg-type]


def _names(features: tuple[bytes, ...]) -> set[str]:
    return {f.decode() for f in features}


@pytest.mark.parametrize(("word", "expected"), [("غوندور", {"c0=f3", "c1=1", "c2=12", "c3=140"}), ("موريا", {"c=rare"})])
def test_extractor_cluster_levels_or_rare(word: str, expected: set[str]) -> None:
    assert expected <= _names(_extractor(clusters=True).sentence([word])[0])


def test_extractor_adjacent_words_get_coarse_clusters_only() -> None:
    feats = _names(_extractor(clusters=True).sentence(["زار", "غوندور"])[0])
    assert {"1:c0=f3", "1:c1=1", "1:c2=12"} <= feats
    assert "1:c3=140" not in feats


@pytest.mark.parametrize("word", ["مدينة", "والمدينة"])
def test_extractor_trigger_marks_the_next_word(word: str) -> None:
    feats = _names(_extractor(triggers=True).sentence([word, "غوندور"])[1])
    assert "-1:tr=LOC" in feats


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_extractor_window_marks_sentence_edges(n: int) -> None:
    words = ["أرنور"] * n
    feats = [_names(f) for f in _extractor().sentence(words)]
    assert "-1:BOS" in feats[0] and "-2:BOS" not in feats[0]
    assert "1:EOS" in feats[-1]
    if n > 1:
        assert "-2:BOS" in feats[1] and "-1:BOS" not in feats[1]


def test_load_clusters_and_triggers_skip_blank_and_comment_lines(tmp_path: Path) -> None:
    (tmp_path / "c.tsv").write_text("غوندور\tf3-1-12-140\n\n", encoding="utf-8")
    (tmp_path / "t.tsv").write_text("# comment\nLOC\tمدينة\n", encoding="utf-8")
    assert load_clusters(tmp_path / "c.tsv") == {"غوندور": "f3-1-12-140"}
    assert load_triggers(tmp_path / "t.tsv") == {"مدينه": "LOC"}


def test_load_clusters_reads_the_gzipped_table(tmp_path: Path) -> None:
    (tmp_path / "c.tsv.gz").write_bytes(gzip.compress("غوندور\tf3-1-12-140-r-r-r-r\n".encode()))
    assert load_clusters(tmp_path / "c.tsv.gz") == {"غوندور": "f3-1-12-140-r-r-r-r"}


# centibel buckets: lower is more frequent. "كتاب" is a common noun with common inflected forms
# and a common definite form; "بوش" is a name: frequent bare, rare with the article, no plural.
FREQUENCIES = {"كتاب": 363, "الكتاب": 354, "كتابات": 485, "بوش": 454, "البوش": 687, "مدريد": 408}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("الكتاب", {"fw=7", "fs=7", "fal=-1", "finf=1"}),
        ("بوش", {"fw=9", "fs=9", "fal=3", "finf=0"}),
        ("مدريد", {"fal=none", "finf=0"}),
        ("غوندور", {"fw=-", "fs=-", "fal=-", "finf=0"}),
    ],
)
def test_frequency_features_tell_names_from_common_words(word: str, expected: set[str]) -> None:
    norm = normalize(word)
    assert expected <= set(frequency_features(FREQUENCIES, norm, strip_clitics(norm)[1]))


def test_frequency_features_only_when_configured_and_round_trip_the_table(tmp_path: Path) -> None:
    path = tmp_path / "frequencies.tsv.gz"
    path.write_bytes(gzip.compress("".join(f"{w}\t{b}\n" for w, b in FREQUENCIES.items()).encode()))
    table = load_frequencies(path)
    assert table == FREQUENCIES
    on = FeatureExtractor(FeatureConfig(frequencies=True), {}, frequencies=table).sentence(["بوش"])[0]
    off = FeatureExtractor(FeatureConfig(), {}, frequencies=table).sentence(["بوش"])[0]
    assert b"fal=3" in on
    assert not any(f.split(b"=")[0] in (b"fw", b"fs", b"fal", b"finf") for f in off)


# Fictional list names, keyed by stems as the lists are: a person named in full and two
# organisations sharing a head noun.
NAME_LIST = {
    entry_key(name): label
    for name, label in [("أرغون تيمار", "xPER"), ("بنك تيمار الكبير", "xORG"), ("البنك الشمالي", "xORG")]
}
# "بنوك" and "بنكين" are common: "بنك" inflects like a noun; "تيمار" has no common forms
NOUN_FORMS = {"بنوك": 500, "بنكين": 580, "بنكي": 590, "بنكيه": 560, "بنكان": 590}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("تيمار", {"gp=xPER-L|x", "gp=xORG-M|x"}),  # a last name on its own, and inside an organisation
        ("وأرغون", {"gp=xPER-F|x"}),  # clitics stripped as for every other list lookup
        ("البنك", {"gp=xORG-F|n"}),  # a head that inflects, with or without the article
        ("الكبير", {"gp=xORG-L|x"}),
        ("الشمالية", set()),  # another word
    ],
)
def test_name_parts_mark_where_a_word_stands_in_listed_names(word: str, expected: set[str]) -> None:
    on = FeatureExtractor(FeatureConfig(name_parts=True), NAME_LIST, frequencies=NOUN_FORMS)
    feats = _names(on.sentence([word])[0])
    assert {f for f in feats if f.startswith("gp=")} == expected
    off = FeatureExtractor(FeatureConfig(), NAME_LIST, frequencies=NOUN_FORMS)
    assert not any(f.startswith("gp=") for f in _names(off.sentence([word])[0]))
