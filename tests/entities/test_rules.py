"""Facility, organisation and place names headed by a noun."""

from __future__ import annotations

import pytest

from tabayyun.entities.index import word_keys
from tabayyun.entities.rules import find_patterns
from tabayyun.text.segment import tokenize


def _patterns(text: str) -> list[tuple[str, str]]:
    words = word_keys(text, tokenize(text))
    return [(text[h.start:h.end], h.label) for h in find_patterns(text, words)]


@pytest.mark.parametrize(("text", "name", "label"), [
    ("هاجم المسلحون سجن الغوندورية بالأسلحة", "سجن الغوندورية", "FAC"),
    ("سقطت قذيفة قرب مسجد المصطفى في المدينة", "مسجد المصطفى", "FAC"),
    ("دفن في مقبرة أبو بكر أمس", "مقبرة أبو بكر", "FAC"),
    ("لجأ الأهالي إلى المعهد التقني", "المعهد التقني", "FAC"),
    ("فجر نفسه أمام مدخل أكاديمية الشرطة في المدينة", "أكاديمية الشرطة", "FAC"),
    ("أعلنت مديرية الشؤون الاجتماعية والعمل أن", "مديرية الشؤون الاجتماعية والعمل", "ORG"),
    ("تحتجز رئيس حي كومار في المدينة", "حي كومار", "LOC"),
])
def test_find_patterns_names_head_noun_phrases(text: str, name: str, label: str) -> None:
    assert (name, label) in _patterns(text)


@pytest.mark.parametrize("text", [
    "نقل الجرحى إلى مستشفى ميداني",
    "صدر حكم بالسجن المؤبد",
    "وصلوا عن طريق البحر",
    "غرفة عمليات مشتركة",
    "في قيادة السيارات",
])
def test_find_patterns_skips_descriptions(text: str) -> None:
    assert _patterns(text) == []


def test_find_patterns_stops_at_glued_preposition() -> None:
    assert ("سجن الغوندورية", "FAC") in _patterns("اندلعت اشتباكات في سجن الغوندورية بالمدينة")
