from __future__ import annotations

import pytest

from tabayyun.ingest.outlet import infer_outlet

LEAD = "اندلعت اشتباكات في محيط المدينة أمس وأسفرت عن سقوط قتلى.\n"


@pytest.mark.parametrize(("text", "name"), [
    ("عنوان الخبر\n\nشام تايمز – فلان الفلاني\n\n" + LEAD, "Sham Times"),
    ("عنوان الخبر\n| حلب– مراسل - دمشق- الوطن- وكالات\n" + LEAD, "Al-Watan"),
    ("عنوان\n" + LEAD + "وكشفت مصادر لوكالة \"سبوتنيك\" أن الرتل وصل.", "Sputnik Arabic"),
    ("عنوان\n" + LEAD + "مصادر الميادين: الاشتباكات مستمرة.\nوأفادت مصادر للميادين بأن", "Al Mayadeen"),
    ("الرياض - واس\n" + LEAD, "Saudi Press Agency"),
])
def test_infer_outlet_from_byline_and_statements(text: str, name: str) -> None:
    outlet = infer_outlet(text)
    assert outlet is not None and outlet.name == name


@pytest.mark.parametrize("text", [
    "عنوان\n" + LEAD + "ونقلت وكالة سبوتنيك عن مصادر أن الرتل وصل.",
    "عنوان\n" + LEAD + "وقال إن الوطن يمر بمرحلة صعبة.",
    LEAD,
])
def test_infer_outlet_ignores_relayed_and_common_words(text: str) -> None:
    assert infer_outlet(text) is None
