"""Word-level tests of counting on invented sentences: what a number cannot count."""

from __future__ import annotations

import pytest

from tabayyun.claims.vocabulary import is_excluded
from tabayyun.sources.words import words_between
from tabayyun.text.segment import tokenize


@pytest.mark.parametrize(("text", "number"), [
    ("إحباط محاولة تهريب 250 حبة مخدرة", "250"),  # goods, not people
    ("تعاملت مع اللاجئين عبر 12 عيادة مختصة", "12"),  # places
    ("وعاد إلى الفريق في آخر ست مباريات", "ست"),  # matches
    ("وأضاف أن والده أصيب بثلاث رصاصات في صدره", "بثلاث"),  # rounds that hit one man
    ("وتبنت المقاومة قرابة 11 عملية ضد المسلحين", "11"),  # operations, not the dead
    ("سيتم فتح 210 أبواب للمصلين", "210"),  # doors
    ("وجرت 1700 محاولة تسلل قام بها مهاجرون", "1700"),  # attempts, not people
    ("وفاة طفل في الـ12 من عمره داخل سيارة", "12"),  # an age after the number
    ("واستجاب للبلاغ 35 إسعاف من وزارة الصحة", "35"),  # ambulances, not the dead
    ("باشرت 133 إصابة و 184 حالة مرضية في المنطقة", "184"),  # cases of illness, not the injured
])
def test_measures_things_are_not_counted(text: str, number: str) -> None:
    words = words_between(tokenize(text), 0, len(text))
    i = next(w.i for w in words if w.text == number)
    assert is_excluded(words, i, i + 1)


@pytest.mark.parametrize(("text", "noun", "subject"), [
    ("أعلنت الحكومة عن خمسة قتلى وجريحين من القوات المسلحة", "قتلى", "القوات"),  # the group of both counts
    ("أعلنت الحكومة عن «خمسة قتلى وجريحين اثنين» من القوات", "قتلى", "القوات"),
    ("أعلنت الحكومة عن «خمسة قتلى وجريحين اثنين» من القوات", "وجريحين", "القوات"),
    ("قتل خمسة مدنيين و11 جريحا من الأطفال", "جريحا", "الأطفال"),
    ("أعلنت الحكومة عن خمسة قتلى وتدمير ثلاثة من المنازل", "قتلى", None),  # no count of people between
    ("أعلنت الحكومة عن خمسة قتلى من الجنود وجريحين من المدنيين", "قتلى", "الجنود"),
])
def test_subject_of_a_pair_of_counts_is_the_group_named_after_both(text: str, noun: str, subject: str | None) -> None:
    from tabayyun.claims.vocabulary import subject_of

    words = words_between(tokenize(text), 0, len(text))
    i = next(w.i for w in words if w.text == noun)
    found = subject_of(words, i)
    assert (found and found.split(" (")[-1].rstrip(")")) == subject


@pytest.mark.parametrize(("text", "noun", "subject"), [
    ("وقال إن قتيلين وثلاثة جرحى في صفوف القوات المسلحة سقطوا", "قتيلين", "القوات"),
    ("وأوقعت ثلاثة قتلى في صفوف الجيش", "قتلى", "الجيش"),
    ("وتحدث البيان عن خمسة قتلى وجريحين من جانب القوات المسلحة", "قتلى", "القوات"),  # on the side of
    ("سقط خمسة قتلى ومن بينهم طفلان", "قتلى", None),  # "ومن بينهم" opens another clause, no group
])
def test_subject_of_the_group_opened_by_in_the_ranks_of(text: str, noun: str, subject: str | None) -> None:
    from tabayyun.claims.vocabulary import subject_of

    words = words_between(tokenize(text), 0, len(text))
    i = next(w.i for w in words if w.text == noun)
    found = subject_of(words, i)
    assert (found and found.split(" (")[-1].rstrip(")")) == subject
