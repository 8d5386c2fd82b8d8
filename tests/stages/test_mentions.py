"""The mentions stage: offsets, linking across spellings, place evidence, geocoding."""

from __future__ import annotations

import pytest

from tabayyun.entities.catalog import PlaceRef, Ref
from tabayyun.entities.index import Match
from tabayyun.geo.gazetteer import LEVEL_RANK, Place
from tabayyun.geo.precision import is_coarse
from tabayyun.model import AnalyzedDoc, Document, EntityLabel
from tabayyun.stages import registry
from tabayyun.stages.mentions import _glued_places, _indefinite_name, _needed, extract_mentions, mentions
from tabayyun.text.normalize import compact_key


def _found(text: str) -> dict[str, tuple[str, str | None]]:
    return {m.text: (str(m.label), m.entity_id) for m in extract_mentions(text)}


@pytest.mark.parametrize("text", [
    "وقال محافظ الحسكة اللواء سامر دارين إن «قسد» هاجمت سجن الغوندورية بالحسكة.",
    "وبمدينة البوكمال، أعلنت وزارة الداخلية السعودية أن تنظيم داعش الإرهابي تبنى الهجوم.",
    "ذَكَرَتْ وكالة الأنباء السعودية (واس) أن الانفجار وقع في أبها",
])
def test_extract_mentions_offsets_index_original_text(text: str) -> None:
    for m in extract_mentions(text):
        assert text[m.start:m.end] == m.text and m.text.strip() == m.text


@pytest.mark.parametrize(("a", "b"), [
    ("قسد", "قوات سورية الديمقراطية"),
    ("القوات الأمريكية", "القوات الأميركية"),
    ("داعش", "تنظيم الدولة الإسلامية"),
])
def test_extract_mentions_links_spellings(a: str, b: str) -> None:
    text = f"هاجمت {a} المواقع، ثم ردت {b} بعد ساعات"
    ids = {m.entity_id for m in extract_mentions(text) if m.label == "ORG"}
    assert len(ids) == 1


@pytest.mark.parametrize(("text", "mention", "label"), [
    ("وصل الوفد إلى مدينة الحسكة صباحا", "مدينة الحسكة", "LOC"),
    ("اشتباكات في ريف حلب الغربي", "ريف حلب الغربي", "LOC"),
    ("وقع الانفجار في مطار القامشلي", "مطار القامشلي", "FAC"),
    ("قصفت الطائرات مواقع وبالحسكة", "الحسكة", "LOC"),
])
def test_extract_mentions_reads_places(text: str, mention: str, label: str) -> None:
    assert _found(text).get(mention, ("", None))[0] == label


@pytest.mark.parametrize(("text", "word"), [
    ("قال المتحدث إن المعارضة السورية رفضت", "السورية"),
    ("وقف الحارس عند الباب طويلا", "الباب"),
    ("نقل المعتقلون إلى السجن", "السجن"),
    ("عبّر المواطنون عن حبهم للوطن", "الوطن"),
])
def test_extract_mentions_leaves_everyday_words(text: str, word: str) -> None:
    assert not any(word in m.text for m in extract_mentions(text) if m.label in ("LOC", "ORG"))


@pytest.mark.parametrize(("text", "mention"), [
    ("وقال مصدر لـ«الوطن» إن", "الوطن"),
    ("نقلت صحيفة الوطن عن مصادر", "صحيفة الوطن"),
])
def test_extract_mentions_takes_outlet_names_with_evidence(text: str, mention: str) -> None:
    assert _found(text).get(mention, ("", None))[0] == "ORG"


def test_extract_mentions_refers_back_by_surname() -> None:
    text = "وقال اللواء سامر دارين إن الوضع مستقر. وأضاف دارين أن الفرق تعمل"
    ids = [m.entity_id for m in extract_mentions(text) if m.label == "PER"]
    assert len(ids) == 2 and len(set(ids)) == 1


def test_extract_mentions_geocodes_places_and_facilities() -> None:
    text = "وقع هجوم على مسجد المصطفى في الحسكة"
    found = {m.text: m for m in extract_mentions(text)}
    assert found["الحسكة"].lat is not None and found["مسجد المصطفى"].lat is not None


