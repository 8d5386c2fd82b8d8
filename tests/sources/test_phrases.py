"""Word tests of source phrases (tabayyun.sources.phrases) on invented words."""

from __future__ import annotations

import pytest

from tabayyun.sources.phrases import possessed
from tabayyun.sources.words import Word, words_between
from tabayyun.text.segment import tokenize


def _word(text: str) -> Word:
    return words_between(tokenize(text, 0, len(text)), 0, len(text))[0]


@pytest.mark.parametrize(("word", "expected"), [
    ("معلوماتها", True), ("حربهم", True), ("هويتيهما", True), ("معلوماتنا", True),
    ("مكتبه", False), ("وزارتها", False), ("مها", False), ("دينا", False),
])
def test_phrases_possessed_noun(word: str, expected: bool) -> None:
    assert possessed(_word(word)) is expected

