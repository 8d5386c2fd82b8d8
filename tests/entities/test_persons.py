"""Person names by rule: titles split from names, roles kept, canonical ids."""

from __future__ import annotations

import pytest

from tabayyun.entities.index import word_keys
from tabayyun.entities.kb import person_id
from tabayyun.entities.persons import canonical_person_tokens, find_persons
from tabayyun.text.segment import tokenize


def _persons(text: str) -> list[tuple[str, str | None]]:
    words = word_keys(text, tokenize(text))
    return [(text[h.start:h.end], h.role) for h in find_persons(text, words)]


@pytest.mark.parametrize(("text", "name", "role"), [
    ("وقال محافظ أرنور اللواء سامر دارين إن الوضع هادئ", "سامر دارين", "محافظ أرنور"),
    ("أكد العميد خالد الغوندوري أن القوات تقدمت", "خالد الغوندوري", "العميد"),
    ("وصرح المتحدث باسم وزارة الداخلية اللواء منصور الأرنوري بأن", "منصور الأرنوري", "المتحدث باسم وزارة الداخلية"),
])
def test_find_persons_splits_title_from_name(text: str, name: str, role: str) -> None:
    assert (name, role) in _persons(text)


@pytest.mark.parametrize("text", [
    "أسماء جديدة في القائمة",
    "الطلب الأميركي جاء متأخرا",
    "وقال إن الاشتباكات استمرت حتى المساء",
])
def test_find_persons_ignores_everyday_words(text: str) -> None:
    assert _persons(text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("وقتل أبو همام الأرنوري في الغارة", "أبو همام الأرنوري"),
    ("وأعلن عبد القادر دارين أن", "عبد القادر دارين"),
])
def test_find_persons_reads_kunya_and_compound_names(text: str, name: str) -> None:
    assert name in [n for n, _ in _persons(text)]


@pytest.mark.parametrize(("name", "expected"), [
    ("غسان حليم خليل", ["غسان", "خليل"]),
    ("اللواء غسان خليل", ["غسان", "خليل"]),
    ("محمد بن سلمان بن عبدالعزيز", ["محمد", "بن", "سلمان"]),
    ("عبداللطيف بن راشد الزياني", ["عبداللطيف", "زياني"]),
    ("عبد القادر عزوز", ["عبدالقادر", "عزوز"]),
])
def test_canonical_person_tokens_keep_first_and_last(name: str, expected: list[str]) -> None:
    assert canonical_person_tokens(name) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("غسان خليل", "غسان حليم خليل"),
    ("محمد بن نايف", "الأمير محمد بن نايف بن عبدالعزيز"),
])
def test_person_id_is_shared_by_spellings(a: str, b: str) -> None:
    assert person_id(a) == person_id(b)


@pytest.mark.parametrize(("text", "name"), [
    ("وقال الشيخ علي بن ولي بن علي الأرنوري إن", "علي بن ولي بن علي الأرنوري"),
    ("أكد رئيس المجلس أحمد بن إبراهيم الغوندوري أن", "أحمد بن إبراهيم الغوندوري"),
])
def test_find_persons_reads_patronymic_chains(text: str, name: str) -> None:
    assert name in [n for n, _ in _persons(text)]


def test_find_persons_tells_preposition_from_name() -> None:
    # على (on) and علي (Ali) share a matching key; the written alef maqsura decides
    assert _persons("وقع الهجوم على سامر دارين") == [("سامر دارين", None)]
