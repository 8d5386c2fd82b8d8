"""The shipped model loads offline and tags raw text with exact character offsets."""

from __future__ import annotations

import pytest

from tabayyun.ner import NerSpan, NerTagger, load_default_tagger

TEXTS = [
    "قال الرئيس الأمريكي جورج بوش في واشنطن أمس إن الأمم المتحدة ستجتمع.",
    "وصل وزير الخارجية الفرنسي إلى بغداد، والتقى نظيره العراقي في مقر وزارة الخارجية.",
    "أعلن اتحاد صناعة السيارات في ألمانيا أن الشركات تواجه عاما صعبا.\n\nوقال مسؤول «هذا مهم».",
]


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return load_default_tagger()


def test_load_default_tagger_is_cached() -> None:
    assert load_default_tagger() is load_default_tagger()


def test_tag_tokens_returns_one_iob_tag_per_token(tagger: NerTagger) -> None:
    tokens = ["أعلن", "اتحاد", "صناعة", "السيارات", "في", "ألمانيا", "امس"]
    tags = tagger.tag_tokens(tokens)
    assert len(tags) == len(tokens)
    assert tags[5] == "B-LOC"
    assert all(t == "O" or (t[:2] in ("B-", "I-") and t[2:] in {"PER", "ORG", "LOC", "MISC"}) for t in tags)


def test_tag_tokens_accepts_an_empty_sentence(tagger: NerTagger) -> None:
    assert tagger.tag_tokens([]) == []


@pytest.mark.parametrize("text", TEXTS)
def test_tag_text_spans_index_the_original_string(tagger: NerTagger, text: str) -> None:
    spans = tagger.tag_text(text)
    assert spans, "expected at least one entity"
    for span in spans:
        surface = text[span.start : span.end]
        assert surface == surface.strip() and surface
        assert span.label in {"PER", "ORG", "LOC", "MISC"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TEXTS[0], NerSpan(32, 38, "LOC")),
        (TEXTS[1], NerSpan(30, 35, "LOC")),
        (TEXTS[2], NerSpan(29, 36, "LOC")),
    ],
)
def test_tag_text_finds_capitals(tagger: NerTagger, text: str, expected: NerSpan) -> None:
    assert expected in tagger.tag_text(text)
