"""Clitic-free matching keys and media names used by the source and claim matchers."""

from __future__ import annotations

import pytest

from tabayyun.sources.phrases import is_platform, media_name
from tabayyun.sources.words import clitic_forms


@pytest.mark.parametrize(("key", "expected"), [
    ("والمصادر", "مصادر"),
    ("لوكاله", "وكاله"),
    ("بالقوات", "القوات"),
    ("للميادين", "الميادين"),
])
def test_words_clitic_forms_set_clitics_aside(key: str, expected: str) -> None:
    assert expected in clitic_forms(key)


@pytest.mark.parametrize("key", ["من", "في", "بن"])
def test_words_clitic_forms_keep_short_words_whole(key: str) -> None:
    assert clitic_forms(key) == (key,)


@pytest.mark.parametrize(("text", "name"), [
    ("لصحيفة “نجمة الشمال”", "صحيفة نجمة الشمال"),
    ("لـ«الوطن»", "الوطن"),
    ("للميادين", "الميادين"),
    ("وكالة «سبوتنيك»", "وكالة سبوتنيك"),
])
def test_phrases_media_name_drops_preposition_and_quotes(text: str, name: str) -> None:
    assert media_name(text) == name


@pytest.mark.parametrize(("text", "platform"), [
    ("موقع التواصل الاجتماعي \"تويتر\"", True),
    ("تويتر", True),
    ("وكالة الأنباء الألمانية", False),
])
def test_phrases_is_platform(text: str, platform: bool) -> None:
    assert is_platform(text) is platform