def test_mentions_stage_stops_at_extraction_end() -> None:
    text = "هاجمت قسد البلدة.\nاقرأ أيضا: داعش في العراق"
    doc = AnalyzedDoc(Document("d", text, body_end=text.index("اقرأ")))
    found = mentions(registry()["segment"].func(doc)).layer("mentions")
    assert [m.text for m in found] == ["قسد"]


def test_mentions_stage_is_registered() -> None:
    stage = registry()["mentions"]
    assert stage.requires == ("tokens",) and stage.provides == ("mentions",)


@pytest.mark.parametrize("text", [
    # the headline names the facility without a place; the body locates it; the dateline does not
    "تفجير مسجد قوات الطوارئ\n\n عين اليوم – الرياض\nوقع التفجير في مسجد قوات الطوارئ في منطقة عسير.",
    "تفجير مسجد قوات الطوارئ\n\nوكان مسجد قوات الطوارئ بأبها شهد تفجيرا.",
    # a place inside the name: the finer one, not the country
    "فجر انتحاري نفسه في مسجد قوات طوارئ عسير السعودية.",
])
def test_extract_mentions_facility_takes_the_place_the_text_gives(text: str) -> None:
    asir_lat = 18.2  # عسير and أبها both lie at about 18.2 N; Riyadh 24.7, Saudi Arabia's centre 24.0
    facilities = [m for m in extract_mentions(text) if m.label == "FAC"]
    assert facilities
    assert all(m.lat is not None and abs(m.lat - asir_lat) < 0.5 for m in facilities)


@pytest.mark.parametrize(("text", "mention", "entity_id"), [
    ("فر السكان من مدينة ود مدني نحو سنار", "مدينة ود مدني", "geo:wad_madani"),
    ("قصفت المدفعية بلدة عيتا الشعب", "بلدة عيتا الشعب", "geo:aita_shaab"),
    ("استهدفت الغارة منزلا في دير البلح", "دير البلح", "geo:deir_balah"),
    ("اندلعت اشتباكات في منطقة أبو سليم بطرابلس", "منطقة أبو سليم", "geo:abu_salim"),
    ("واتهم الحوثيون التحالف بقيادة السعودية بشن الغارة", "التحالف بقيادة السعودية", "org:arab_coalition:YE"),
])
def test_extract_mentions_knows_major_places_and_actors_of_the_region(text: str, mention: str,
                                                                     entity_id: str) -> None:
    assert _found(text).get(mention, ("", None))[1] == entity_id


def test_extract_mentions_two_letter_place_needs_its_cue() -> None:
    assert not any(m.entity_id == "geo:ibb" for m in extract_mentions("وقعت الاشتباكات عند باب المدينة"))


@pytest.mark.parametrize(("text", "mention", "precision"), [
    ("انفجرت عبوة أمام مدرسة في قرية زهرون", "قرية زهرون", "village"),
    ("سقطت قذائف على منطقة دار فلان", "منطقة دار فلان", None),
    ("دخلت القوات مدينة الحورانة ظهرا", "مدينة الحورانة", "town"),
    ("تعرضت دورية في قطاع الطوافير لإطلاق نار", "قطاع الطوافير", None),
    ("هاجم مسلحون مركزا في ظهران بقطاع ظهران الشمال", "قطاع ظهران الشمال", None),
    ("سيطرت القوات على قاعدة «العندليب» الجوية", "قاعدة «العندليب»", None),
    ("سيطرت القوات على قاعدة العندليب الجوية", "قاعدة العندليب", None),
])
def test_extract_mentions_reads_places_the_gazetteer_lacks(text: str, mention: str, precision: str | None) -> None:
    found = {m.text: m for m in extract_mentions(text)}
    assert any(t.startswith(mention) for t in found), found
    m = next(m for t, m in found.items() if t.startswith(mention))
    assert precision is None or m.geo_precision == precision


@pytest.mark.parametrize(("text", "word"), [
    ("وأحال الملف للقضاء لإنزال أقصى العقوبات", "القضاء"),
    ("قال وكيل الوزارة لقطاع الشؤون الإدارية", "قطاع الشؤون"),
    ("خرج الناس إلى مدينة المتظاهرين", "مدينة المتظاهرين"),
    ("وقف الحارس عند الباب", "عند"),
])
def test_extract_mentions_leaves_common_nouns_after_place_nouns(text: str, word: str) -> None:
    assert not any(word in m.text for m in extract_mentions(text) if m.label == "LOC")


