"""The measure reader on word lists built from invented sentences."""

from __future__ import annotations

import pytest

from tabayyun.claims.measures import read_measure
from tabayyun.sources.words import words_between
from tabayyun.text.segment import tokenize


def _read(text: str, number: str) -> str | None:
    words = words_between(tokenize(text), 0, len(text))
    i = next(w.i for w in words if w.text == number)
    noun = i + 1 if i + 1 < len(words) and not words[i + 1].is_punct else None
    reading = read_measure(words, i, i, noun, set(), None, None)
    return reading.measure if reading else None


@pytest.mark.parametrize(("text", "number", "measure"), [
    ("مقتل 24 مدنيا وإصابة 37 آخرين", "24", "killed"),
    ("مقتل 24 مدنيا وإصابة 37 آخرين", "37", "injured"),
    ("130 عنصرا من الفارين سلموا أنفسهم", "130", "surrendered"),
    ("نحو 300 عنصر من المهاجمين شنوا الهجوم", "300", "attackers"),
    ("احتجزت الخلية 3 مدنيين كرهائن", "3", "hostages"),
    ("وعدم استسلام 300 مقاتل", "300", "forces"),
    ("ثلاث حافلات نقل كبيرة", "ثلاث", "vehicles"),
])
def test_measures_nearest_trigger_decides(text: str, number: str, measure: str) -> None:
    assert _read(text, number) == measure


@pytest.mark.parametrize(("text", "number"), [
    ("افتتحت المراكز 6 في المدينة", "6"),
    ("وصل 5 وفود إلى العاصمة", "5"),
])
def test_measures_no_trigger_no_measure(text: str, number: str) -> None:
    assert _read(text, number) is None
