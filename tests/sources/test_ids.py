"""Knowledge-base ids of cited sources: one id however an article writes the name."""

from __future__ import annotations

import pytest

from tabayyun.sources.ids import medium_id, source_id


@pytest.mark.parametrize(("name", "entity_id"), [
    ("رويترز", "org:reuters"),
    ("وكالة رويترز", "org:reuters"),
    ("(أ ف ب)", "org:afp"),  # a credit form
    ("وكالة الصحافة الفرنسية", "org:afp"),
    ("د.ب.أ", "org:dpa"),
    ("وكالة أنباء الأناضول", "org:anadolu"),  # أنباء between the head and the name
    ("وكالة أنباء النظام «سانا»", "org:sana"),  # the medium's own name inside a longer phrase
])
def test_ids_medium_by_any_of_its_names(name: str, entity_id: str) -> None:
    assert medium_id(name) == entity_id


@pytest.mark.parametrize("name", ["وسائل إعلام محلية", "صحيفة نجمة الشمال", "وكالة الأنباء العربية الأرنورية"])
def test_ids_unknown_medium_has_no_id(name: str) -> None:
    assert medium_id(name) is None


def test_ids_known_body_by_its_whole_name() -> None:
    assert source_id("المرصد السوري لحقوق الإنسان") == source_id("المرصد السوري لحقوق الانسان") is not None
    assert source_id("مصادر محلية") is None
