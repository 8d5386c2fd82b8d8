"""The word-level trigger index gives exactly the matches of the trigger patterns it replaces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabayyun.events.triggers import TermIndex, compile_terms, key_view
from tabayyun.lexicon import load_json
from tabayyun.text.normalize import normalize_key


def _lexicon_lists() -> list[list[str]]:
    data = load_json("lexicon", "event_triggers.json")
    return [*(t["terms"] for t in data["triggers"]), *(t["terms"] for t in data["tag_only"]),
            data["air_markers"], data["mob_markers"], data["suicide_markers"]]


LISTS = _lexicon_lists()
# invented terms that overlap: one inside another, the same first word, a word that is also a clitic form
TOY = [["قصف", "قصف جوي", "قصف جوي عنيف", "الغارة"], ["جوي", "غارات جويه", "ال غارة"], ["هجوم", "هجوم انتحاري"]]
WORDS = sorted({w for terms in LISTS + TOY for t in terms for w in normalize_key(t).split()})
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.builds(lambda p, w, x: p + w + x, st.sampled_from(["", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "ولل", "فب"]),
              st.sampled_from(WORDS), st.sampled_from(["", "ا", "ه", "ها", "هم", "هما", "ين", "ان", "ات", "ي"])),
    st.sampled_from(["ال", "في", "و", "2015", "_", "x"]),
)
GAPS = st.sampled_from([" ", "  ", "\n", " ، ", ".", "-", "", "\t"])


def _regex_spans(lists: list[list[str]], text: str) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in compile_terms(terms).finditer(text)] for terms in lists]


@settings(max_examples=400)
@given(st.lists(st.tuples(PIECES, GAPS), max_size=14))
def test_term_index_equals_the_patterns_on_lexicon_words(parts: list[tuple[str, str]]) -> None:
    text = "".join(p + g for p, g in parts)
    assert TermIndex(LISTS).find(text) == _regex_spans(LISTS, text)
    assert TermIndex(TOY).find(text) == _regex_spans(TOY, text)


@pytest.mark.parametrize("text", [
    "وشنت الطائرات غارات جوية على القرية، وقصف جوي عنيف استهدف الحي",
    "قصف جوي جوي قصف بالغارة والغارات الجويه هجوم انتحاري",
])
def test_term_index_equals_the_patterns_on_sentences(text: str) -> None:
    view = key_view(text).text
    assert TermIndex(LISTS).find(view) == _regex_spans(LISTS, view)
    assert TermIndex(TOY).find(view) == _regex_spans(TOY, view)


def test_term_index_refuses_a_term_that_is_not_whole_words() -> None:
    with pytest.raises(ValueError, match="whole words"):
        TermIndex([["قصف%"]])
