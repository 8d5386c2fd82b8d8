"""Media names as cited and social platforms (tabayyun.sources.media)."""

from __future__ import annotations

import pytest

from tabayyun.sources.media import is_platform, media_name


@pytest.mark.parametrize(("text", "name"), [
    ("لصحيفة “نجمة الشمال”", "صحيفة نجمة الشمال"),
    ("لـ«الوطن»", "الوطن"),
    ("للميادين", "الميادين"),
    ("وكالة «سبوتنيك»", "وكالة سبوتنيك"),
])
def test_media_name_drops_preposition_and_quotes(text: str, name: str) -> None:
    assert media_name(text) == name


@pytest.mark.parametrize(("text", "platform"), [
    ("موقع التواصل الاجتماعي \"تويتر\"", True),
    ("تويتر", True),
    ("وكالة الأنباء الألمانية", False),
])
def test_media_is_platform(text: str, platform: bool) -> None:
    assert is_platform(text) is platform
