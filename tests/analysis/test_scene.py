"""The scene of a figure: the places its own sentence names, and early figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tabayyun.analysis.findings import ClaimRef, compare_claims
from tabayyun.analysis.scene import Scene, SceneReader, Site, apart, is_past_period, one_site
from tabayyun.model import (
    AnalyzedDoc,
    Attribution,
    Claim,
    Document,
    EntityLabel,
    Event,
    Mention,
    Precision,
    Sentence,
    TimeExpr,
)

DAY = date(2030, 3, 10)
KHOR = Site("geo:khor", 12.80, 45.03)
CRATER = Site("geo:crater", 12.78, 45.04)  # about 2 km from KHOR
HURUR = Site("geo:hurur", 13.05, 44.85)  # about 34 km away
WORDS = frozenset({"ميناء", "معلا"})  # every figure's sentence names the port of the incident unless said


def test_apart_two_fine_sites_far_from_each_other() -> None:
    assert apart(Scene(frozenset({KHOR})), Scene(frozenset({HURUR})))


def test_apart_not_when_a_site_is_shared_or_near() -> None:
    assert not apart(Scene(frozenset({KHOR, HURUR})), Scene(frozenset({HURUR})))
    assert not apart(Scene(frozenset({KHOR})), Scene(frozenset({CRATER})))


def test_apart_not_when_the_gazetteer_puts_one_site_in_the_other() -> None:
    # Doğubayazıt lies in Ağrı province (its seat about 90 km away): one scene
    town, province = Site("geo:dogubayazit", 39.547, 44.084), Site("gn:309647", 39.719, 43.051)
    assert not apart(Scene(frozenset({town})), Scene(frozenset({province})))
    assert apart(Scene(frozenset({town})), Scene(frozenset({Site("gn:304797", 37.313, 40.744)})))  # Mardin


def test_apart_places_only_in_different_countries() -> None:
    assert apart(Scene(countries=frozenset({"IT"})), Scene(countries=frozenset({"ES"})))
    assert not apart(Scene(countries=frozenset({"IT", "ES"})), Scene(countries=frozenset({"ES"})))


def test_apart_not_when_a_sentence_names_no_place() -> None:
    assert not apart(Scene(frozenset({KHOR}), frozenset({"YE"})), Scene())


def _ref(doc_id: str, low: float, scene: Scene) -> ClaimRef:
    claim = Claim(0, 1, "x", measure="abducted", low=low, high=low)
    return ClaimRef(doc_id, claim, "I1", f"outlet:{doc_id}", DAY, scene=replace(scene, words=scene.words or WORDS))


def test_compare_claims_figures_at_two_scenes_are_no_finding() -> None:
    refs = [_ref("a", 45, Scene(frozenset({KHOR}))), _ref("b", 60, Scene(frozenset({HURUR})))]
    assert [f.kind for f in compare_claims(refs) if f.kind != "single_source"] == []
    refs = [_ref("a", 45, Scene(frozenset({KHOR}))), _ref("b", 60, Scene(frozenset({CRATER})))]
    assert [f.kind for f in compare_claims(refs) if f.kind != "single_source"] == ["contradiction"]


def test_compare_claims_an_early_figure_is_not_disputed() -> None:
    refs = [_ref("a", 9, Scene(provisional=True)), _ref("b", 15, Scene())]
    assert "contradiction" not in [f.kind for f in compare_claims(refs)]


def _article(text: str, places: list[tuple[str, str, float, float, str]]) -> AnalyzedDoc:
    mentions = []
    for name, place_id, lat, lon, precision in places:
        start = text.index(name)
        mentions.append(Mention(start, start + len(name), name, label=EntityLabel.LOC, entity_id=place_id,
                                lat=lat, lon=lon, geo_precision=precision))
    first = text.index(".") + 1
    sentences = [Sentence(0, first, text[:first]), Sentence(first + 1, len(text), text[first + 1:])]
    return AnalyzedDoc(Document("d", text, published=DAY)).with_layer("sentences", sentences).with_layer(
        "mentions", mentions)


def test_figure_given_again_takes_the_early_word_of_its_article() -> None:
    # the headline sums up the body's "initial report": its 15 is as early as the body's
    text = "15 قتيلا في تفجير أرنور\n\nوأفاد تقرير أولي بوفاة 15 شخصا. وقتل 3 آخرون في غوندور."
    body, other = text.index("وأفاد"), text.index("وقتل")
    sentences = [Sentence(0, text.index("\n"), text[:text.index("\n")]),
                 Sentence(body, other - 1, text[body:other - 1]), Sentence(other, len(text), text[other:])]
    doc = AnalyzedDoc(Document("d", text, published=DAY)).with_layer("sentences", sentences).with_layer("mentions", [])
    claims = [Claim(0, 2, "15", measure="killed", low=15, high=15),
              Claim(text.index("15 شخصا"), text.index("15 شخصا") + 2, "15", measure="killed", low=15, high=15),
              Claim(text.index("3 "), text.index("3 ") + 1, "3", measure="killed", low=3, high=3)]
    scenes = SceneReader(doc).scenes(claims)
    assert [s.provisional for s in scenes] == [True, True, False]
    # a figure the article does not give again keeps its own reading
    assert not SceneReader(doc).scenes([replace(claims[0], low=16, high=16), claims[1]])[0].provisional


def test_scene_reader_reads_the_figure_sentence_only() -> None:
    text = "أسرت المقاومة 45 حوثيا في خور مكسر. وقالت مصادر إن الحصيلة الأولية بلغت 9 قتلى في الحرور."
    doc = _article(text, [("خور مكسر", "geo:khor", 12.80, 45.03, "town"),
                          ("الحرور", "geo:hurur", 13.05, 44.85, "town")])
    reader = SceneReader(doc)
    first = Claim(text.index("45"), text.index("45") + 2, "45", measure="abducted", low=45, high=45)
    second = Claim(text.index("9 "), text.index("9 ") + 1, "9", measure="killed", low=9, high=9)
    assert {s.place_id for s in reader.scene(first).places} == {"geo:khor"}
    assert not reader.scene(first).provisional
    assert {s.place_id for s in reader.scene(second).places} == {"geo:hurur"}
    assert reader.scene(second).provisional


def test_scene_reader_a_day_named_in_the_figures_own_sentence() -> None:
    text = "قتل 24 مدنيا أمس الثلاثاء في بعقوبة. وقتل 10 في انفجار عبوتين في المقدادية."
    doc = _article(text, []).with_layer("times", [
        TimeExpr(text.index("أمس"), text.index("أمس") + len("أمس الثلاثاء"), "أمس الثلاثاء", value=DAY)])
    reader = SceneReader(doc)
    dated = Claim(text.index("24"), text.index("24") + 2, "24", measure="killed", low=24, high=24)
    undated = Claim(text.index("10"), text.index("10") + 2, "10", measure="killed", low=10, high=10)
    assert reader.scene(dated).dated and not reader.scene(undated).dated


def test_compare_claims_same_figure_at_two_sites_confirms_nothing() -> None:
    refs = [_ref("a", 5, Scene(frozenset({KHOR}))), _ref("b", 5, Scene(frozenset({HURUR})))]
    assert not [f for f in compare_claims(refs) if f.kind == "corroboration"]
    refs = [_ref("a", 5, Scene(frozenset({KHOR}))), _ref("b", 5, Scene(frozenset({CRATER}))), _ref("c", 5, Scene())]
    found = [f for f in compare_claims(refs) if f.kind == "corroboration"]
    assert [sorted(r.doc_id for r in f.claims) for f in found] == [["a", "b", "c"]]


def test_scene_reader_history_recalled_beside_the_incident() -> None:
    text = "قتل عشرة جنود في الغارة. وقد قتل آنذاك خمسة جنود بصاروخ."
    doc = _article(text, [])
    reader = SceneReader(doc)
    now = Claim(text.index("عشرة"), text.index("عشرة") + 4, "عشرة", measure="killed", low=10, high=10)
    then = Claim(text.index("خمسة"), text.index("خمسة") + 4, "خمسة", measure="killed", low=5, high=5)
    assert (reader.scene(now).background, reader.scene(then).background) == (False, True)
    site = frozenset({KHOR})
    refs = [_ref("a", 10, Scene(site)), _ref("b", 5, Scene(site, background=True))]
    assert [f.kind for f in compare_claims(refs) if f.kind != "single_source"] == []


@pytest.mark.parametrize("back", ["حينها", "وقتها"])
def test_scene_reader_history_told_at_that_time(back: str) -> None:
    # "وقتل حينها 14": the time the sentence before named (an attack of last December), not now
    text = f"قتل ثمانية مسلحين في العملية. وكان أحدهم قاد هجوما في ديسمبر 2014. وقتل {back} 14 ضابطا."
    doc = _article(text, [])
    then = Claim(text.index("14"), text.index("14") + 2, "14", measure="killed", low=14, high=14)
    assert SceneReader(doc).scene(then).background


def test_one_site_by_id_for_a_place_the_gazetteer_cannot_locate() -> None:
    prison = Site("fac:سجن_تل_ريحان")
    assert one_site(Scene(frozenset({prison})), Scene(frozenset({prison, KHOR})))
    assert not one_site(Scene(frozenset({prison})), Scene(frozenset({Site("fac:سجن_اخر")})))
    assert not apart(Scene(frozenset({prison})), Scene(frozenset({HURUR})))  # it may be anywhere


def test_scene_reader_a_replaced_figure_is_superseded() -> None:
    text = ("تحدثت السلطات في البداية عن مقتل 14 جنديا، لكنها عادت وخفضت الحصيلة. "
            "وخلف القصف 43 قتيلا، وأشار المدير إلى ارتفاع الحصيلة إلى 57 قتيلا.")
    doc = _article(text, [])
    reader = SceneReader(doc)

    def figure(value: str) -> Claim:
        return Claim(text.index(value), text.index(value) + len(value), value, measure="killed")

    assert [reader.scene(figure(v)).superseded for v in ("14", "43", "57")] == [True, True, False]


def test_scene_reader_cues_behind_a_conjunction() -> None:
    # "وفي وقت سابق" opens its clause with و; "وفي تقرير أولي" calls its figure early
    text = "وفي وقت سابق أشارت مصادر إلى مقتل 3 عسكريين. وأفاد تقرير أولي بوفاة 15 شخصا."
    reader = SceneReader(_article(text, []))
    three = Claim(text.index("3"), text.index("3") + 1, "3", measure="killed")
    fifteen = Claim(text.index("15"), text.index("15") + 2, "15", measure="killed")
    assert reader.scene(three).superseded and reader.scene(fifteen).provisional


def test_scene_reader_names_of_the_sentence_and_the_lead() -> None:
    text = "انفجار في سوق خان بني سعد بديالى. وقتل 20 شخصا في انفجار بمدينة بعقوبة، قال المرصد العراقي."
    doc = _article(text, [("خان بني سعد", "loc:khan", 33.57, 44.53, "town"),
                          ("بعقوبة", "geo:baquba", 33.75, 44.64, "town")])
    doc = doc.with_layer("mentions", [*doc.layer("mentions"), Mention(
        text.index("المرصد"), len(text) - 1, "المرصد العراقي", label=EntityLabel.ORG)]).with_layer(
        "attributions", [Attribution(text.index("قال"), len(text) - 1, "قال المرصد العراقي",
                                     source_start=text.index("المرصد"), source_end=len(text) - 1)])
    scene = SceneReader(doc).scene(Claim(text.index("20"), text.index("20") + 2, "20", measure="killed"))
    assert scene.words == frozenset({"geo:baquba"})  # a cited source is who speaks, not where
    assert scene.lead == frozenset({"loc:khan", "geo:baquba"})


def test_scene_reader_keeps_a_place_named_inside_a_cited_source() -> None:
    """"إمام مسجد قوات الطوارئ بعسير" is who speaks and where it happened: the speaker is left
    out of the figure's names, the mosque kept (it ties the figure to the bombing)."""
    text = "تفجير في عسير. وقتل 15 شخصا، كما روى إمام مسجد الطوارئ العريف عبدالله الشهراني."
    source = text.index("إمام")
    doc = _article(text, [])
    mosque = text.index("مسجد الطوارئ")
    person = text.index("عبدالله")
    doc = doc.with_layer("mentions", [
        Mention(mosque, mosque + len("مسجد الطوارئ"), "مسجد الطوارئ", label=EntityLabel.FAC, entity_id="fac:mosque"),
        Mention(person, person + len("عبدالله الشهراني"), "عبدالله الشهراني", label=EntityLabel.PER,
                entity_id="per:shahrani")]).with_layer(
        "attributions", [Attribution(text.index("روى"), len(text) - 1, text[text.index("روى"):len(text) - 1],
                                     source_start=source, source_end=len(text) - 1)])
    scene = SceneReader(doc).scene(Claim(text.index("15"), text.index("15") + 2, "15", measure="killed"))
    assert scene.words == frozenset({"fac:mosque"})


