"""Place cues: which words before a name license it as a place."""

from __future__ import annotations

import pytest

from tabayyun.entities.index import word_keys
from tabayyun.geo.cues import cue_before
from tabayyun.text.segment import tokenize


def _cue(text: str, name: str) -> str:
    words = word_keys(text, tokenize(text, 0, len(text)))
    i = next(i for i, w in enumerate(words) if text[w.start:w.end].endswith(name))
    clitic = text[words[i].start:words[i].end] != name
    return cue_before(words, i, text, clitic)


@pytest.mark.parametrize(("text", "name", "cue"), [
    ("قصفت الطائرات مدينة زهرون", "زهرون", "strong"),  # a kind noun governs the name after it
    ("وقعت الحادثة في المخيم زهرون", "زهرون", "weak"),  # with the article it is a phrase of its own
    ("وصل الوفد إلى العاصمة زهرون", "زهرون", "strong"),  # an apposition noun keeps the article
    ("في أي منطقة فزهرون", "زهرون", ""),  # a glued conjunction: the noun before governs nothing
    ("لا يمكن من وزهرون", "زهرون", ""),
    ("دارت معارك بزهرون", "زهرون", "weak"),  # a glued preposition
    ("قال إن عددا كزهرون", "زهرون", ""),  # a glued ك (like) is no cue
])
def test_cue_before_reads_the_word_before(text: str, name: str, cue: str) -> None:
    assert _cue(text, name) == cue
