"""Events stage: ACLED types from triggers, precedence, place, merging, offsets."""

from __future__ import annotations

from datetime import date

import pytest

from tabayyun.model import AnalyzedDoc, Attribution, Claim, Document, EntityLabel, Mention, make_span
from tabayyun.stages.events import extract_events
from tabayyun.stages.segment import segment
from tabayyun.stages.times import times

PUBLISHED = date(2030, 3, 10)


def _doc(text: str, places: dict[str, tuple[float, float, str]] | None = None,
         killed: dict[str, float] | None = None) -> AnalyzedDoc:
    doc = segment(AnalyzedDoc(Document("t", text, published=PUBLISHED)))
    mentions = []
    for name, (lat, lon, precision) in (places or {}).items():
        i = text.find(name)
        while i >= 0:
            mentions.append(make_span(Mention, text, i, i + len(name), label=EntityLabel.LOC, entity_id=name,
                                      lat=lat, lon=lon, geo_precision=precision))
            i = text.find(name, i + 1)
    claims = []
    for phrase, value in (killed or {}).items():
        i = text.find(phrase)
        claims.append(make_span(Claim, text, i, i + len(phrase), measure="killed", low=value, high=value))
    return doc.with_layer("mentions", mentions).with_layer("claims", claims)


ARNOR = {"أرنور": (30.0, 40.0, "town")}


