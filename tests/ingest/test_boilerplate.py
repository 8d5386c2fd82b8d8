from __future__ import annotations

import pytest

from tabayyun.ingest.boilerplate import body_end, repeated_lines

BODY = "قال المتحدث باسم الدفاع المدني إن فرق الإنقاذ انتشلت جثث خمسة أشخاص من تحت الأنقاض.\n" * 4


@pytest.mark.parametrize("marker", ["شاهد أيضاً", "اقرأ المزيد:", "اخترنا لك", "تعليق", "• اقرأ أيضا"])
def test_body_end_finds_related_links_block(marker: str) -> None:
    text = BODY + marker + "\nعنوان خبر آخر لا علاقة له\n"
    assert body_end(text) == len(BODY)


def test_body_end_ignores_marker_inside_a_sentence() -> None:
    text = BODY + "وقال إن عليكم أن تقرأوا المزيد عن اقرأ المزيد في التقرير الطويل جدا عن الحادث وتفاصيله.\n"
    assert body_end(text) is None


def test_body_end_ignores_marker_in_the_lead() -> None:
    text = "تعليق\n" + BODY
    assert body_end(text) is None


def test_repeated_lines_marks_second_copy_of_teaser() -> None:
    teaser = "مصادر محلية: خمسة قتلى في انفجار عبوة ناسفة"
    text = f"عنوان\n  • {teaser}\n    {teaser}\n" + BODY.splitlines()[0]
    ranges = repeated_lines(text)
    assert len(ranges) == 1
    start, end = ranges[0]
    assert teaser in text[start:end]
    assert start > text.index("•")