@pytest.mark.parametrize(("text", "mention", "coarse"), [
    ("دارت معارك في محافظة الحسكة", "محافظة الحسكة", True),
    ("دارت معارك في مدينة الحسكة", "مدينة الحسكة", False),
])
def test_extract_mentions_province_named_by_its_seat(text: str, mention: str, coarse: bool) -> None:
    m = next(m for m in extract_mentions(text) if m.text == mention)
    assert is_coarse(m.geo_precision) is coarse


MIRKWOOD = Place("t:mirkwood", "مرجان", "", 1.0, 1.0, "town", population=20000)
THE_MIRKWOOD = Place("t:the_mirkwood", "المرجان", "", 1.0, 1.0, "town", population=20000)


@pytest.mark.parametrize(("place", "written", "indefinite"), [
    (MIRKWOOD, "المرجان", True),  # the article makes it the noun
    (THE_MIRKWOOD, "المرجان", False),
])
def test_indefinite_name_reads_the_article(place: Place, written: str, indefinite: bool) -> None:
    assert _indefinite_name(place, compact_key(written)) is indefinite


@pytest.mark.parametrize(("place", "nwords", "written", "needed"), [
    (Place("t:x", "مرجانبور", "", 1, 1, "city", population=900000), 2, "مرجان بور", "strong"),  # split: a phrase
    (Place("t:x", "مرجان بور", "", 1, 1, "town", population=900), 2, "مرجان بور", ""),
])
def test_needed_one_word_name_across_words_needs_its_kind_noun(place: Place, nwords: int, written: str,
                                                               needed: str) -> None:
    assert _needed(place, nwords, compact_key(written), written) == needed


@pytest.mark.parametrize(("town_level", "glued_level", "kept"), [
    ("city", "city", False),  # وجدة: and Jeddah, not a town named وجدة
    ("capital", "town", True),
])
def test_glued_reading_wins_unless_the_town_is_higher(town_level: str, glued_level: str, kept: bool) -> None:
    town = Place("t:town", "ومرجان", "", 1, 1, town_level)
    glued = Place("t:glued", "مرجان", "", 1, 1, glued_level)
    matches: list[Match[Ref]] = [Match(1, 1, 3, 9, (PlaceRef(town),), False),
                                 Match(1, 1, 4, 9, (PlaceRef(glued),), True)]
    best = _glued_places(matches)
    assert (LEVEL_RANK[town.level] > best[(1, 1)]) is kept


@pytest.mark.parametrize(("text", "word"), [
    ("إن عددا كبيرا من القادة", "بيرا"),  # a glued ك is no place cue
])
def test_extract_mentions_glued_kaf_is_no_cue(text: str, word: str) -> None:
    assert not any(word in m.text for m in extract_mentions(text) if m.label == "LOC")


@pytest.mark.parametrize(("written", "needed"), [
    ("مرجانه", "strong"),  # مرجانه: his coral, not the village مرجانة, without its kind noun
    ("مرجانة", "weak"),
])
def test_needed_pronoun_ending_needs_a_kind_noun(written: str, needed: str) -> None:
    village = Place("t:v", "مرجانة", "", 1, 1, "village", population=3000)
    assert _needed(village, 1, compact_key(written), written) == needed


@pytest.mark.parametrize(("text", "label"), [
    ("وقال محمد الأحمدي إن الوضع هادئ", "PER"),  # a given name before it: a family name
    ("وقع الانفجار في الأحمدي", "LOC"),
])
def test_extract_mentions_family_name_after_a_given_name(text: str, label: str) -> None:
    assert any(m.label == label and "الأحمدي" in m.text for m in extract_mentions(text))


def test_extract_mentions_coordination_takes_the_cue_of_the_place_before() -> None:
    # الفصائل is also a village's name: coordination with a place named after a weak cue is no kind noun
    found = extract_mentions("قتل مدنيون في الزبداني والفصائل الثورية تقاتل")
    assert [m.text for m in found if m.label == "LOC"] == ["الزبداني"]


@pytest.mark.parametrize(("text", "mention", "entity_id"), [
    ("قصف الطيران مواقع بشمالي العراق", "شمالي العراق", "geo:iraq"),
    ("اندلعت اشتباكات جنوب غربي اليمن", "جنوب غربي اليمن", "geo:yemen"),
])
def test_extract_mentions_direction_makes_a_region_of_a_country(text: str, mention: str, entity_id: str) -> None:
    m = next(m for m in extract_mentions(text) if m.text == mention)
    assert (m.entity_id, m.geo_precision, m.lat) == (entity_id, "region", None)


