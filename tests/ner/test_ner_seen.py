"""The dictionary of names annotated in training: collection, out-of-fold parts, marks, file round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabayyun.ner import seen
from tabayyun.ner.features import FeatureConfig, FeatureExtractor


def test_collect_keeps_the_most_frequent_label_and_breaks_ties_alphabetically() -> None:
    stems = [["نادي", "روهان"], ["روهان", "فاز"], ["روهان"], ["ثورين", "قال"], ["ثورين"]]
    tags = [["B-ORG", "I-ORG"], ["B-LOC", "O"], ["B-LOC"], ["B-PER", "O"], ["B-ORG"]]
    names = seen.collect(stems, tags)
    assert names == {("نادي", "روهان"): "ORG", ("روهان",): "LOC", ("ثورين",): "ORG"}  # ORG < PER on a tie


def test_out_of_fold_parts_never_see_their_own_names() -> None:
    stems = [[f"اسم{i}"] for i in range(6)]
    tags = [["B-PER"]] * 6
    parts = seen.out_of_fold(stems, tags, 3)
    assert [list(part) for part, _ in parts] == [[0, 1], [2, 3], [4, 5]]
    for part, names in parts:
        assert len(names) == 4
        assert all((f"اسم{i}",) not in names for i in part)


def test_marks_take_the_longest_name_and_mark_its_neighbours() -> None:
    index = seen.SeenIndex({("بنك", "دولي"): "ORG", ("بنك", "دولي", "عربي"): "ORG", ("واشنطن",): "LOC"})
    marks = index.marks(["قال", "بنك", "دولي", "عربي", "في", "واشنطن"])
    assert [sorted(m.decode() for m in token) for token in marks] == [
        ["1:tdB=ORG"],
        ["tdB=ORG"],
        ["-1:tdB=ORG", "tdI=ORG"],
        ["tdI=ORG"],
        ["1:td=LOC"],
        ["td=LOC"],
    ]


def test_marks_skip_one_word_names_of_two_letters() -> None:
    assert seen.SeenIndex({("ال",): "ORG"}).marks(["ال", "ال"]) == [(), ()]


def test_save_and_load_round_trip_stems_without_restemming(tmp_path: Path) -> None:
    # "ندن" is how the tagger stems لندن (a bare ل is split off); loading must not stem it again
    names = {("ندن",): "LOC", ("جورج", "بوش"): "PER"}
    path = tmp_path / "seen.tsv"
    seen.save(path, names)
    assert seen.load(path) == names
    assert path.read_text(encoding="utf-8").splitlines()[1:] == ["LOC\tندن", "PER\tجورج بوش"]


@pytest.mark.parametrize("configured", [True, False])
def test_extractor_adds_seen_name_marks_only_when_configured(configured: bool) -> None:
    config = FeatureConfig(seen_names=5 if configured else 0)
    extractor = FeatureExtractor(config, {}, seen_names={("غوندور",): "LOC"})
    features = extractor.sentence(["زار", "غوندور"])
    assert (b"td=LOC" in features[1]) is configured
    swapped = extractor.with_seen_names({("غوندور",): "ORG"}).sentence(["زار", "غوندور"])
    assert (b"td=ORG" in swapped[1]) is configured
    assert b"td=ORG" not in extractor.sentence(["زار", "غوندور"])[1]  # the original keeps its dictionary


def test_document_marks_equal_each_sentences_span_marks() -> None:
    """The decoder reads a document's marks at once, trying names only where their first two stems
    (or a one-word seen name) stand; the marks are those of each sentence read alone."""
    gazetteer = {("بنك", "دولي"): "ORG", ("بنك", "دولي", "عربي"): "ORG", ("مدينة", "غوندور"): "LOC"}
    names = {("بنك", "دولي"): "ORG", ("واشنطن",): "LOC", ("ال",): "ORG", ("روهان", "قال"): "PER"}
    extractor = FeatureExtractor(FeatureConfig(seen_names=5), gazetteer, seen_names=names)
    sentences = [["قال", "بنك", "دولي", "عربي", "في", "واشنطن"], ["بنك"], ["دولي", "عربي", "ال", "واشنطن"],
                 [], ["مدينة", "غوندور", "بنك", "دولي"], ["روهان"], ["قال", "مدينة"], ["غوندور", "واشنطن", "روهان"]]
    stems = [stem for sentence in sentences for stem in sentence]
    bounds = [0]
    expected = {}
    for sentence in sentences:
        expected.update({bounds[-1] + i: m for i, m in enumerate(extractor.span_marks(sentence)) if m})
        bounds.append(bounds[-1] + len(sentence))
    marks = extractor.document_marks(stems, bounds)
    assert marks == expected
    assert {stems[i] for i in marks} >= {"بنك", "واشنطن", "غوندور"}
    assert bounds[1] not in marks  # a name's first stem ends a sentence, its second begins the next: no mark
