from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabayyun.text.normalize import (
    _normalize_char,
    compact_key,
    document_view,
    fold_view,
    normalize,
    normalize_key,
    normalize_text,
    translation_list,
)

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
PRESENTATION = st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFC)
MIXED = st.one_of(ARABIC, PRESENTATION, st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                  st.sampled_from(["\u200f", "\u200e", "\u0640", "\u064b", "\n", " ", "١", "۴", "،", "ﻻ"]))


@pytest.mark.parametrize(("raw", "expected"), [
    ("أحمد", "احمد"), ("إسلام", "اسلام"), ("آمال", "امال"), ("مصطفى", "مصطفي"),
    ("مدرسةٌ", "مدرسة"), ("الحســـكة", "الحسكة"), ("١٬٠٥٠", "1,050"), ("۴۵", "45"),
    ("قال، ثم؛ لماذا؟", "قال, ثم; لماذا?"), ("\u200fنص\u200e", "نص"), ("ﻻ", "لا"),
])
def test_normalize_unifies_forms(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize(("a", "b"), [
    ("القوات الأمريكية", "القوات الامريكيه"), ("البوكمال", "البو كمال"),
    ("الحسكة", "الحسكه"), ("مُحافظة", "محافظه"),
])
def test_compact_key_matches_spelling_variants(a: str, b: str) -> None:
    assert compact_key(a) == compact_key(b)


def test_normalize_key_folds_ta_marbuta_and_punctuation() -> None:
    assert normalize_key("«مدينةُ الحسكة»") == "مدينه الحسكه"


@pytest.mark.parametrize(("text", "needle"), [("قُتِلَ ١٢ شخصاً", "12"), ("في الحســكة اليوم", "الحسكة")])
def test_to_original_recovers_surface(text: str, needle: str) -> None:
    view = normalize(text)
    i = view.text.index(needle)
    start, end = view.to_original(i, i + len(needle))
    assert normalize(text[start:end]).text == needle


@given(st.text(alphabet=MIXED, max_size=80))
def test_normalize_offsets_stay_inside_original(text: str) -> None:
    view = normalize(text)
    assert len(view.starts) == len(view.text) == len(view.ends)
    for i in range(len(view.text)):
        s, e = view.to_original(i, i + 1)
        assert 0 <= s < e <= len(text)
        assert view.text[i] in normalize(text[s:e]).text


@given(st.text(alphabet=MIXED, max_size=80), st.data())
def test_normalize_ranges_round_trip(text: str, data: st.DataObject) -> None:
    view = normalize(text)
    n = len(view.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    s, e = view.to_original(start, end)
    assert 0 <= s <= e <= len(text)
    if end > start:
        assert view.text[start:end] in normalize(text[s:e]).text


def test_to_original_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="outside"):
        normalize("نص").to_original(0, 5)


def _per_character(original: str, fold: bool, lower: bool) -> tuple[str, list[int], list[int]]:
    """The definition of the view, one character at a time (what the table-driven normalize must equal)."""
    out, starts, ends = [], [], []
    for i, ch in enumerate(original):
        norm = _normalize_char(ch, fold)
        if lower and norm.isascii():
            norm = norm.lower()
        out.append(norm)
        starts.extend([i] * len(norm))
        ends.extend([i + 1] * len(norm))
    return "".join(out), starts, ends


ANY = st.one_of(MIXED, st.characters(), st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF))


@given(st.text(alphabet=ANY, max_size=60), st.booleans(), st.booleans())
def test_normalize_equals_the_per_character_definition(text: str, fold: bool, lower: bool) -> None:
    view = normalize(text, fold_ta_marbuta=fold, lower=lower)
    expected, starts, ends = _per_character(text, fold, lower)
    assert (view.text, list(view.starts), list(view.ends)) == (expected, starts, ends)
    assert normalize_text(text, fold_ta_marbuta=fold, lower=lower) == expected


@pytest.mark.parametrize("text", ["الحســكة مدينةٌ ﻻ ١٢", "مدرسة", ""])
def test_fold_view_equals_the_folded_normalisation(text: str) -> None:
    folded = normalize(text, fold_ta_marbuta=True)
    view = fold_view(document_view(text))
    assert (view.text, view.starts, view.ends) == (folded.text, folded.starts, folded.ends)


def test_translation_list_translates_like_its_mapping() -> None:
    mapping = str.maketrans({"أ": "ا", "ة": "ه", "\u064b": None, "ﻻ": "لا", "A": "a"})
    table = translation_list(mapping)
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000))) + "\U0001F600\U00010000"
    assert every.translate(table) == every.translate(mapping)
    with pytest.raises(ValueError, match="outside the basic plane"):
        translation_list({0x1F600: "x"})