def test_raised_to_reads_the_figures_own_sentence() -> None:
    from tabayyun.analysis.scene import raised_to
    text = "قالت الشرطة إن 27 أصيبوا. وارتفعت حصيلة الجرحى إلى 38 شخصا. وأصيب 5 آخرون في حادث آخر."
    assert raised_to(text, text.index("38")) and not raised_to(text, text.index("27"))
    assert not raised_to(text, text.index("5 "))  # the cue is in the sentence before


@pytest.mark.parametrize(("text", "number", "raised"), [
    ("وأعلنت الوزارة ارتفاع شهداء التفجير إلى 15 رجل أمن.", "15", True),  # a rise word, then إلى right before
    ("ارتفع التوتر في المدينة وقتل 15 شخصا.", "15", False),  # a rise, but no إلى before the number
    ("قتل 12 شخصا في الهجوم وفق حصيلة جديدة أعلنها الجيش.", "12", True),  # a new toll, after the number
    ("قتل 12 شخصا في الهجوم. ونشر الجيش حصيلة جديدة للمعارك.", "12", False),  # in another sentence
])
def test_raised_to_rise_words_and_new_tolls(text: str, number: str, raised: bool) -> None:
    from tabayyun.analysis.scene import raised_to
    start = text.index(number)
    sentence_start = text.rfind(".", 0, start) + 1
    assert raised_to(text, sentence_start, start) is raised


