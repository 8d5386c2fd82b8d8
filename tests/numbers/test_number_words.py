"""Digit groups and number words read by tabayyun.numbers.words."""

from __future__ import annotations

from importlib import resources

import pytest

from tabayyun.numbers.view import VTok, norm, viewed
from tabayyun.numbers.words import (
    first_number_word,
    may_be_fraction,
    may_begin_number,
    parse_digits,
    read_number,
    read_vague,
)


@pytest.mark.parametrize(("group", "scale", "value"), [
    ("1,050", False, 1050),
    ("1.050", False, 1050),
    ("2.5", False, 2.5),
    ("1.500", True, 1.5),
    ("12,345,678", False, 12345678),
    ("1,05", False, None),
    ("1,3", True, 1.3),  # the Arabic decimal comma before a scale word: 1,3 مليون
    ("1,3", False, None),
    ("1,300", True, 1300),
])
def test_number_words_parse_digits_separators(group: str, scale: bool, value: float | None) -> None:
    assert parse_digits(group, before_scale=scale) == value


@pytest.mark.parametrize(("text", "value"), [
    ("ثلاث", 3), ("ثلاثة", 3), ("ثمانية", 8), ("عشرين", 20), ("العشرين", 20),
    ("ثلاثة وعشرين", 23), ("خمس عشرة", 15), ("إحدى عشرة", 11), ("مائتين", 200),
    ("تسعمائة وتسعة وتسعون", 999), ("ألف ومئتان", 1200), ("عشرة آلاف", 10000),
    ("مئة ألف", 100000), ("ثلاثة وعشرون ألفا", 23000), ("مليونين", 2000000),
    ("والمئة", 100), ("وثلاثة", 3), ("10 آلاف", 10000), ("٣ ملايين", 3000000),
])
def test_number_words_read_number(text: str, value: float) -> None:
    tokens = viewed(text).tokens
    read = read_number(tokens, 0)
    assert read is not None and read.value == value and read.end == len(tokens)


@pytest.mark.parametrize("text", ["الاثنين", "أحد", "الأحد", "آلاف", "كمية", "بكمية"])  # كمية: ك + مية once normalised
def test_number_words_weekdays_and_vague_are_not_numbers(text: str) -> None:
    assert read_number(viewed(text).tokens, 0) is None


@pytest.mark.parametrize("text", ["كميات", "الكميات", "بكميات"])  # ك + ميات (a spelling of مئات) once normalised
def test_number_words_quantities_are_no_vague_hundreds(text: str) -> None:
    assert read_vague(viewed(text).tokens, 0) is None


def test_number_words_vague_hundreds_spelled_without_hamza() -> None:
    assert read_vague(viewed("ميات").tokens, 0) is not None



@pytest.mark.parametrize(("text", "value"), [("ربع مليون", 250000), ("نصف مليار", 500000000), ("بنصف مليون", 500000)])
def test_number_words_fraction_of_a_scale(text: str, value: float) -> None:
    read = read_number(viewed(text).tokens, 0)
    assert read is not None and read.value == value and read.end == 2


def test_number_words_fraction_alone_is_no_number() -> None:
    assert read_number(viewed("نصف الساعة").tokens, 0) is None


def _sample_view_words() -> frozenset[str]:
    folder = resources.files("tabayyun.data").joinpath("samples")
    texts = [p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".txt")]
    return frozenset().union(*(viewed(t).words for t in texts))


def test_number_words_may_begin_number_holds_for_every_word_read_as_one() -> None:
    words = _sample_view_words() | {norm(w) for w in ("عشرات", "وثلاثة", "بالآلاف", "ربع", "الخمسين", "مئات")}
    read = {w for w in words if read_vague((VTok(w, 0, len(w), "word"),), 0) is not None
            or first_number_word(w) is not None or may_be_fraction(w)}
    assert read and all(may_begin_number(w) for w in read)  # a necessary condition: nothing read is passed over
    assert not may_begin_number(norm("الوزارة")) and not may_begin_number(norm("وقال"))


def test_number_words_view_starting_gives_the_numbers_and_starters_in_order() -> None:
    v = viewed("قتل 3 أشخاص وأصيب عشرات آخرون، بينهم 2 من الأطفال")
    starters = {norm("عشرات"), norm("أشخاص")}
    assert v.starting(starters) == [k for k, t in enumerate(v.tokens) if t.kind == "num" or t.text in starters]
    assert [v.tokens[k].text for k in v.starting(starters)] == ["3", norm("أشخاص"), norm("عشرات"), "2"]
