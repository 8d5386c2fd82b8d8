"""Copying found PER/ORG/LOC names to their untagged repeats in the same document."""

from __future__ import annotations

import pytest

from tabayyun.ner.features import normalize, strip_clitics
from tabayyun.ner.propagate import propagate


def _stem(word: str) -> str:
    return strip_clitics(normalize(word))[1]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (["B-ORG", "I-ORG", "O"], ["O", "O", "O", "O"], ["O", "B-ORG", "I-ORG", "O"]),
        (["O", "B-PER", "O"], ["O", "O", "O", "O"], ["O", "O", "B-PER", "O"]),
        (["B-MISC", "I-MISC", "O"], ["O", "O", "O", "O"], ["O", "O", "O", "O"]),
    ],
)
def test_propagate_copies_whole_names_of_copied_types(
    first: list[str], second: list[str], expected: list[str]
) -> None:
    sentences = [["نادي", "غوندور", "فاز"], ["وقال", "نادي", "غوندور", "امس"]]
    tagged = propagate(sentences, [first, second], _stem, window=5)
    assert tagged[1] == expected


def test_propagate_matches_through_clitics_and_respects_the_window() -> None:
    sentences = [["زار", "أرنور", "."], ["."], ["وأرنور", "قال"]]
    tags = [["O", "B-PER", "O"], ["O"], ["O", "O"]]
    assert propagate(sentences, tags, _stem, window=2)[2] == ["B-PER", "O"]
    assert propagate(sentences, tags, _stem, window=1)[2] == ["O", "O"]


def test_propagate_window_reaches_both_ways_over_a_long_document() -> None:
    # the name is tagged in sentence 10 only: repeats up to `window` sentences before and after it
    # are tagged, the others not (the entries near a sentence are found by bisection)
    sentences = [["قال", "أرنور"] for _ in range(21)]
    tags = [["O", "O"] for _ in range(21)]
    tags[10] = ["O", "B-PER"]
    out = propagate(sentences, tags, _stem, window=3)
    assert [i for i, t in enumerate(out) if t[1] == "B-PER"] == [7, 8, 9, 10, 11, 12, 13]


def test_propagate_leaves_tagged_tokens_alone() -> None:
    sentences = [["أرنور"], ["أرنور"]]
    tags = [["B-PER"], ["B-LOC"]]
    assert propagate(sentences, tags, _stem, window=5) == tags


@pytest.mark.parametrize(("label", "expected"), [("PER", ["B-PER", "O"]), ("ORG", ["O", "O"])])
def test_propagate_tags_a_surname_alone_only_for_people(label: str, expected: list[str]) -> None:
    sentences = [["فرودو", "باغنز", "وصل"], ["باغنز", "قال"]]
    tags = [[f"B-{label}", f"I-{label}", "O"], ["O", "O"]]
    assert propagate(sentences, tags, _stem, window=5)[1] == expected


@pytest.mark.parametrize(("name", "repeat", "copied"), [("علي", "على", False), ("أسد", "الأسد", False), ("أرنور", "وأرنور", True)])
def test_propagate_copies_one_word_names_of_four_letters_or_more(name: str, repeat: str, copied: bool) -> None:
    # "على" (on) folds onto the name "علي"; three-letter stems are everyday words too often
    sentences = [["قال", name, "."], ["وقف", repeat, "الطاولة"]]
    tags = [["O", "B-PER", "O"], ["O", "O", "O"]]
    assert propagate(sentences, tags, _stem, window=5)[1][1] == ("B-PER" if copied else "O")