@pytest.mark.parametrize(("value", "precision", "past"), [
    (date(2029, 1, 1), Precision.MONTH, True),  # January, told in March: history
    (date(2030, 3, 1), Precision.MONTH, False),  # this month: the current tally
    (date(2029, 1, 1), Precision.YEAR, True),  # last year
    (date(2030, 3, 1), Precision.DAY, False),  # a day dates a figure; it does not make it history
])
def test_past_period(value: date, precision: Precision, past: bool) -> None:
    t = TimeExpr(0, 5, "x", value=value, precision=precision, kind="date")
    assert is_past_period(t, DAY) is past


def test_figure_of_a_past_month_is_background() -> None:
    text = "وقتل 12 شخصا في مارس 2029 في المدينة. وقتل 5 أشخاص منذ يناير 2029 في المدينة."
    month = text.index("مارس 2029")
    since = text.index("يناير 2029")
    times = [TimeExpr(month, month + 9, "مارس 2029", value=date(2029, 3, 1), precision=Precision.MONTH, kind="date"),
             TimeExpr(since, since + 10, "يناير 2029", value=date(2029, 1, 1), precision=Precision.MONTH, kind="date")]
    doc = _article(text, []).with_layer("times", times).with_layer("events", []).with_layer("attributions", [])
    reader = SceneReader(doc)
    twelve = Claim(text.index("12"), text.index("12") + 2, "12", measure="killed", low=12, high=12)
    five = Claim(text.index("5 "), text.index("5 ") + 1, "5", measure="killed", low=5, high=5)
    # the second runs from January to now: a current count, not history
    assert reader.scene(twelve).background and not reader.scene(five).background