def test_extract_mentions_direction_from_a_town_is_no_region() -> None:
    assert not any(m.geo_precision == "region" for m in extract_mentions("وقعت اشتباكات جنوب نابلس"))


def test_extract_mentions_place_located_from_another_is_a_place() -> None:
    # دوما of the West Bank is also a word elsewhere: a direction and a place after it say it is a place
    found = {m.text: m for m in extract_mentions("تسللوا إلى دوما جنوب نابلس")}
    assert "دوما" in found and found["دوما"].lat is not None and abs(found["دوما"].lat - 32.06) < 0.2


def test_extract_mentions_kafr_is_a_kind_noun() -> None:
    # the West Bank village دوما needs its kind noun: كفر (a village) is one, and part of the name
    found = {m.text: m for m in extract_mentions("أحرق مستوطنون منزلا في الضفة الغربية. واحترق المنزل الواقع في كفر دوما")}
    assert "كفر دوما" in found and abs((found["كفر دوما"].lat or 0) - 32.06) < 0.2


@pytest.mark.parametrize(("text", "mention"), [
    ("سقطت قذائف على دار فلان شمال عدن", "دار فلان"),  # a toponym head, located from a known place
    ("انفجرت عبوة في بئر زهرون جنوب غربي عدن", "بئر زهرون"),
    # a kind noun and a name of one or two words, quoted or not, then في, قرب or بـ and a known place
    ("هجوم على مخفر في قضاء “زهرون بيلاد” في ولاية أغري", "قضاء “زهرون بيلاد”"),
    ("هجوم على مخفر في قضاء زهرون بيلاد في ولاية أغري", "قضاء زهرون بيلاد"),
    ("اشتباكات في منطقة الزهرون غربي مأرب", "منطقة الزهرون"),
    ("حريق في بلدة زهرون قرب نابلس", "بلدة زهرون"),
    ("غارة على قرية زهرون بمحافظة إب", "قرية زهرون"),
])
def test_extract_mentions_place_the_gazetteer_lacks_located_from_a_known_place(text: str, mention: str) -> None:
    assert any(m.text == mention and m.label == "LOC" for m in extract_mentions(text))


@pytest.mark.parametrize(("text", "lat"), [
    ("سقطت قذائف على دار فلان شمال عدن", 12.79),  # by a town: the town's coordinates
    ("هجوم على مخفر في قضاء زهرون في ولاية أغري", None),  # by a province: no point says where
    ("غارة على قرية زهرون بشمالي العراق", None),
    ("غارة على حاجز في ولاية زهرون جنوب عدن", None),  # a province placed from a town is not by it
])
def test_extract_mentions_place_located_from_a_town_lies_by_it(text: str, lat: float | None) -> None:
    found = [m for m in extract_mentions(text) if m.label == EntityLabel.LOC and (m.entity_id or "").startswith("loc:")]
    assert len(found) == 1
    if lat is None:
        assert found[0].lat is None
    else:
        assert found[0].lat is not None and abs(found[0].lat - lat) < 0.2 and found[0].geo_precision == "near-town"


@pytest.mark.parametrize("text", ["غارات على قرية في شمال العراق", "قال سعد شمال عدن"])
def test_extract_mentions_located_name_is_no_function_word_or_lone_given_name(text: str) -> None:
    assert all(m.entity_id is None or not m.entity_id.startswith("loc:") for m in extract_mentions(text))


def test_extract_mentions_located_name_needs_a_toponym_head() -> None:
    assert [m.text for m in extract_mentions("قصفت الطائرات مواقع شمال عدن") if m.label == "LOC"] == ["عدن"]


@pytest.mark.parametrize("text", ["انفجار شاحنة مفخخة في كابول فجر الجمعة", "هجوم على أكاديمية الشرطة في كابل"])
def test_extract_mentions_a_capital_s_common_spelling_is_the_capital(text: str) -> None:
    """كابول is how many papers spell Kabul; a village of that name elsewhere must not take it."""
    kabul = [m for m in extract_mentions(text) if m.label == EntityLabel.LOC]
    assert [(m.entity_id, round(m.lat or 0)) for m in kabul] == [("gn:1138958", 35)]
