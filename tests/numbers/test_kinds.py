"""Duals of countable nouns read by tabayyun.numbers.kinds."""

from __future__ import annotations

import pytest

from tabayyun.numbers.kinds import dual_noun
from tabayyun.numbers.view import viewed


@pytest.mark.parametrize(("text", "dual"), [
    ("سيارتين", "count"),
    ("وحالتي وفاة", "count"),  # a construct dual before the word its noun takes
    ("حالتا إصابة", "count"),
    ("سيارتي الجديدة", None),  # the same ending is "my"
])
def test_kinds_dual_of_a_countable_noun(text: str, dual: str | None) -> None:
    assert dual_noun(viewed(text).tokens, 0) == dual
