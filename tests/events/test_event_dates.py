"""Event dates and merging: a relative clause on the trigger dates its incident; the headline
and back-references join the body's incident whatever day their own sentence carries."""

from __future__ import annotations

from datetime import date

from tabayyun.events.context import relative_clause_date
from tabayyun.model import AnalyzedDoc, Document, EntityLabel, Mention, make_span
from tabayyun.stages.events import _headline_end, extract_events
from tabayyun.stages.segment import segment
from tabayyun.stages.times import times

PUBLISHED = date(2030, 3, 10)  # a Sunday
PLACES = {"أرنور": (30.0, 40.0, "town"), "غوندور": (33.0, 43.0, "town")}


def _doc(text: str) -> AnalyzedDoc:
    doc = segment(AnalyzedDoc(Document("t", text, published=PUBLISHED)))
    mentions = []
    for name, (lat, lon, precision) in PLACES.items():
        i = text.find(name)
        while i >= 0:
            mentions.append(make_span(Mention, text, i, i + len(name), label=EntityLabel.LOC, entity_id=name,
                                      lat=lat, lon=lon, geo_precision=precision))
            i = text.find(name, i + 1)
    return times(doc.with_layer("mentions", mentions).with_layer("claims", []))


def _after(text: str, word: str) -> int:
    return text.index(word) + len(word)


def test_relative_clause_on_the_trigger_gives_its_date() -> None:
    text = "أدان الوزير اليوم التفجير الإرهابي الذي استهدف سوق أرنور أمس الأول."
    assert relative_clause_date(_doc(text), _after(text, "التفجير"), len(text)) == date(2030, 3, 8)


def test_relative_clause_date_past_an_aside_between_commas() -> None:
    # "الذي وقع، صباح أول من أمس، في أرنور": the relative clause goes on past the comma
    text = "أدانت الدول الحادث الإرهابي الذي وقع، صباح أول من أمس، في أرنور."
    assert relative_clause_date(_doc(text), _after(text, "الإرهابي"), text.index("،")) == date(2030, 3, 8)
    # a clause that says more before the comma is cut there
    text = "أدانت الدول الحادث الذي استهدف سوق أرنور المزدحم، صباح أول من أمس، بسيارة."
    assert relative_clause_date(_doc(text), _after(text, "الحادث"), text.index("،")) is None


def test_relative_clause_date_needs_the_clause_on_the_trigger() -> None:
    # the date is the sentence's, and the relative clause hangs on the market, not on the bombing
    assert relative_clause_date(_doc("وقع التفجير أمس في سوق أرنور."), 8, 30) is None
    text = "أدان الوزير التفجير في سوق أرنور الكبير الذي افتتح أمس."
    assert relative_clause_date(_doc(text), _after(text, "التفجير"), len(text)) is None


def test_event_is_dated_by_its_relative_clause_not_the_statement() -> None:
    text = "أعلن الوزير اليوم اعتقال المتورطين بالتفجير الذي استهدف سوق أرنور أمس الأول."
    bombings = [e for e in extract_events(_doc(text)) if e.event_type == "Explosions/Remote violence"]
    assert [e.date for e in bombings] == [date(2030, 3, 8)]


def test_event_told_only_by_a_relative_clause_is_undated() -> None:
    # the investigation is today's news; the bombing it is about happened on a day the article
    # does not give: no day of the lead is its day
    text = ("كشفت التحقيقات في التفجير الذي نفذه مسلحون في سوق أرنور تورط رجال شرطة.\n"
            "وقالت المحكمة أمس إن التحقيق مستمر.")
    bombings = [e for e in extract_events(_doc(text)) if e.event_type == "Explosions/Remote violence"]
    assert [e.date for e in bombings] == [None]
    # a plural names a kind of violence, not one earlier event: it keeps the lead's day
    text = "قال النائب اليوم إن التفجيرات التي تطال سوق أرنور تهدد الأمن."
    bombings = [e for e in extract_events(_doc(text)) if e.event_type == "Explosions/Remote violence"]
    assert all(e.date is not None for e in bombings)


def test_back_reference_joins_its_incident_on_another_day() -> None:
    text = ("انفجرت عبوة ناسفة في سوق أرنور أمس الأول. "
            "وأعلنت الشرطة اليوم توقيف عشرة أشخاص على خلفية التفجير.")
    bombings = [e for e in extract_events(_doc(text)) if e.event_type == "Explosions/Remote violence"]
    assert [(e.location, e.date) for e in bombings] == [("أرنور", date(2030, 3, 8))]
    assert (text.index("التفجير"), len(text) - 1) in bombings[0].support


