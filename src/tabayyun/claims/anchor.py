"""What event a figure is about, the day of what it counts, and the day it was stated.

A figure belongs to the article event reported in its sentence (the nearest trigger); else to
the last event reported before it in its paragraph (a round-up gives each incident its
figures: "In Kifri, clashes … killed 21"); else to the article's main event, unless its
sentence is background (dated to a month or a year, or by a duration: "منذ 2011").

Its ``date`` follows the evaluation kit's definition: a count kept since a day (قتل 17 منذ 22
يوليو) is dated by the day it was stated, up to which it was kept; a toll of an incident over in
a moment (a bombing, an air strike) by the incident's day, however much later it was reported
("32 killed in Monday's bombing", stated on Wednesday, is dated Monday); any other count by the
date its own words govern (``dates.anchor.date_for_offset``): the day up to which it was kept.
A headline names no day: its figure takes the date of the body figure it sums up.
Its ``as_of`` is the day the figure was stated: a day its source's reporting phrase names
("أعلنت الوزارة أمس"), else the day the article was published, as its own lead fixes it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from datetime import date

from tabayyun.dates.anchor import date_for_offset, sentence_day, statement_date
from tabayyun.events.triggers import is_instant
from tabayyun.model import AnalyzedDoc, Attribution, Claim, Event, Precision, TimeExpr
from tabayyun.spanindex import derived, span_index
from tabayyun.text.normalize import normalize_key

_WORDS = re.compile(r"\w+")
_SINCE = frozenset({"منذ", "ومنذ"})
SINCE_REACH = 8  # words after a number searched for منذ (قتل 17 عنصرا في قوات الأمن منذ …)
SINCE_CHARS = 50  # characters before a date searched for the منذ that makes it the start of a running count
# counts that belong to one incident: they are dated by its day when it is over in a moment
INCIDENT_TOLLS = frozenset({"killed", "injured", "missing", "attackers", "hostages", "abducted", "destroyed",
                            "vehicles"})


def _paragraph_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def main_event(events: Sequence[Event]) -> Event | None:
    """The event the article is mostly about: the one with most supporting reports, then the first."""
    if not events:
        return None
    support = Counter({e.start: len(e.support) or 1 for e in events})
    return min(events, key=lambda e: (-support[e.start], e.start))


def is_background(doc: AnalyzedDoc, start: int, end: int) -> bool:
    """A stretch dated only to a month or a year, or measured by a duration (منذ 2011، خلال
    الأشهر الماضية): it tells the story's past, not the article's event."""
    times: Sequence[TimeExpr] = doc.layer("times")
    return any(t.kind == "duration" or (t.kind == "date" and t.precision in (Precision.MONTH, Precision.YEAR))
               for t in span_index(times).starting_in(start, end))


class _Reports:
    """The events' reports (each supporting trigger, else the event itself) sorted by start, and
    the main event: built once per events layer, not once per figure (a long article has
    hundreds of figures and events)."""

    # not a dataclass: derived lookups over a layer it does not own
    def __init__(self, events: Sequence[Event]) -> None:
        self.spans = sorted((s, e) for e in events for s, _ in (e.support or ((e.start, e.end),)))
        self.starts = [s for s, _ in self.spans]
        self.main = main_event(events)

    def starting_in(self, start: int, end: int) -> list[tuple[int, Event]]:
        return self.spans[bisect_left(self.starts, start):bisect_left(self.starts, end)]


def event_of(doc: AnalyzedDoc, offset: int, events: Sequence[Event]) -> Event | None:
    """The article event the figure at ``offset`` is about (see the module's policy)."""
    if not events:
        return None
    reports = derived(events, _Reports) if isinstance(events, tuple) else _Reports(events)
    sentence = doc.sentence_at(offset)
    lo, hi = (sentence.start, sentence.end) if sentence else (offset, offset + 1)
    inside = reports.starting_in(lo, hi)
    if inside:
        return min(inside, key=lambda se: abs(se[0] - offset))[1]
    paragraph = _paragraph_start(doc.text, offset)
    before = reports.starting_in(paragraph, lo)
    if before:
        return before[-1][1]
    if is_background(doc, lo, hi):
        return None
    return reports.main


def counted_date(doc: AnalyzedDoc, offset: int, measure: str, event: Event | None,
                 as_of: date | None = None) -> date | None:
    """The day of what is counted (see the module's policy)."""
    if as_of is not None and _counted_since(doc, offset):
        return _day_besides_since(doc, offset) or as_of
    if event is not None and measure in INCIDENT_TOLLS and is_instant(event.sub_event_type):
        own = sentence_day(doc, offset)
        if own is not None:
            return own  # "قتلوا خلال عملية احتجاز الرهائن الجمعة": the figure's own sentence names its day
        if event.date is None:
            return None  # the toll of an event the text only refers back to: its day is not told
        if event.time_precision == Precision.DAY:
            return event.date
    return date_for_offset(doc, offset)


def _counted_since(doc: AnalyzedDoc, offset: int) -> bool:
    """The count runs from a day on (قتل 17 منذ 22 يوليو، ارتفع العدد إلى 60 منذ بدء الحملة): it
    is counted up to the day it was stated, not on the day it started."""
    sentence = doc.sentence_at(offset)
    if sentence is None:
        return False
    after = _WORDS.findall(normalize_key(doc.text[offset:sentence.end]))[:SINCE_REACH]
    before = _WORDS.findall(normalize_key(doc.text[sentence.start:offset]))[-SINCE_REACH:]
    return any(w in _SINCE for w in after) and not any(w in _SINCE for w in before[-2:])


def _day_besides_since(doc: AnalyzedDoc, offset: int) -> date | None:
    """A day the sentence names other than the one its count runs from (وبهجمات اليوم يرتفع
    العدد إلى 60 منذ 20 يوليو: today)."""
    sentence = doc.sentence_at(offset)
    if sentence is None:
        return None
    times: Sequence[TimeExpr] = doc.layer("times")
    days = [t for t in span_index(times).starting_in(sentence.start, sentence.end) if t.kind == "date"
            and t.precision == Precision.DAY and t.value is not None
            and not any(w in _SINCE for w in _WORDS.findall(normalize_key(doc.text[max(sentence.start, t.start - SINCE_CHARS):t.start])))]
    return min(days, key=lambda t: abs(t.start - offset)).value if days else None


def headline_dates(doc: AnalyzedDoc, claims: Sequence[Claim]) -> list[date | None]:
    """The dates of the claims, a headline's taken from the body claim it sums up (same measure
    and interval): a headline names no day, its lead does."""
    newline = doc.text.find("\n")
    out: list[date | None] = []
    for c in claims:
        d = c.date
        if 0 <= c.start < newline:
            body = [b for b in claims if b.start > newline and b.measure == c.measure and b.low == c.low
                    and b.high == c.high and b.date is not None]
            if body:
                d = body[0].date
        out.append(d)
    return out


def stated_date(doc: AnalyzedDoc, attribution: Attribution | None, published: date | None) -> date | None:
    """The day the figure was stated: named in its source's reporting phrase, else ``published``
    (the article's publication day, ``dates.anchor.publication_day``)."""
    if attribution is not None:
        found = statement_date(doc, attribution.start, attribution.end)
        if found is not None:
            return found
    return published
