"""Reading flat (ANERcorp) and nested (Wojood) CoNLL files into our label set."""

from __future__ import annotations

import pytest

from tabayyun.ner.conll import ConllFormatError, contiguous_parts, load_label_map, parse_conll


@pytest.fixture(scope="module")
def mapping() -> dict[str, str]:
    return load_label_map()


def test_parse_conll_maps_anercorp_types_to_iob2(mapping: dict[str, str]) -> None:
    text = "زار O\nأرنور B-PERS\nالملك I-PERS\nغوندور I-LOC\n\nانتهى O\n"
    first, second = parse_conll(text, mapping)
    assert first.tokens == ("زار", "أرنور", "الملك", "غوندور")
    assert first.tags == ("O", "B-PER", "I-PER", "B-LOC")
    assert second.tags == ("O",)


def test_parse_conll_keeps_outermost_mapped_entity_in_nested_files(mapping: dict[str, str]) -> None:
    text = "رئيس B-OCC\nبلدية I-OCC B-ORG\nغوندور I-OCC I-ORG B-GPE\nاليوم B-DATE\n$#$ O\nجاء O\n"
    first, second = parse_conll(text, mapping)
    assert first.tags == ("O", "B-ORG", "I-ORG", "O")
    assert second.tokens == ("جاء",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("زار\n", "expected 'token TAG'"),
        ("زار X-PERS\n", "not an IOB tag"),
        ("زار B-ALIEN\n", "not in the label map"),
    ],
)
def test_parse_conll_rejects_malformed_lines_with_line_number(
    mapping: dict[str, str], text: str, message: str
) -> None:
    with pytest.raises(ConllFormatError, match=message) as info:
        parse_conll(text, mapping, "f.txt")
    assert "f.txt:1" in str(info.value)


@pytest.mark.parametrize(("count", "parts"), [(10, 3), (3963, 5), (4, 4), (2, 3)])
def test_contiguous_parts_cover_every_sentence_once_in_order(count: int, parts: int) -> None:
    ranges = contiguous_parts(count, parts)
    assert len(ranges) == parts
    assert [i for r in ranges for i in r] == list(range(count))
    assert max(map(len, ranges)) - min(map(len, ranges)) <= 1
