"""Word-level tests over the source word lists (tabayyun.sources.lexicon)."""

from __future__ import annotations

import pytest

from tabayyun.sources.lexicon import is_number_word
from tabayyun.sources.words import words_between
from tabayyun.text.segment import tokenize


@pytest.mark.parametrize(("word", "expected"), [("مئتي", True), ("وثلاثة", True), ("عشرات", True), ("سالم", False)])
def test_lexicon_number_word(word: str, expected: bool) -> None:
    assert is_number_word(words_between(tokenize(word, 0, len(word)), 0, len(word))[0]) is expected
