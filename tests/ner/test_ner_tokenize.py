"""The private NER tokenizer keeps exact offsets and splits punctuation like ANERcorp."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabayyun.ner._tokenize import sentence_words, sentences, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال الرئيس، «نعم».", ["قال", "الرئيس", "،", "«", "نعم", "»", "."]),
        ("وبلغت النسبة 3.5 %", ["وبلغت", "النسبة", "3.5", "%"]),
        ("هل زار (غوندور)؟", ["هل", "زار", "(", "غوندور", ")", "؟"]),
        ("الحَرْبُ  ـ  اليوم", ["الحَرْبُ", "ـ", "اليوم"]),
    ],
)
def test_tokenize_splits_punctuation_keeps_clitics(text: str, expected: list[str]) -> None:
    tokens = tokenize(text)
    assert [t.text for t in tokens] == expected
    assert all(text[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("وصل أرنور. ثم غادر!", 2),
        ("وصل أرنور\n\nثم غادر", 2),
        ("وصل أرنور ... ثم غادر", 2),
        ("وصل أرنور إلى غوندور", 1),
    ],
)
def test_sentences_split_after_end_marks_and_blank_lines(text: str, count: int) -> None:
    assert len(sentences(text)) == count


@given(st.text(alphabet=st.sampled_from(list("ابت ٣4.,،؟?!\n\n  ـًx-«»")), max_size=80))
def test_sentence_words_equal_sentences(text: str) -> None:
    expected = [([t.text for t in s], [(t.start, t.end) for t in s]) for s in sentences(text)]
    assert sentence_words(text) == expected
