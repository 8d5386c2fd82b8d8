"""Clitic-free matching keys and media names used by the source and claim matchers."""

from __future__ import annotations

import pytest

from tabayyun.sources.words import (
    QUOTES,
    LabelledPhrases,
    Word,
    clitic_forms,
    phrase_keys,
    where_key,
    where_text,
    words_between,
)
from tabayyun.text.segment import tokenize


@pytest.mark.parametrize(("key", "expected"), [
    ("والمصادر", "مصادر"),
    ("لوكاله", "وكاله"),
    ("بالقوات", "القوات"),
    ("للميادين", "الميادين"),
])
def test_words_clitic_forms_set_clitics_aside(key: str, expected: str) -> None:
    assert expected in clitic_forms(key)


@pytest.mark.parametrize("key", ["من", "في", "بن"])
def test_words_clitic_forms_keep_short_words_whole(key: str) -> None:
    assert clitic_forms(key) == (key,)


def _words(text: str) -> list[Word]:
    return words_between(tokenize(text), 0, len(text))


def test_words_phrase_set_matches_the_longest_phrase_from_a_clitic_form() -> None:
    phrases = phrase_keys(["وفقا ل", "وفقا لما", "نقلا عن"])
    words = _words("وذلك وفقا لما نقلته الوكالة")
    assert phrases.match(words, 1) == 2
    assert phrases.match(words, 0) == 0
    assert phrases.match(words, len(words)) == 0
    assert phrases.anywhere(words)
    assert not phrases.anywhere(_words("قالت الوكالة"))


def test_words_phrase_set_needs_every_word_of_the_phrase() -> None:
    phrases = phrase_keys(["على ما يبدو"])
    assert phrases.match(_words("على ما يبدو"), 0) == 3
    assert phrases.match(_words("على ما"), 0) == 0


def test_words_labelled_phrases_give_the_first_pair_in_order() -> None:
    table = LabelledPhrases([(("فارق", "الحياه"), "killed"), (("فارق",), "other")])
    words = _words("وفارق الحياة أمس")
    assert table.label_at(words, 0) == "killed"
    assert table.label_at(_words("فارق أمس"), 0) == "other"
    assert table.label_at(words, len(words)) is None
    assert table.pair_at(words, 0) == (("فارق", "الحياه"), "killed")
    assert table.pair_at(_words("قال أمس"), 0) is None


def test_words_between_with_the_tokens_starts_reads_the_same_words() -> None:
    text = "قال الوزير. وأضاف المتحدث أمس: لا جديد."
    tokens = tokenize(text)
    starts = [t.start for t in tokens]
    second = text.index("وأضاف")
    for start, end in ((0, second), (second, len(text)), (second + 1, second + 9), (len(text), len(text))):
        words = words_between(tokens, start, end, starts)
        assert words == words_between(tokens, start, end)
        assert [w.text for w in words] == [t.text for t in tokens if start <= t.start < end]
    assert [w.i for w in words_between(tokens, second, len(text), starts)][:2] == [0, 1]


_MIXED = "قال «المصدر» للصحفيين، والمسؤول بالوزارة: إن 3 جنود قتلوا.\nوأضاف آخرون إن الوضع هادئ"


@pytest.mark.parametrize(("start", "end"), [(0, len(_MIXED)), (4, 30), (30, len(_MIXED)), (13, 13)])
def test_words_of_a_tokens_layer_are_those_built_token_by_token(start: int, end: int) -> None:
    tokens = tokenize(_MIXED)
    layer = words_between(tuple(tokens), start, end)  # a layer (a tuple): read through its columns
    assert layer == words_between(tokens, start, end)
    assert layer == words_between(tokens, start, end, [t.start for t in tokens])


def test_words_where_key_and_where_text_give_the_indexes_of_a_scan() -> None:
    words = _words(_MIXED)
    assert where_key(words, lambda key: key.startswith("ال")) == [i for i, w in enumerate(words)
                                                                 if w.key.startswith("ال")]
    quotes = where_text(words, QUOTES.__contains__)
    assert quotes == [i for i, w in enumerate(words) if w.is_quote] and len(quotes) == 2