def test_figure_sentence_place_outranks_its_event_site() -> None:
    # the article's event of the paragraph is in غوندور; the 29 are killed at أرنور, as their own
    # sentence says: the scene is أرنور alone. A figure whose sentence names no place takes the event's.
    text = "اشتباكات عنيفة في غوندور. وقتل 29 متمردا في غارات على أرنور وقتل 5 آخرون."
    doc = _article(text, [("أرنور", "geo:arnor", 30.0, 40.0, "town"), ("غوندور", "geo:gondor", 33.0, 43.0, "town")])
    event = Event(0, 8, text[:8], event_type="Battles", location="غوندور", location_id="geo:gondor", lat=33.0,
                  lon=43.0, geo_precision="town")
    doc = doc.with_layer("events", [event]).with_layer("attributions", []).with_layer("times", [])
    reader = SceneReader(doc)
    placed = Claim(text.index("29"), text.index("29") + 2, "29", measure="killed", low=29, high=29, event_start=0)
    assert {s.place_id for s in reader.scene(placed).places} == {"geo:arnor"}
    bare = AnalyzedDoc(Document("d", "وقتل 5 آخرون.", published=DAY)).with_layer(
        "sentences", [Sentence(0, 13, "وقتل 5 آخرون.")]).with_layer("mentions", []).with_layer(
        "events", [event]).with_layer("attributions", []).with_layer("times", [])
    five = Claim(5, 6, "5", measure="killed", low=5, high=5, event_start=0)
    assert {s.place_id for s in SceneReader(bare).scene(five).places} == {"geo:gondor"}


def test_scene_reader_a_toll_of_an_event_still_going_on_is_provisional() -> None:
    # a siege's toll "still going on Friday evening" and one that "now stands at" are counts of
    # that moment, which a later or other larger figure does not dispute
    text = ("أعلن مصدر عسكري أن عملية احتجاز الرهائن في أرنور لا تزال متواصلة وأوقعت ثمانية قتلى. "
            "وقال إن الحصيلة باتت الآن ثلاثة قتلى في صفوف القوات. وقتل خمسة في غوندور.")
    starts = [0] + [i + 2 for i, ch in enumerate(text) if ch == "." and i + 2 < len(text)]
    ends = [i + 1 for i, ch in enumerate(text) if ch == "."]
    sentences = [Sentence(a, b, text[a:b]) for a, b in zip(starts, ends, strict=True)]
    reader = SceneReader(AnalyzedDoc(Document("d", text, published=DAY)).with_layer("sentences", sentences)
                         .with_layer("mentions", []))
    eight, three, five = (Claim(text.index(w), text.index(w) + len(w), w, measure="killed", low=v, high=v)
                          for w, v in (("ثمانية", 8), ("ثلاثة", 3), ("خمسة", 5)))
    assert reader.scene(eight).provisional and reader.scene(three).provisional
    assert not reader.scene(five).provisional
