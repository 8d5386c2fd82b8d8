"""The matcher's word keys and the passes that pick words by their readings."""

from __future__ import annotations

from tabayyun.entities.index import readings, token_key, with_key, with_reading, word_keys
from tabayyun.text.segment import tokenize

_TEXT = "وصل الوفد إلى دمشق وبالرياض، ثم الرياض\nثم عاد إلى الرياض"
_KEYS = {token_key("الرياض"), token_key("دمشق")}


def _surfaces(indexes: list[int]) -> list[str]:
    words = word_keys(_TEXT, tokenize(_TEXT))
    return [_TEXT[words[i].start:words[i].end] for i in indexes]


def test_index_with_reading_finds_a_key_as_written_and_behind_a_clitic() -> None:
    words = word_keys(_TEXT, tokenize(_TEXT))
    found = with_reading(words, _KEYS)
    assert _surfaces(found) == ["دمشق", "وبالرياض", "الرياض", "الرياض"]
    assert found == [i for i, w in enumerate(words) if w.key and any(k in _KEYS for _, k in w.variants)]


def test_index_with_key_reads_the_key_as_written_only() -> None:
    words = word_keys(_TEXT, tokenize(_TEXT))
    assert _surfaces(with_key(words, _KEYS)) == ["دمشق", "الرياض", "الرياض"]


def test_index_readings_are_every_words_keys_in_order() -> None:
    words = word_keys(_TEXT, tokenize(_TEXT))
    assert list(readings(words)) == [k for w in words for _, k in w.variants]
    assert token_key("الرياض") in set(readings(words))
