"""Clitic-free matching keys and media names used by the source and claim matchers."""

from __future__ import annotations

import pytest

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