@pytest.mark.parametrize(("text", "event_type", "sub_event_type"), [
    ("اندلعت اشتباكات عنيفة في أرنور.", "Battles", "Armed clash"),
    ("شنت طائرات غارات جوية على أرنور.", "Explosions/Remote violence", "Air/drone strike"),
    ("فجر انتحاري حزاما ناسفا في سوق أرنور.", "Explosions/Remote violence", "Suicide bomb"),
    ("انفجرت عبوة ناسفة على طريق أرنور.", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("سقطت قذائف هاون على أرنور.", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("سقط مقذوف عسكري على منزل في أرنور.", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("أعلنت السلطات حظر التجول في أرنور.", "Strategic developments", "Other"),
    ("نفذت الشرطة حملة اعتقالات في أرنور.", "Strategic developments", "Arrests"),
    ("خرجت مظاهرات في أرنور.", "Protests", "Peaceful protest"),
    ("مسلحون اختطفوا خمسة رجال في أرنور.", "Violence against civilians", "Abduction/forced disappearance"),
])
def test_extract_events_types_trigger(text: str, event_type: str, sub_event_type: str) -> None:
    events = extract_events(_doc(text, ARNOR))
    assert [(e.event_type, e.sub_event_type) for e in events] == [(event_type, sub_event_type)]


@pytest.mark.parametrize("text", [
    "هاجم انتحاري يرتدي حزاما ناسفا الحاجز خلال اشتباكات في أرنور.",
    "اشتباكات في أرنور بعد تفجير انتحاري عند البوابة.",
])
def test_extract_events_suicide_bomb_absorbs_clash(text: str) -> None:
    events = extract_events(_doc(text, ARNOR))
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]
    assert len(events[0].support) >= 2


@pytest.mark.parametrize("text", [
    "قصف الطيران الحربي مواقع في أرنور.",
    "قصفت المروحيات مواقع في أرنور.",
])
def test_extract_events_air_marker_turns_shelling_into_air_strike(text: str) -> None:
    assert [e.sub_event_type for e in extract_events(_doc(text, ARNOR))] == ["Air/drone strike"]


def test_extract_events_offsets_index_original_text() -> None:
    text = "وَاندلعت الاشتباكاتُ في أرنور، ثم شُنّت غاراتٌ على غوندور."
    places = {**ARNOR, "غوندور": (31.0, 41.0, "town")}
    events = extract_events(_doc(text, places))
    assert len(events) == 2
    for e in events:
        assert text[e.start:e.end] == e.text


@pytest.mark.parametrize(("text", "expected"), [
    ("اشتباكات في أرنور، وغارات على غوندور.", {"Battles": "أرنور", "Explosions/Remote violence": "غوندور"}),
    ("غارات على غوندور، واشتباكات في أرنور.", {"Battles": "أرنور", "Explosions/Remote violence": "غوندور"}),
])
def test_extract_events_place_is_the_clause_place(text: str, expected: dict[str, str]) -> None:
    places = {**ARNOR, "غوندور": (31.0, 41.0, "town")}
    assert {e.event_type: e.location for e in extract_events(_doc(text, places))} == expected


def test_extract_events_merges_reports_of_one_event() -> None:
    text = "وقعت اشتباكات في أرنور. وتواصلت الاشتباكات في أرنور حتى المساء."
    events = extract_events(_doc(text, ARNOR))
    assert len(events) == 1
    assert len(events[0].support) == 2


def test_extract_events_keeps_distinct_places_apart() -> None:
    text = "وقعت اشتباكات في أرنور. ووقعت اشتباكات أخرى في غوندور."
    places = {**ARNOR, "غوندور": (35.0, 45.0, "town")}
    assert sorted(e.location or "" for e in extract_events(_doc(text, places))) == ["أرنور", "غوندور"]


def test_extract_events_generic_attack_joins_specific_event() -> None:
    text = "فجر انتحاري نفسه في مسجد أرنور. وأسفر الهجوم عن سقوط ضحايا."
    events = extract_events(_doc(text, ARNOR))
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]


def test_extract_events_stops_at_extraction_end() -> None:
    text = "اشتباكات في أرنور.\nاقرأ أيضا: غارات على أرنور"
    doc = AnalyzedDoc(Document("t", text, published=PUBLISHED, body_end=text.index("اقرأ")))
    doc = segment(doc).with_layer("mentions", [])
    assert [e.event_type for e in extract_events(doc)] == ["Battles"]


def test_extract_events_degrades_without_layers() -> None:
    doc = AnalyzedDoc(Document("t", "اندلعت اشتباكات عنيفة.", published=PUBLISHED))
    events = extract_events(doc)
    assert [(e.event_type, e.location, e.date) for e in events] == [("Battles", None, PUBLISHED)]


@pytest.mark.parametrize("text", ["صدر تقرير عن الاقتصاد في أرنور.", "زار الوزير أرنور أمس."])
def test_extract_events_no_trigger_no_event(text: str) -> None:
    assert extract_events(_doc(text, ARNOR)) == []


@pytest.mark.parametrize(("text", "expected"), [
    # the clause names no place, but refers back to the prison named earlier by its head noun
    ("هاجم مسلحون سجن أرنور المركزي. وتجددت الاشتباكات في محيط السجن، وفر السجناء نحو صحراء غوندور.",
     "سجن أرنور"),
    ("اقتحم مسلحون مدينة أرنور. واندلعت اشتباكات داخل المدينة، ثم انسحبوا نحو صحراء غوندور.", "مدينة أرنور"),
])
def test_extract_events_clause_refers_back_to_named_place(text: str, expected: str) -> None:
    places = {"سجن أرنور": (30.0, 40.0, "facility"), "مدينة أرنور": (30.0, 40.0, "town"),
              "صحراء غوندور": (34.0, 38.0, "admin1")}
    events = extract_events(_doc(text, places))
    assert {e.location for e in events if e.event_type == "Battles"} == {expected}


def test_extract_events_sentence_place_before_trigger_wins_tie() -> None:
    # the site leads the sentence; the place after the trigger says where the victims came from
    text = ("وكان مسجد أرنور الكبير في وسط المدينة القديمة وقرب السوق الشعبية، شهد ظهر أمس تفجيرا انتحاريا، "
            "بينهم طلاب بمعهد غوندور.")
    places = {"مسجد أرنور": (30.0, 40.0, "facility"), "معهد غوندور": (30.5, 40.5, "facility")}
    (event,) = extract_events(_doc(text, places))
    assert event.location == "مسجد أرنور"


def _timed(text: str, places: dict[str, tuple[float, float, str]]) -> AnalyzedDoc:
    return times(_doc(text, places))


@pytest.mark.parametrize("text", [
    "لم تسجل قوات الأمن أي هجوم في أرنور.",
    "هدد التنظيم بشن هجمات على أرنور.",
    "فككت الشرطة عبوة ناسفة على طريق أرنور.",
    "ارتفع عدد هجمات التنظيم في أرنور.",
    "طالب الوزير بضرورة القبض على الجناة في أرنور.",
])
def test_extract_events_skips_what_did_not_happen(text: str) -> None:
    assert extract_events(_doc(text, ARNOR)) == []


@pytest.mark.parametrize("text", [
    "وكانت السلطات أعلنت في يناير الماضي تحرير أرنور.",
    "وشهدت أرنور تفجيرات عام 2027.",
])
def test_extract_events_skips_month_or_year_dated_background(text: str) -> None:
    assert extract_events(_timed(text, ARNOR)) == []


@pytest.mark.parametrize("text", [
    "سقطت قذائف هاون على أرنور ما أدى إلى تدمير عشرة منازل.",
    "أسفرت الاشتباكات في أرنور عن مقتل عشرة مسلحين وتدمير ثلاث آليات.",
])
def test_extract_events_damage_belongs_to_its_attack(text: str) -> None:
    events = extract_events(_doc(text, ARNOR))
    assert len(events) == 1
    assert events[0].event_type != "Strategic developments"


@pytest.mark.parametrize("text", [
    # a demonstrative points back, whatever place its sentence names
    "انفجرت سيارة مفخخة في أرنور. وقال محافظ غوندور إن هذا التفجير جبان.",
    # a definite trigger whose sentence names only a province refers to the bombing already told
    "انفجرت عبوتان ناسفتان في أرنور. وتبنى التنظيم التفجيرين في بيان نشر في غوندور.",
])
def test_extract_events_reference_joins_reported_event(text: str) -> None:
    places = {**ARNOR, "غوندور": (35.0, 45.0, "admin1")}
    events = extract_events(_doc(text, places))
    assert [e.location for e in events] == ["أرنور"]
    assert len(events[0].support) >= 2


def test_extract_events_same_site_other_day_is_one_incident() -> None:
    text = "سيطرت القوات على سجن أرنور اليوم، منهية اشتباكات في سجن أرنور بدأت قبل خمسة أيام."
    places = {"سجن أرنور": (30.0, 40.0, "facility")}
    events = extract_events(_timed(text, places))
    assert len([e for e in events if e.event_type == "Battles"]) == 1


@pytest.mark.parametrize(("text", "sub_event_type"), [
    ("انفجرت سيارة مفخخة يقودها انتحاري عند حاجز أرنور.", "Suicide bomb"),
    ("انفجرت سيارة مفخخة عند حاجز أرنور.", "Remote explosive/landmine/IED"),
])
def test_extract_events_suicide_bomber_marks_the_explosion(text: str, sub_event_type: str) -> None:
    assert [e.sub_event_type for e in extract_events(_doc(text, ARNOR))] == [sub_event_type]


def test_extract_events_suicide_bomber_alone_is_no_event() -> None:
    # a cell of suicide bombers holding hostages: the hostage taking is the event
    text = "احتجزت خلية من أربعة انتحاريين ثلاثة مدنيين كرهائن في أرنور."
    assert "Suicide bomb" not in {e.sub_event_type for e in extract_events(_doc(text, ARNOR))}


def test_extract_events_regional_summary_is_no_single_event() -> None:
    text = "قتل مئات المسلحين جراء غارات التحالف على مواقع في أرنور وغوندور وروهان ومردور."
    places = {name: (30.0 + i, 40.0 + i, "town") for i, name in enumerate(("أرنور", "غوندور", "روهان", "مردور"))}
    assert extract_events(_doc(text, places)) == []


@pytest.mark.parametrize(("text", "place"), [
    ("تجمع المحتجون في ساحة التحرير وسط أرنور.", "ساحة التحرير"),
    ("عبرت المسيرة جسر الشهداء في أرنور.", "جسر الشهداء"),
])
def test_extract_events_trigger_inside_place_name_is_no_event(text: str, place: str) -> None:
    places = {place: (30.0, 40.0, "near-town"), **ARNOR}
    assert [e for e in extract_events(_doc(text, places)) if e.event_type == "Battles"] == []


@pytest.mark.parametrize("text", [
    "ودعت البعثة إلى وقف فوري لإطلاق النار في أرنور.",
    "وأعلن المجلس التوصل إلى اتفاق لوقف إطلاق النار في أرنور.",
])
def test_extract_events_ceasefire_is_no_clash(text: str) -> None:
    assert extract_events(_doc(text, ARNOR)) == []


@pytest.mark.parametrize("text", [
    "أصيب عشرة محتجين خلال مواجهات مع قوات الأمن في أرنور.",
    "اندلعت اشتباكات بين متظاهرين والشرطة في أرنور.",
    "أصيب العشرات من المصلين خلال مواجهات مع الشرطة في ساحات مسجد أرنور.",
    "اندلعت مواجهات بين الشبان وقوات الأمن التي ردت على رشق الحجارة في أرنور.",
])
def test_extract_events_crowd_facing_police_is_a_riot(text: str) -> None:
    types = {(e.event_type, e.sub_event_type) for e in extract_events(_doc(text, ARNOR))}
    assert ("Riots", "Violent demonstration") in types
    assert not any(t == "Battles" for t, _ in types)


def _placed(text: str, places: dict[str, tuple[float | None, float | None, str]]) -> AnalyzedDoc:
    """A document whose places may lack coordinates (a village the gazetteer does not know)."""
    doc = times(segment(AnalyzedDoc(Document("t", text, published=PUBLISHED))))
    mentions = []
    for name, (lat, lon, precision) in places.items():
        i = text.find(name)
        mentions.append(make_span(Mention, text, i, i + len(name), label=EntityLabel.LOC, entity_id=name,
                                  lat=lat, lon=lon, geo_precision=precision))
    return doc.with_layer("mentions", sorted(mentions, key=lambda m: m.start))


@pytest.mark.parametrize("text", [
    "انفجرت عبوة ناسفة في قرية زهرون في مملكة أرنور.",
    "انفجرت في مملكة أرنور عبوة ناسفة قرب قرية زهرون.",
])
def test_extract_events_finest_place_wins_over_coordinates(text: str) -> None:
    doc = _placed(text, {"مملكة أرنور": (30.0, 40.0, "country"), "قرية زهرون": (None, None, "village")})
    assert [e.location for e in extract_events(doc)] == ["قرية زهرون"]



@pytest.mark.parametrize("text", [
    "هاجم مسلحون منزل عائلة في أرنور فجر اليوم.",
    "قتل طفل في هجوم لمتطرفين على منزله في أرنور.",
    "أضرم مستوطنون النيران في منزل بأرنور ما أدى إلى مقتل رضيع.",
    "أضرموا النار في منزل في أرنور مما أدى إلى استشهاد طفل.",
])
def test_extract_events_attack_on_civilians_is_violence_against_civilians(text: str) -> None:
    types = {(e.event_type, e.sub_event_type) for e in extract_events(_doc(text, ARNOR))}
    assert types == {("Violence against civilians", "Attack")}


@pytest.mark.parametrize(("text", "types"), [
    ("هاجم مسلحون حاجزا للجيش في أرنور.", {("Battles", "Armed clash")}),
    ("أضرموا النار في مبنى البلدية في أرنور.", {("Strategic developments", "Looting/property destruction")}),
    ("قتل خمسة مدنيين وتدمير منازل جراء سقوط قذائف على أرنور.",
     {("Explosions/Remote violence", "Shelling/artillery/missile attack")}),
])
def test_extract_events_civilian_context_needs_its_rule(text: str, types: set[tuple[str, str]]) -> None:
    assert {(e.event_type, e.sub_event_type) for e in extract_events(_doc(text, ARNOR))} == types


@pytest.mark.parametrize("text", [
    "شنت القوات هجوما واسعا للسيطرة على أرنور.",
    "بدأت معركة لتحرير أرنور من المسلحين.",
])
def test_extract_events_territory_as_an_aim_is_no_takeover(text: str) -> None:
    sub_types = {e.sub_event_type for e in extract_events(_doc(text, ARNOR))}
    assert not sub_types & {"Government regains territory", "Non-state actor overtakes territory"}


@pytest.mark.parametrize("text", [
    "وقررت الحكومة السماح بشن غارات جوية على أرنور.",
    "ووافق البرلمان على قرار يتيح شن غارات على أرنور.",
])
def test_extract_events_decision_to_strike_is_no_strike(text: str) -> None:
    assert extract_events(_doc(text, ARNOR)) == []


@pytest.mark.parametrize(("text", "group"), [
    ("وحملت منظمة التحرير الحكومة المسؤولية عن الوضع في أرنور.", "منظمة التحرير"),
    ("وشملت العمليات جبهة حزب التحرير الشعبي في أرنور.", "حزب التحرير الشعبي"),
])
def test_extract_events_trigger_inside_group_name_is_no_event(text: str, group: str) -> None:
    doc = _doc(text, ARNOR)
    i = text.find(group)
    org = make_span(Mention, text, i, i + len(group), label=EntityLabel.ORG, entity_id=group)
    doc = doc.with_layer("mentions", sorted([*doc.layer("mentions"), org], key=lambda m: m.start))
    assert extract_events(doc) == []


@pytest.mark.parametrize("text", [
    "ونددت الحكومة بالحادث ووصفته بأنه هجوم إرهابي في أرنور.",
    "ونادرا ما يتم توقيف الجناة في أرنور.",
    "وعملا بقواعد الاشتباك التي يعتمدها الجيش في أرنور رد على النيران.",
    "وقالت الشرطة إنها سيطرت على الموقف بسرعة في أرنور.",
    "وتمكن رجال الإطفاء من السيطرة على الحريق في أرنور.",
])
def test_extract_events_description_habit_or_idiom_is_no_event(text: str) -> None:
    assert extract_events(_doc(text, ARNOR)) == []


def test_extract_events_clash_and_riot_at_one_site_are_one_riot() -> None:
    text = ("اقتحمت الشرطة مسجد أرنور صباح اليوم لإنهاء اشتباكات اندلعت فيه. "
            "وأصيب العشرات من المصلين خلال مواجهات مع الشرطة في مسجد أرنور.")
    events = extract_events(_doc(text, ARNOR))
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Riots", "Violent demonstration")]


@pytest.mark.parametrize("text", [
    "انفجرت عبوة ناسفة في مملكة أرنور صباح اليوم. ووقع التفجير أمام مدرسة في قرية زهرون.",
    "انفجرت عبوة ناسفة في مملكة أرنور صباح اليوم. وقالت الشرطة إن الحادث الإرهابي وقع في قرية زهرون.",
])
def test_extract_events_later_report_names_the_site_of_a_country_placed_event(text: str) -> None:
    doc = _placed(text, {"مملكة أرنور": (30.0, 40.0, "country"), "قرية زهرون": (None, None, "village")})
    assert [(e.sub_event_type, e.location) for e in extract_events(doc)] == [
        ("Remote explosive/landmine/IED", "قرية زهرون")]


def test_extract_events_arrest_keeps_its_own_place() -> None:
    text = ("أعلنت الشرطة توقيف مشتبهين في مملكة أرنور اليوم. "
            "واعتقلت الشرطة آخرين بعد الحادث الذي وقع في قرية زهرون.")
    doc = _placed(text, {"مملكة أرنور": (30.0, 40.0, "country"), "قرية زهرون": (None, None, "village")})
    assert "مملكة أرنور" in [e.location for e in extract_events(doc)]


@pytest.mark.parametrize("text", [
    "أعلنت الشرطة في غوندور اعتقال 250 شخصا في مداهمات في 13 محافظة بينها أرنور.",
    "اعتقلت قوات الأمن في غوندور عشرات الأشخاص في أنحاء البلاد بينهم خمسة في أرنور.",
])
def test_extract_events_nationwide_campaign_is_the_country_s(text: str) -> None:
    places = {"غوندور": (35.0, 35.0, "country"), **ARNOR}
    (event,) = extract_events(_doc(text, places))
    assert event.location == "غوندور"


def test_extract_events_one_province_keeps_its_town() -> None:
    text = "اعتقلت الشرطة في غوندور خمسة أشخاص في أرنور."
    (event,) = extract_events(_doc(text, {"غوندور": (35.0, 35.0, "country"), **ARNOR}))
    assert event.location == "أرنور"


@pytest.mark.parametrize("text", [
    "أضرم مسلحون النار في منزل في أرنور. وقال مسؤول إن مسلحين هاجموا منزل عائلة في أرنور فجر اليوم.",
    "هاجم مسلحون منزل عائلة في أرنور فجر اليوم. وقال شهود إن المسلحين أضرموا النار في المنزل في أرنور.",
])
def test_extract_events_damage_in_another_sentence_belongs_to_the_attack(text: str) -> None:
    events = extract_events(_doc(text, ARNOR))
    assert [e.event_type for e in events] == ["Violence against civilians"]


def test_extract_events_speaker_of_a_toll_is_no_actor() -> None:
    text = "قال المتحدث فلان العلاني إن مسلحين من جماعة غوندور فجروا عبوة ناسفة في أرنور."
    doc = _doc(text, ARNOR)
    speaker = make_span(Mention, text, text.index("فلان"), text.index("فلان") + len("فلان العلاني"),
                        label=EntityLabel.PER, entity_id="per:fulan")
    group = make_span(Mention, text, text.index("جماعة"), text.index("جماعة") + len("جماعة غوندور"),
                      label=EntityLabel.ORG, entity_id="org:gondor")
    said = make_span(Attribution, text, 0, text.index(" إن"), source_text="المتحدث فلان العلاني",
                     source_start=text.index("المتحدث"), source_end=text.index(" إن"))
    doc = doc.with_layer("mentions", [*doc.layer("mentions"), speaker, group]).with_layer("attributions", [said])
    (event,) = extract_events(doc)
    assert event.actors == ("org:gondor",)


def test_extract_events_nationwide_phrase_later_in_the_sentence() -> None:
    text = "أعلنت غوندور أن الشرطة اعتقلت 250 شخصا، من خلال عملياتها في 34 ولاية خلال يومين، بينهم عشرة في أرنور."
    (event,) = extract_events(_doc(text, {"غوندور": (35.0, 35.0, "country"), **ARNOR}))
    assert event.location == "غوندور"


def test_extract_events_state_announcement_placed_nowhere_is_its_country_s() -> None:
    # the article's main place is سوريا; the arrests a Turkish government announces are Turkey's
    text = "شهدت سوريا مواجهات. وأعلنت الحكومة التركية اعتقال 320 شخصا. وتقع تركيا شمالا."
    doc = segment(AnalyzedDoc(Document("t", text, published=PUBLISHED)))
    mentions = [make_span(Mention, text, text.index(name), text.index(name) + len(name), label=EntityLabel.LOC,
                          entity_id=entity_id, geo_precision="country")
                for name, entity_id in (("سوريا", "geo:syria"), ("تركيا", "geo:turkey"))]
    arrests = [e for e in extract_events(doc.with_layer("mentions", mentions)) if e.sub_event_type == "Arrests"]
    assert [e.location_id for e in arrests] == ["geo:turkey"]


def test_extract_events_indefinite_relative_clause_dates_the_event() -> None:
    # published 10 March 2030, a Sunday: الثلاثاء is the 5th
    text = "قالت الوكالة اليوم إن مشتبهين في تفجير وقع الثلاثاء في أرنور اعتقلوا."
    bombing = next(e for e in extract_events(_timed(text, ARNOR)) if e.event_type == "Explosions/Remote violence")
    assert bombing.date == date(2030, 3, 5)


def test_extract_events_since_date_dates_no_event() -> None:
    text = "قالت الوكالة اليوم إن التفجير في أرنور هو الأسوأ منذ مارس 2014."
    events = extract_events(_timed(text, ARNOR))
    assert [e.date for e in events] == [PUBLISHED]


def test_extract_events_undated_report_names_the_site_of_an_incident_told_by_its_country() -> None:
    text = ("قالت الوكالة اليوم إن مشتبهين في تفجير وقع الثلاثاء في غوندور اعتقلوا.\n"
            "يذكر أن التفجير وقع أمام مدرسة في أرنور.")
    places = {"غوندور": (35.0, 35.3, "country"), **ARNOR}
    bombings = [e for e in extract_events(_timed(text, places)) if e.event_type == "Explosions/Remote violence"]
    assert [(e.location, e.date) for e in bombings] == [("أرنور", date(2030, 3, 5))]


@pytest.mark.parametrize(("region", "expected"), [
    ((30.3, 40.3, "admin1"), "أرنور"),  # the region holds the article's village: the attack was there
    ((10.0, 10.0, "admin1"), "غوندور"),  # a region far from it: the village is another story
])
def test_extract_events_event_placed_by_its_region_happened_at_the_main_place(
        region: tuple[float, float, str], expected: str) -> None:
    text = "هاجم مسلحون منزل عائلة في غوندور. وقال سكان أرنور إن أرنور حزينة."
    (event,) = extract_events(_doc(text, {"غوندور": region, **ARNOR}))
    assert event.location == expected


def _placed_all(text: str, places: dict[str, tuple[float | None, float | None, str]]) -> AnalyzedDoc:
    """A document with every occurrence of each place (longest names first), coordinates or not."""
    doc = times(segment(AnalyzedDoc(Document("t", text, published=PUBLISHED))))
    mentions: list[Mention] = []
    for name in sorted(places, key=len, reverse=True):
        lat, lon, precision = places[name]
        i = text.find(name)
        while i >= 0:
            if not any(m.start <= i < m.end for m in mentions):
                mentions.append(make_span(Mention, text, i, i + len(name), label=EntityLabel.LOC, entity_id=name,
                                          lat=lat, lon=lon, geo_precision=precision))
            i = text.find(name, i + 1)
    return doc.with_layer("mentions", sorted(mentions, key=lambda m: m.start))


@pytest.mark.parametrize(("text", "site"), [
    # the restatement names a place the text locates from the first report's town
    ("قصف المتمردون مدينة أرنور الأحد. وأصيب مئة في القصف الذي تعرضت له ضاحية زهرون شمال مدينة أرنور.",
     "ضاحية زهرون"),
    ("أحرق مستوطنون منزلا في مدينة أرنور اليوم. وأحرقوا المنزل في بلدة زهرون قرب مدينة أرنور.", "بلدة زهرون"),
])
def test_extract_events_restatement_at_a_place_located_from_the_first_is_one_event(text: str, site: str) -> None:
    doc = _placed_all(text, {"مدينة أرنور": (30.0, 40.0, "town"), site: (None, None, "neighbourhood")})
    assert [e.location for e in extract_events(doc)] == [site]


def test_extract_events_definite_attack_restating_the_incident_names_its_site() -> None:
    text = ("قتل جنديان في تفجير انتحاري في إقليم غوندور ليل السبت. "
            "وقال الحاكم إن الهجوم نفذ بجرار مفخخ على موقع للأمن في منطقة زهرون.")
    doc = _placed(text, {"إقليم غوندور": (35.0, 35.3, "admin1"), "منطقة زهرون": (None, None, "district")})
    assert [(e.sub_event_type, e.location) for e in extract_events(doc)] == [("Suicide bomb", "منطقة زهرون")]


def test_extract_events_reports_placed_apart_until_restated_are_one_event() -> None:
    text = ("وقعت عملية انتحارية استهدفت مركزا للدرك. "
            "وأعلن الحاكم أمس أن جنديين قتلا في تفجير انتحاري في إقليم غوندور. "
            "وقال إن الهجوم نفذ على موقع في منطقة زهرون.")
    doc = _placed(text, {"إقليم غوندور": (35.0, 35.3, "admin1"), "منطقة زهرون": (None, None, "district")})
    events = extract_events(doc)
    assert [(e.sub_event_type, e.location) for e in events] == [("Suicide bomb", "منطقة زهرون")]


def test_extract_events_a_violent_event_told_once_by_its_country_only_is_background() -> None:
    # the report is the bombing in Arnor (told twice); the attack in Gondor, placed only by its
    # country and told once, is the background of the story, not an incident it reports
    gondor = {"مملكة غوندور": (10.0, 10.0, "country")}
    aside = "وكان مسلحون قد هاجموا حاجزا في مملكة غوندور."
    text = "انفجرت سيارة مفخخة في سوق أرنور. وأدى التفجير إلى مقتل خمسة. " + aside
    assert [e.location for e in extract_events(_doc(text, {**ARNOR, **gondor}))] == ["أرنور"]
    # an article's only violent event is what it reports, however coarsely placed
    assert [e.location for e in extract_events(_doc(aside, gondor))] == ["مملكة غوندور"]


def test_extract_events_an_incident_dated_against_another_is_its_own_event() -> None:
    # two bombings in one town on one day: the second sentence dates its explosion against the
    # first ("less than 24 hours before this attack"), so they are two incidents, and the
    # explosion, whose sentence names no day, takes the attack's day
    text = ("فجر انتحاري حزاما ناسفا أمام أكاديمية الشرطة في أرنور مساء الجمعة. "
            "وقبل أقل من 24 ساعة على هذا الهجوم دمر انفجار شاحنة مفخخة حيا سكنيا في أرنور.")
    events = extract_events(_doc(text, ARNOR))
    assert [(e.sub_event_type, e.date) for e in events] == [
        ("Suicide bomb", date(2030, 3, 8)), ("Remote explosive/landmine/IED", date(2030, 3, 8))]
    # without the span of time the same sentences are one incident told twice
    merged = text.replace("وقبل أقل من 24 ساعة على هذا الهجوم دمر", "ودمر")
    assert len(extract_events(_doc(merged, ARNOR))) == 1


def test_extract_events_this_bombing_after_another_joins_the_one_reported_before() -> None:
    # "this bombing comes days after a bombing in Gondor": the sentence's site is the other
    # incident's; "this bombing" is Arnor's, told in the sentence before
    gondor = {"غوندور": (31.0, 41.0, "town")}
    text = ("انفجرت سيارة مفخخة في سوق أرنور أمس. "
            "ويأتي هذا التفجير بعد أيام من تفجير انتحاري في سوق غوندور.")
    events = extract_events(_doc(text, {**ARNOR, **gondor}))
    this = text.index("التفجير بعد")
    by_place = {e.location: [start for start, _ in e.support] for e in events}
    assert set(by_place) == {"أرنور", "غوندور"}
    assert this in by_place["أرنور"] and by_place["غوندور"] == [text.index("تفجير انتحاري")]


@pytest.mark.parametrize("text", [
    "وظهر الرهينة في التسجيل في أرنور.",  # a hostage is a person, not an event
    "وتمكن الانتحاري من التسلل إلى مجموعة الطلاب في أرنور.",  # slipping in is no battle
])
def test_extract_events_person_nouns_and_slipping_in_are_no_events(text: str) -> None:
    assert extract_events(_doc(text, ARNOR)) == []


def test_extract_events_hostage_taking_is_an_event() -> None:
    events = extract_events(_doc("وانتهى احتجاز رهائن في فندق في أرنور.", ARNOR))
    assert [e.sub_event_type for e in events] == ["Abduction/forced disappearance"]


def test_extract_events_restated_strike_names_the_district_of_a_province_neither_known() -> None:
    # "a strike in Gondor province" then "the district of Zahrun where the strike happened": the
    # gazetteer knows neither, the definite restatement says they are one site
    places: dict[str, tuple[float | None, float | None, str]] = {
        "ولاية غوندور": (None, None, "admin1"), "منطقة زهرون": (None, None, "district")}
    text = ("قتل جنود في غارة على حاجز في ولاية غوندور أمس. "
            "وقال حاكم منطقة زهرون حيث حصلت الغارة إن الحاجز دمر.")
    events = extract_events(_placed(text, places))
    assert [(e.sub_event_type, e.location) for e in events] == [("Air/drone strike", "منطقة زهرون")]


def test_extract_events_an_explosion_tells_the_tactic_a_generic_attack_does_not() -> None:
    # "the terrorist incident" told again as "the bombing": one event, an explosion
    text = "أدانت الدول الحادث الإرهابي الذي وقع أمس في أرنور. وقالت الشرطة إن التفجير وقع في أرنور."
    events = extract_events(_doc(text, ARNOR))
    assert [e.event_type for e in events] == ["Explosions/Remote violence"]


def test_extract_events_a_back_reference_joins_the_event_told_before_it_by_any_report() -> None:
    # "وهذه الهجمات" (dated by nothing but the report) refers back to the attacks the lead told,
    # even though the bombing's own specific trigger comes later in the text
    text = ("قتل 20 شخصا منذ مساء الخميس في أرنور في سلسلة من الهجمات. "
            "وهذه الهجمات هي الأولى التي تضرب المدينة منذ أشهر. "
            "ووقع تفجير انتحاري مساء الخميس أمام مدخل أكاديمية الشرطة في أرنور.")
    events = extract_events(_doc(text, ARNOR))
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]
    assert len(events[0].support) == 3
