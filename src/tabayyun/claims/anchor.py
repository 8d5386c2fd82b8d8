"""What event a figure is about, the day of what it counts, and the day it was stated.

A figure belongs to the article event reported in its sentence (the nearest trigger); else to
the last event reported before it in its paragraph (a round-up gives each incident its
figures: "In Kifri, clashes … killed 21"); else to the article's main event, unless its
sentence is background (dated to a month or a year, or by a duration: "منذ 2011").

Its ``date`` follows the evaluation kit's definition: a toll of an incident over in a moment
(a bombing, an air strike) is dated by the incident's day, however much later it was reported
("32 killed in Monday's bombing", stated on Wednesday, is dated Monday); any other count by the
date its own words govern (``dates.anchor.date_for_offset``): the day up to which it was kept.
Its ``as_of`` is the day the figure was stated: a day its source's reporting phrase names
("أعلنت الوزارة أمس"), else the day the article was published, as its own lead fixes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from tabayyun.dates.anchor import date_for_offset, statement_date
from tabayyun.events.triggers import is_instant
from tabayyun.model import AnalyzedDoc, Attribution, Event, Precision, TimeExpr

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
    return any(start <= t.start < end and (t.kind == "duration" or (t.kind == "date" and t.precision in (
        Precision.MONTH, Precision.YEAR))) for t in times)


def event_of(doc: AnalyzedDoc, offset: int, events: Sequence[Event]) -> Event | None:
    """The article event the figure at ``offset`` is about (see the module's policy)."""
    if not events:
        return None
    spans = sorted((s, e) for e in events for s, _ in (e.support or ((e.start, e.end),)))
    sentence = doc.sentence_at(offset)
    lo, hi = (sentence.start, sentence.end) if sentence else (offset, offset + 1)
    inside = [(s, e) for s, e in spans if lo <= s < hi]
    if inside:
        return min(inside, key=lambda se: abs(se[0] - offset))[1]
    paragraph = _paragraph_start(doc.text, offset)
    before = [e for s, e in spans if paragraph <= s < lo]
    if before:
        return before[-1]
    if is_background(doc, lo, hi):
        return None
    return main_event(events)


def counted_date(doc: AnalyzedDoc, offset: int, measure: str, event: Event | None) -> date | None:
    """The day of what is counted (see the module's policy)."""
    if event is not None and event.date is not None and event.time_precision == Precision.DAY \
            and measure in INCIDENT_TOLLS and is_instant(event.sub_event_type):
        return event.date
    return date_for_offset(doc, offset)


def stated_date(doc: AnalyzedDoc, attribution: Attribution | None, published: date | None) -> date | None:
    """The day the figure was stated: named in its source's reporting phrase, else ``published``
    (the article's publication day, ``dates.anchor.publication_day``)."""
    if attribution is not None:
        found = statement_date(doc, attribution.start, attribution.end)
        if found is not None:
            return found
    return published
