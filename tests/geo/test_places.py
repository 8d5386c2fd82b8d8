"""The curated places (data/kb/places.json): well-formed rows, and the places of the crises
beyond Syria and Iraq read in a sentence, with the names that are also words left alone."""

from __future__ import annotations

from collections import Counter

import pytest

from tabayyun.geo.gazetteer import LEVEL_RANK, curated_places, default_gazetteer, lies_in
from tabayyun.lexicon import load_json
from tabayyun.stages.mentions import extract_mentions

LEVELS = {*LEVEL_RANK, "district"}


def test_curated_rows_are_well_formed() -> None:
    rows = load_json("kb", "places.json")["places"]
    ids = Counter(r["id"] for r in rows)
    assert [i for i, n in ids.items() if n > 1] == []
    for r in rows:
        assert r["aliases"] and r["level"] in LEVELS and len(r["country"]) == 2, r["id"]
        assert -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180, r["id"]


def test_every_parent_exists() -> None:
    gaz = default_gazetteer()
    missing = [(p.id, p.parent) for p in curated_places() if p.parent and gaz.get(p.parent) is None]
    assert missing == []


def test_a_parent_lies_in_the_same_country() -> None:
    gaz = default_gazetteer()
    for p in curated_places():
        parent = gaz.get(p.parent) if p.parent else None
        assert parent is None or parent.country == p.country, (p.id, p.parent)


def _places(text: str) -> dict[str, str | None]:
    return {m.text: m.entity_id for m in extract_mentions(text) if m.lat is not None}


@pytest.mark.parametrize(("text", "surface", "place_id"), [
    # al-Bayda: the Yemeni governorate, with its kind noun or after a preposition in a Yemeni report
    ("قتل خمسة جنود في محافظة البيضاء وسط اليمن", "محافظة البيضاء", "gn:79836"),
    ("قال مسؤول يمني في صنعاء إن خمسة قتلوا في البيضاء", "البيضاء", "gn:79836"),
    # ... and the Libyan city in a Libyan report
    ("اشتباكات في ليبيا قرب بنغازي وفي البيضاء", "البيضاء", "gn:89055"),
    ("وصل الوفد إلى الدار البيضاء في المغرب", "الدار البيضاء", "gn:2553604"),
    ("قتل جنديان في هجوم على قاعدة العند الجوية في لحج", "قاعدة العند الجوية", "geo:al_anad"),
    ("قال مسؤول يمني إن اشتباكات اندلعت في محافظة الجوف", "محافظة الجوف", "geo:jawf_ye"),
    ("سقطت قذيفة في منطقة الجوف السعودية", "منطقة الجوف", "geo:jouf"),
    ("قتل ثلاثة في رداع", "رداع", "geo:radaa"),
    ("هجوم مسلح في الشيخ زويد بشمال سيناء", "الشيخ زويد", "gn:353471"),
    ("قتل جندي في مدينة رفح المصرية", "مدينة رفح المصرية", "geo:rafah_eg"),
    ("قتل عشرة في هجوم على ولاية هلمند جنوب أفغانستان", "ولاية هلمند", "geo:af_helmand"),
    ("هاجم مسلحون قرية في ولاية بورنو", "ولاية بورنو", "geo:borno"),
    ("انفجرت سيارة في كويتا", "كويتا", "gn:1167528"),
    ("هجوم في ولاية القصرين", "ولاية القصرين", "gn:2473457"),
    ("وقع انفجار في سقطرى", "سقطرى", "geo:socotra"),
    ("هجوم على مخفر للدرك في قضاء دوغو بيازيد في ولاية أغري", "قضاء دوغو بيازيد", "geo:dogubayazit"),
    ("تفجير انتحاري في منطقة دوجو بايزيد", "منطقة دوجو بايزيد", "geo:dogubayazit"),
])
def test_places_of_the_crises_resolve(text: str, surface: str, place_id: str) -> None:
    assert _places(text).get(surface) == place_id


@pytest.mark.parametrize("text", [
    "هاجم مسلحون المارة بالأسلحة البيضاء",  # البيضاء: white (bladed weapons)
    "رفع المقاتلون الراية البيضاء",
    "هذا الاقتراح مطروح للنقاش",  # مطروح: proposed
    "اندلع نزاع قبلي في المنطقة",  # قبلي: tribal
    "نشر الخبر أمس",  # الخبر: the news
    "الماء ينبع من الجبل",  # ينبع: springs
    "اعتمد سياسة العصا والجزرة",  # الجزرة: the carrot
    "يعمل فيها الأطباء المهرة",  # المهرة: skilled
])
def test_names_that_are_words_stay_words(text: str) -> None:
    assert _places(text) == {}


def test_a_town_lies_in_its_province_never_in_a_country() -> None:
    assert lies_in("geo:dogubayazit", "gn:309647")  # Doğubayazıt in Ağrı
    assert not lies_in("gn:309647", "geo:dogubayazit")
    assert not lies_in("geo:dogubayazit", "geo:turkey")  # a country holds many separate incidents
    assert not lies_in("geo:dogubayazit", "gn:304797")  # not in Mardin
