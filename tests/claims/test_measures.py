"""The measure reader on word lists built from invented sentences."""

from __future__ import annotations

import pytest

from tabayyun.claims.measures import Reading, read_measure
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
    ("بلغ عدد محاولات التسلل ليلة الخميس 1400", "1400"),  # attempts are counted, not intruders
])
def test_measures_no_trigger_no_measure(text: str, number: str) -> None:
    assert _read(text, number) is None


def _reading(text: str, number: str, noun_is_number: bool = False) -> Reading | None:
    words = words_between(tokenize(text), 0, len(text))
    i = next(w.i for w in words if w.text == number)
    noun = i if noun_is_number else (i + 1 if i + 1 < len(words) and not words[i + 1].is_punct else None)
    return read_measure(words, i, i, noun, set(), None, None)


@pytest.mark.parametrize(("text", "number", "measure"), [
    # a verbal noun with the pronoun of those it happened to
    ("وأفادت الشرطة بأن أربعة أشخاص جرى اعتقالهم في المدينة", "أربعة", "arrested"),
    ("وقال إن ثلاثة مدنيين تم اختطافهم قرب أرنور", "ثلاثة", "abducted"),
    # bodies brought home are the dead
    ("نقلت الطائرة جثامين تسعة أشخاص إلى غوندور", "تسعة", "killed"),
    # families brought back, families housed
    ("وقال إن 200 عائلة أعيدت إلى مناطقها", "200", "returned"),
    ("مشروع لإسكان 320 عائلة في المخيمات", "320", "sheltered"),
])
def test_measures_more_triggers(text: str, number: str, measure: str) -> None:
    reading = _reading(text, number)
    assert reading is not None and reading.measure == measure


def test_measures_construct_dual_takes_its_genitive() -> None:
    # حالتي وفاة after an injury count: the genitive, not the nearer word before, says what happened
    reading = _reading("وتبين أن هناك خمس إصابات وحالتي وفاة", "وحالتي", noun_is_number=True)
    assert reading is not None and reading.measure == "killed"


def test_measures_destroyed_vehicles_are_no_dead() -> None:
    reading = _reading("وتمكنت من تدمير ثلاث عجلات عسكرية", "ثلاث")
    assert reading is not None and (reading.measure, reading.unit) == ("destroyed", "vehicles")

