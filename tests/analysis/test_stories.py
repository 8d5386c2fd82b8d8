"""Stories: every article in one developing crisis, by shared central incidents or by words."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tabayyun.analysis.incidents import build_incidents
from tabayyun.analysis.rules import rules
from tabayyun.analysis.stories import build_stories, central_incidents, headline
from tabayyun.model import AnalyzedDoc, Document, EntityLabel, Event, Mention

DAY = date(2030, 3, 10)


def _doc(doc_id: str, text: str, events: tuple[Event, ...] | list[Event] = (), day: date = DAY,
         names: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()) -> AnalyzedDoc:
    mentions = []
    for name, entity in names:
        start = text.index(name)
        mentions.append(Mention(start, start + len(name), name, label=EntityLabel.LOC, entity_id=entity,
                                geo_precision="town"))
    return AnalyzedDoc(Document(doc_id, text, outlet=doc_id, published=day)).with_layer(
        "events", list(events)).with_layer("mentions", mentions)


def _bomb(text: str, place: str, lat: float, day: date = DAY) -> Event:
    start = text.index("تفجير")
    return Event(start, start + 5, "تفجير", event_type="Explosions/Remote violence", sub_event_type="Suicide bomb",
                 date=day, location=place, location_id=place, lat=lat, lon=40.0, geo_precision="town")


BOMB_A = "تفجير انتحاري في سوق أرنور\nقتل عشرة أشخاص في تفجير انتحاري استهدف سوق أرنور المركزي صباح اليوم."
BOMB_B = "تفجير يهز أرنور\nهز تفجير انتحاري سوق أرنور المركزي وأوقع قتلى وجرحى بين المتسوقين."
REACTION = "إدانة واسعة لتفجير سوق أرنور الانتحاري\nأدانت حكومة غوندور تفجير سوق أرنور المركزي الانتحاري ووصفته بالجبان."
OTHER = "افتتاح معرض للكتاب في روهان\nافتتح وزير الثقافة معرض الكتاب السنوي في مدينة روهان بمشاركة مئة دار نشر."


def test_build_stories_articles_sharing_their_central_incident_are_one_story() -> None:
    docs = [_doc("a", BOMB_A, [_bomb(BOMB_A, "أرنور", 30.0)]), _doc("b", BOMB_B, [_bomb(BOMB_B, "أرنور", 30.0)])]
    stories = build_stories(docs, build_incidents(docs))
    assert [s.doc_ids for s in stories] == [("a", "b")]


def test_build_stories_reaction_without_event_joins_by_words_and_names() -> None:
    docs = [_doc("a", BOMB_A, [_bomb(BOMB_A, "أرنور", 30.0)], names=[("أرنور", "arnor")]),
            _doc("r", REACTION, day=date(2030, 3, 11), names=[("أرنور", "arnor")]),
            _doc("o", OTHER, day=date(2030, 3, 11), names=[("روهان", "rohan")])]
    stories = build_stories(docs, build_incidents(docs))
    assert sorted(s.doc_ids for s in stories) == [("a", "r"), ("o",)]


def test_build_stories_similar_words_far_apart_in_time_stay_apart() -> None:
    docs = [_doc("a", BOMB_A, names=[("أرنور", "arnor")]),
            _doc("r", REACTION, day=date(2030, 4, 20), names=[("أرنور", "arnor")])]
    assert len(build_stories(docs, [])) == 2


def test_build_stories_names_story_by_its_headline() -> None:
    docs = [_doc("a", BOMB_A, [_bomb(BOMB_A, "أرنور", 30.0)])]
    (story,) = build_stories(docs, build_incidents(docs))
    assert story.title == headline(docs[0]) == "تفجير انتحاري في سوق أرنور"


def test_central_incidents_are_those_reported_most() -> None:
    text = "تفجير في أرنور. تفجير آخر هناك. وتفجير ثالث. وفي روهان تفجير صغير."
    second = text.index("تفجير صغير")
    support = tuple((i, i + 5) for i in range(len(text)) if text.startswith("تفجير", i) and i < second)
    events = [Event(0, 5, "تفجير", event_type="Explosions/Remote violence", sub_event_type="Suicide bomb", date=DAY,
                    location="أرنور", location_id="أرنور", lat=30.0, lon=40.0, support=support),
              Event(second, second + 5, "تفجير", event_type="Explosions/Remote violence",
                    sub_event_type="Suicide bomb", date=DAY, location="روهان", location_id="روهان", lat=35.0,
                    lon=40.0)]
    doc = _doc("a", text, events)
    incidents = build_incidents([doc])
    central = central_incidents(doc, incidents)
    assert [i.location for i in incidents if i.incident_id in central] == ["أرنور"]


def test_build_stories_a_chain_of_links_does_not_grow_a_large_story_out_of_unlike_news(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each article shares words with the next (a wedding, a wedding with a prince, a prince's
    visit, a visit to a hospital, a hospital's new wing): every link passes, but past
    ``story_cohesion_from`` articles a story grows only with what is like it as a whole."""
    import dataclasses

    from tabayyun.analysis import rules as rules_module

    texts = ["احتفل آل الغامدي بزفاف ابنهم عبدالعزيز في قاعة الأفراح بجدة بحضور الأقارب",
             "احتفل آل الغامدي بزفاف ابنهم بحضور أمير منطقة مكة المكرمة في قاعة الأفراح",
             "زار أمير منطقة مكة المكرمة مستشفى الملك فيصل بحضور مدير الشؤون الصحية",
             "افتتح مدير الشؤون الصحية جناحا جديدا في مستشفى الملك فيصل لعلاج الأطفال",
             "جناح الأطفال الجديد في المستشفى يضم أجهزة حديثة لعلاج الأطفال المصابين"]
    docs = [_doc(f"d{k}", f"خبر {k}\n{t}") for k, t in enumerate(texts)]
    base = rules_module.rules()
    free = dataclasses.replace(base, story_similarity=0.05, story_cohesion_from=len(docs))
    monkeypatch.setattr("tabayyun.analysis.stories.rules", lambda: free)
    assert len(build_stories(docs, [])) == 1  # small stories join by any mutual link: one chain
    guarded = dataclasses.replace(free, story_cohesion_from=2, story_cohesion=0.3)
    monkeypatch.setattr("tabayyun.analysis.stories.rules", lambda: guarded)
    stories = build_stories(docs, [])
    assert len(stories) > 1 and sorted(d for s in stories for d in s.doc_ids) == [d.document.doc_id for d in docs]


