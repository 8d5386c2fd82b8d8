from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabayyun.text.segment import clitic_stem_offset, split_sentences, tokenize

MIXED = st.one_of(st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
                  st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                  st.sampled_from(["\n", " ", "٣", "ـ", "«", "»", "؟", "\u200f"]))


@pytest.mark.parametrize(("text", "expected"), [
    ("والـ١٣٠ عنصراً", ["والـ", "١٣٠", "عنصراً"]),
    ("بـ5 سيارات", ["بـ", "5", "سيارات"]),
    ("قتل 1,050 شخصاً، أمس.", ["قتل", "1,050", "شخصاً", "،", "أمس", "."]),
    ("«قسد» تعلن", ["«", "قسد", "»", "تعلن"]),
])
def test_tokenize_splits_clitics_from_numbers(text: str, expected: list[str]) -> None:
    assert [t.text for t in tokenize(text)] == expected


@pytest.mark.parametrize(("word", "stem"), [
    ("والحسكة", "الحسكة"), ("بالمدينة", "المدينة"), ("للحسكة", "حسكة"), ("وزارة", "وزارة"), ("بيروت", "بيروت"),
])
def test_clitic_stem_offset_keeps_article(word: str, stem: str) -> None:
    assert word[clitic_stem_offset(word):] == stem


@pytest.mark.parametrize(("text", "count"), [
    ("قال المتحدث. وأضاف أن الوضع هادئ.", 2),
    ("بلغ العدد 1.5 مليون؟ نعم", 2),
    ("السطر الأول\nالسطر الثاني", 2),
    ("قال د. أحمد إن", 1),
])
def test_split_sentences_counts(text: str, count: int) -> None:
    assert len(split_sentences(text)) == count


@given(st.text(alphabet=MIXED, max_size=120))
def test_tokens_and_sentences_round_trip(text: str) -> None:
    for span in [*tokenize(text), *split_sentences(text)]:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start:span.end] == span.text
        assert span.text.strip() == span.text