def test_back_reference_joins_the_latest_incident_before_it() -> None:
    # "this bombing" is the one just told (on Friday), not the article's first event of another day
    text = ("انفجرت سيارة مفخخة في أرنور اليوم. "
            "ويأتي ذلك بعد أيام من تفجير سيارة مفخخة في غوندور الجمعة. "
            "ويعد هذا التفجير الأعنف في المنطقة.")
    events = extract_events(_doc(text))
    reference = text.index("هذا التفجير") + len("هذا ")
    (holder,) = [e for e in events if any(s == reference for s, _ in e.support)]
    assert holder.location == "غوندور"


def test_headline_joins_the_body_event_whatever_its_day() -> None:
    text = "تفجير سيارة مفخخة في أرنور\n\nانفجرت سيارة مفخخة في سوق أرنور قبل ثلاثة أيام وقتل خمسة أشخاص."
    (event,) = extract_events(_doc(text))
    assert event.date == date(2030, 3, 7)
    assert event.start > text.index("\n")  # the body's report leads, the headline supports it
    assert any(start < text.index("\n") for start, _ in event.support)


def test_headline_naming_no_place_joins_the_body_s_one_event_of_its_type() -> None:
    # the body places the strike at Gondor; the headline names no place (the article's main place,
    # Arnor, is only where the reporter is): one event
    text = "غارة جوية تسفر عن مقتل 14 جنديا\n\nأرنور - قتل 14 جنديا في غارة جوية على حاجز في غوندور أمس."
    events = extract_events(_doc(text))
    assert [e.location for e in events] == ["غوندور"]
    assert any(start < text.index("\n") for start, _ in events[0].support)
    # two body strikes: the headline joins the one at the article's main place, as before
    two = text + " وقتل ثلاثة في غارة جوية على أرنور."
    events = extract_events(_doc(two))
    assert [(e.location, any(start < text.index("\n") for start, _ in e.support)) for e in events] == [
        ("غوندور", False), ("أرنور", True)]


def test_headline_event_without_a_body_report_stands_alone() -> None:
    text = "اشتباكات في أرنور\n\nوقال الوزير إن الوضع تحت السيطرة."
    assert [e.event_type for e in extract_events(_doc(text))] == ["Battles"]


def test_generic_trigger_does_not_join_an_arrest() -> None:
    text = "اعتقلت الشرطة عشرة أشخاص في أرنور بعد ساعات من انفجار هز أرنور."
    kinds = sorted(e.event_type for e in extract_events(_doc(text)))
    assert kinds == ["Explosions/Remote violence", "Strategic developments"]


def test_headline_is_a_short_first_line_without_a_full_stop() -> None:
    assert _headline_end("تفجير في أرنور\n\nانفجرت سيارة مفخخة.") == len("تفجير في أرنور")
    assert _headline_end("\n  تفجير في أرنور\nانفجرت سيارة مفخخة.") == len("\n  تفجير في أرنور")
    assert _headline_end("انفجرت سيارة مفخخة في أرنور.\nوقتل خمسة أشخاص.") == -1  # a first paragraph
    assert _headline_end("انفجرت سيارة مفخخة في أرنور.") == -1
    assert _headline_end("تفجير " * 50 + "\nانفجرت سيارة مفخخة.") == -1


def test_event_takes_the_date_after_it_in_its_clause_not_the_sentence_s() -> None:
    # the video is Wednesday's; the abduction, dated in its own clause, happened on Monday
    text = "بث التنظيم الأربعاء تسجيلا يهدد بقتل مهندس، خطف يوم الاثنين الماضي في أرنور."
    abductions = [e for e in extract_events(_doc(text)) if e.sub_event_type == "Abduction/forced disappearance"]
    assert [e.date for e in abductions] == [date(2030, 3, 4)]
    # a date inside another event's relative clause is that event's: the arrests are today's
    text = "أعلن الوزير اليوم اعتقال المتورطين بالتفجير الذي استهدف أرنور أمس الأول."
    arrests = [e for e in extract_events(_doc(text)) if e.sub_event_type == "Arrests"]
    assert [e.date for e in arrests] == [PUBLISHED]
