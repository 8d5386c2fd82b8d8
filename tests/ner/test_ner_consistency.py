"""Document consistency after tagging: linked names, partial names, majority labels."""

from __future__ import annotations

from pathlib import Path

from tabayyun.ner.consistency import (
    complete_partial_names,
    harmonise,
    join_linked_names,
    load_links,
    relabel_by_majority,
)
from tabayyun.ner.features import normalize, strip_clitics
from tabayyun.ner.tagger import LINKS_FILE, default_model_dir

LINKS = frozenset({"بن", "ابو", "عبد"})


def _stem(word: str) -> str:
    return strip_clitics(normalize(word))[1]


def test_a_person_does_not_end_on_a_linking_word() -> None:
    tokens = ["قال", "احمد", "أبو", "غزة", "امس"]
    tags = ["O", "B-PER", "I-PER", "O", "O"]
    assert join_linked_names(tokens, tags, LINKS) == ["O", "B-PER", "I-PER", "I-PER", "O"]


def test_linking_words_chain_but_stop_at_punctuation_and_other_types() -> None:
    tokens = ["محمد", "بن", "عبد", "الكريم", "بن", "،"]
    assert join_linked_names(tokens, ["B-PER", "I-PER", "O", "O", "I-PER", "O"], LINKS)[:4] == [
        "B-PER", "I-PER", "I-PER", "I-PER"
    ]
    assert join_linked_names(["فرودو", "بن", "،"], ["B-PER", "I-PER", "O"], LINKS) == ["B-PER", "I-PER", "O"]
    assert join_linked_names(["نادي", "بن", "غزة"], ["B-ORG", "I-ORG", "O"], LINKS) == ["B-ORG", "I-ORG", "O"]


def test_a_part_of_a_longer_name_nearby_becomes_that_name() -> None:
    sentences = [["يوسف", "بطرس", "غالي", "قال"], ["واكد", "يوسف", "بطرس", "غالي", "ان"]]
    tags = [["B-PER", "I-PER", "I-PER", "O"], ["O", "B-PER", "I-PER", "O", "O"]]
    stems = [[_stem(w) for w in s] for s in sentences]
    assert complete_partial_names(stems, tags, window=5)[1] == ["O", "B-PER", "I-PER", "I-PER", "O"]
    assert complete_partial_names(stems, tags, window=0)[1] == tags[1]  # out of the window
    other_type = [["B-ORG", "I-ORG", "I-ORG", "O"], tags[1]]
    assert complete_partial_names(stems, other_type, window=5)[1] == tags[1]


def test_majority_label_needs_two_agreeing_mentions() -> None:
    sentences = [["روهان", "فاز"], ["في", "روهان"], ["فريق", "روهان"]]
    stems = [[_stem(w) for w in s] for s in sentences]
    tags = [["B-ORG", "O"], ["O", "B-LOC"], ["O", "B-ORG"]]
    assert relabel_by_majority(stems, tags, window=5)[1] == ["O", "B-ORG"]
    two = [tags[0], tags[1], ["O", "O"]]
    assert relabel_by_majority(stems, two, window=5) == two  # one against one: nothing changes


def test_window_counts_sentences_both_ways_over_a_long_document() -> None:
    # a place in sentences 0 to 8, an organisation in 9 and 10: with a window of 1 only the
    # neighbours vote (the names near a sentence are found by bisection), with a window of 20 all do
    stems = [[_stem("روهان")] for _ in range(11)]
    tags = [["B-LOC"]] * 9 + [["B-ORG"]] * 2
    near = relabel_by_majority(stems, tags, window=1)
    assert [t[0] for t in near] == ["B-LOC"] * 9 + ["B-ORG"] * 2
    assert [t[0] for t in relabel_by_majority(stems, tags, window=20)] == ["B-LOC"] * 11
    # the longer name is in sentence 10: the part in sentence 0 is out of a window of 9, in one of 10
    sentences = [["يوسف", "بطرس", "غالي"]] + [["قال"]] * 9 + [["يوسف", "بطرس", "غالي"]]
    parts = [["B-PER", "I-PER", "O"]] + [["O"]] * 9 + [["B-PER", "I-PER", "I-PER"]]
    name_stems = [[_stem(w) for w in s] for s in sentences]
    assert complete_partial_names(name_stems, parts, window=9)[0] == ["B-PER", "I-PER", "O"]
    assert complete_partial_names(name_stems, parts, window=10)[0] == ["B-PER", "I-PER", "I-PER"]


def test_harmonise_joins_links_then_propagates_the_whole_name() -> None:
    sentences = [["قال", "احمد", "أبو", "غزة"], ["واضاف", "احمد", "أبو", "غزة"]]
    tags = [["O", "B-PER", "I-PER", "O"], ["O", "O", "O", "O"]]
    out = harmonise(sentences, tags, _stem, window=5, links=LINKS)
    assert out == [["O", "B-PER", "I-PER", "I-PER"], ["O", "B-PER", "I-PER", "I-PER"]]


def test_shipped_links_file_is_normalised() -> None:
    links = load_links(default_model_dir() / LINKS_FILE)
    assert {"بن", normalize("أبو"), "عبد"} <= links
    assert all(link == normalize(link) and " " not in link for link in links)


def test_load_links_drops_comments(tmp_path: Path) -> None:
    path = tmp_path / "links.txt"
    path.write_text("# header\nأبو   # kunya\n\nبن\n", encoding="utf-8")
    assert load_links(path) == frozenset({normalize("أبو"), "بن"})
