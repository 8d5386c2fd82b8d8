"""The matcher's word keys and the passes that pick words by their readings."""

from __future__ import annotations

from tabayyun.entities.index import readings, token_key, with_key, with_reading, word_keys
from tabayyun.model import Token
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


def _word_by_word(text: str, tokens: list[Token]) -> list[tuple[int, int, int, str, bool]]:
    """(position, start, end, key, dash) of the matcher's words read one token at a time: the
    reference the column-built ones must equal."""
    out: list[tuple[int, int, int, str, bool]] = []
    for n, t in enumerate(tokens):
        if n and "\n" in text[tokens[n - 1].end:t.start]:
            out.append((len(out), tokens[n - 1].end, tokens[n - 1].end, "", False))
        surface = text[t.start:t.end]
        if surface in "-–—":
            out.append((len(out), t.start, t.end, "", True))
            continue
        key = token_key(surface)
        if not key or not any(ch.isalpha() or ch.isdigit() for ch in key):
            out.append((len(out), t.start, t.end, "", False))
            continue
        out.append((len(out), t.start, t.end, key, False))
    return out


def test_index_word_keys_mark_line_breaks_dashes_and_marks_and_keep_clitic_offsets() -> None:
    text = "قال وزير الخارجية - في دمشق:\n\nوبالرياض ثم\nللحسكة ، 2015"
    tokens = tokenize(text)
    words = word_keys(text, tokens)
    expected = _word_by_word(text, tokens)
    # the same words in the same places: an empty word after each token before a line break (one
    # for a blank line), a dash, a mark without a key
    assert [(w.position, w.start, w.end, w.key, w.dash) for w in words] == expected
    assert [w.position for w in words] == list(range(len(words)))
    breaks = [w for w in words if w.start == w.end]
    assert [text[:b.start].rsplit(None, 1)[-1] for b in breaks] == ["دمشق:", "ثم"]
    assert [w.dash for w in words].count(True) == 1
    # a word without clitics has one reading, its key where it starts; a clitic reading starts after the clitic
    plain = next(w for w in words if text[w.start:w.end] == "دمشق")
    assert plain.variants == ((plain.start, plain.key),)
    glued = next(w for w in words if text[w.start:w.end] == "وبالرياض")
    assert glued.variants[0] == (glued.start, glued.key)
    assert (glued.start + 1, token_key("بالرياض")) in glued.variants  # و set aside
    assert (glued.start + 2, token_key("الرياض")) in glued.variants  # وب set aside, the article kept
    assert all(w.variants == () for w in words if not w.key)


def test_index_with_reading_reads_a_tuple_of_words_as_a_list() -> None:
    words = word_keys(_TEXT, tokenize(_TEXT))
    assert with_reading(tuple(words), _KEYS) == with_reading(words, _KEYS)
    assert with_reading(tuple(words), set()) == []