def test_build_stories_the_same_a_few_rows_at_a_time_and_from_hashed_bags(monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles compared with their window a block of rows at a time, and word vectors held as
    one matrix of hashed words (what a full rebuild does to bound its memory), make the same stories."""
    from tabayyun.analysis import stories as stories_module
    from tabayyun.analysis.incidents import body_bag
    from tabayyun.analysis.stories import lead_bag
    from tabayyun.analysis.vectors import Bag, WordRows

    docs = [_doc("a", BOMB_A, [_bomb(BOMB_A, "أرنور", 33.0)]), _doc("b", BOMB_B, [_bomb(BOMB_B, "أرنور", 33.0)]),
            _doc("r", REACTION), _doc("o", OTHER), _doc("o2", OTHER + " وزار المعرض"),
            _doc("late", BOMB_B, day=date(2030, 3, 14))]
    incidents = build_incidents(docs)
    whole = build_stories(docs, incidents)
    assert len(whole) < len(docs)
    monkeypatch.setattr(stories_module, "BLOCK_ROWS", 1)
    bodies, leads = (WordRows.tfidf([Bag.of(bag(d)) for d in docs]) for bag in (body_bag, lead_bag))
    assert build_stories(docs, incidents, bodies, leads) == build_stories(docs, incidents) == whole
    # vectors kept in a file, windows taken a few columns at a time and the whole corpus in more parts
    stored_bodies, stored_leads = (WordRows.tfidf([Bag.of(bag(d)) for d in docs], spill=True)
                                   for bag in (body_bag, lead_bag))
    monkeypatch.setattr(stories_module, "WINDOW_COLUMNS", 2)
    assert build_stories(docs, incidents, stored_bodies, stored_leads) == whole
    monkeypatch.setattr(stories_module, "WHOLE_PARTS", 1)
    monkeypatch.setattr(stories_module, "WINDOW_COLUMNS", 4)
    assert build_stories(docs, incidents, stored_bodies, stored_leads) == whole


def test_build_stories_an_article_no_mutual_link_placed_joins_its_nearest(monkeypatch: pytest.MonkeyPatch) -> None:
    # with one neighbour each, two of the three bombing reports are each other's nearest; the third
    # is nobody's nearest, and joins the story of its own nearest instead of standing alone
    one = dataclasses.replace(rules(), story_neighbours=1)
    monkeypatch.setattr("tabayyun.analysis.stories.rules", lambda: one)
    late = "تفجير أرنور\nارتفعت حصيلة تفجير سوق أرنور المركزي الانتحاري إلى عشرين قتيلا."
    docs = [_doc("a", BOMB_A), _doc("b", BOMB_B), _doc("c", late), _doc("o", OTHER)]
    assert sorted(s.doc_ids for s in build_stories(docs, [])) == [("a", "b", "c"), ("o",)]
    strict = dataclasses.replace(one, story_orphan_similarity=1.0)
    monkeypatch.setattr("tabayyun.analysis.stories.rules", lambda: strict)
    stories = sorted(s.doc_ids for s in build_stories(docs, []))
    assert len(stories) == 3 and ("o",) in stories  # one bombing report stands alone
