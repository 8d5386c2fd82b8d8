"""The date a fact at a given offset of an article most plausibly refers to, and the
article's own "today": the policy that dates claims and events from the times layer."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from tabayyun.dates.relative import lead_anchor
from tabayyun.dates.resolve import resolve_date
from tabayyun.lexicon import load_json
from tabayyun.model import AnalyzedDoc, Precision, TimeExpr
from tabayyun.numbers.view import norm_all, stems, viewed
from tabayyun.spanindex import SpanIndex, derived, span_index
from tabayyun.text.normalize import normalize_text
from tabayyun.text.segment import split_sentences

# how far into the article its lead reaches, for the article's own "today"
_LEAD_CHARS = 600


def date_for_offset(doc: AnalyzedDoc, offset: int, lead_day: bool = True) -> date | None:
    """The date a fact at ``offset`` most plausibly refers to.

    Policy, first that applies:
    1. the nearest date expression before ``offset`` in the same sentence;
    2. else the nearest one after it in the same sentence ("قتل 30 شخصا أمس");
    3. else the nearest one in earlier sentences of the same paragraph;
    4. else the article's own "today": the first day-precise date within a week before
       publication (اليوم, أمس, يوم الخميس...) in the lead (first 600 characters);
    5. else None.
    ``lead_day`` False skips step 4: a fact the text refers back to ("التفجير الذي استهدف السوق")
    happened on a day of its own, not necessarily on the day the lead reports.
    Durations and runs (لليوم الرابع على التوالي) never date a fact. When the governing expression is not day-precise
    (الشهر الماضي, عام 2014, الأسبوع الماضي), the fact has no day: None.
    """
    times = _times_of(doc)
    index = derived(times, _date_index) if isinstance(times, tuple) else _date_index(times)
    dates = index.spans
    if not dates:
        return None
    sentence = _sentence_bounds(doc, offset)
    paragraph = _paragraph_bounds(doc.text, offset)
    before = index.starting_in(sentence[0], offset)
    if before:
        return _day_of(max(before, key=lambda t: t.start))
    after = index.starting_in(offset, sentence[1])
    if after:
        return _day_of(min(after, key=lambda t: t.start))
    # from earlier sentences only day-precise event dates carry over: background (منذ عام
    # 2014) and the date a source spoke (أفادت مصادر أمس) do not date what follows
    earlier = [t for t in index.starting_in(paragraph[0], sentence[0]) if _day_of(t) is not None
               and not _is_report_date(doc, t)]
    if earlier:
        return _day_of(max(earlier, key=lambda t: t.start))
    return article_today(doc, list(dates)) if lead_day else None


def sentence_day(doc: AnalyzedDoc, offset: int) -> date | None:
    """The day the sentence at ``offset`` names for what it tells, nearest to ``offset``: not the
    day a source spoke (أعلن الوزير أمس) nor the day a running count started (منذ الجمعة)."""
    times = _times_of(doc)
    index = derived(times, _date_index) if isinstance(times, tuple) else _date_index(times)
    lo, hi = _sentence_bounds(doc, offset)
    days = [t for t in index.starting_in(lo, hi) if _day_of(t) is not None and not _is_report_date(doc, t)
            and not _after_since(doc.text, t.start)]
    return _day_of(min(days, key=lambda t: abs(t.start - offset))) if days else None


def _date_index(times: Sequence[TimeExpr]) -> SpanIndex[TimeExpr]:
    """The expressions that can date a fact: dates and weeks with a value, indexed by start
    (a claim or an event asks once per figure or trigger)."""
    return SpanIndex(tuple(t for t in times if t.kind in ("date", "week") and t.value is not None))


def article_today(doc: AnalyzedDoc, dates: list[TimeExpr] | None = None) -> date | None:
    """The day the article's lead reports on, when it names one relative to publication."""
    published = doc.document.published
    if published is None:
        return None
    pool = dates if dates is not None else [t for t in _times_of(doc) if t.value is not None]
    for t in pool:
        if t.start >= _LEAD_CHARS:
            break
        if t.kind == "date" and t.precision == Precision.DAY and t.value is not None and \
                0 <= (published - t.value).days <= 7:
            return t.value
    return None


@lru_cache(maxsize=1)
def _speech_words() -> frozenset[str]:
    data = load_json("lexicon", "reporting_verbs.json")
    return norm_all([*data.get("speech", ()), "بحسب", "حسب", "وفق", "وفقا"])


def _is_report_date(doc: AnalyzedDoc, t: TimeExpr) -> bool:
    """The date of a statement: inside a cited-source phrase, or within the few words
    after a reporting verb (أعلن الوزير أمس, بحسب ما أفادت مصادر أمس)."""
    if span_index(doc.layer("attributions")).containing(t.start, t.start - 2):
        return True  # a.start <= t.start <= a.end + 2
    words = normalize_text(doc.text[max(0, t.start - 60):t.start]).split()[-5:]
    speech = _speech_words()
    return any(stem in speech for w in words for _, stem in stems(w))


def _day_of(t: TimeExpr) -> date | None:
    return t.value if t.kind == "date" and t.precision == Precision.DAY else None


def _times_of(doc: AnalyzedDoc) -> tuple[TimeExpr, ...]:
    if "times" in doc.layers:
        return doc.layer("times")
    return tuple(resolve_date(doc.text, doc.document.published, doc.document.extraction_end))


def _sentence_bounds(doc: AnalyzedDoc, offset: int) -> tuple[int, int]:
    sentences = doc.layer("sentences") or tuple(split_sentences(doc.text, 0, doc.document.extraction_end))
    starts = span_index(sentences).starts
    k = bisect_right(starts, offset) - 1
    if k >= 0 and sentences[k].start <= offset < max(sentences[k].end, offset + 1):
        return sentences[k].start, sentences[k].end
    return offset, offset


def _paragraph_bounds(text: str, offset: int) -> tuple[int, int]:
    """A paragraph is a run of text between line breaks (news bodies put one per line)."""
    start = text.rfind("\n", 0, offset) + 1
    stop = text.find("\n", offset)
    return start, len(text) if stop < 0 else stop


# characters after a reporting phrase searched for the day it names ("أعلنت الوزارة في بيان أمس")
_STATEMENT_REACH = 30


def statement_date(doc: AnalyzedDoc, start: int, end: int) -> date | None:
    """The day a statement was made, when its reporting phrase [start, end) or the few words
    after it name one (أعلنت الوزارة أمس، قال في بيان اليوم): a day-precise date no later than
    publication. A day after منذ is where a running count starts (أوقفت منذ أمس 320), not the
    day it was said."""
    published = doc.document.published
    times = span_index(_times_of(doc))
    # in order of start: those before the phrase are passed over by bisection (a long article
    # has thousands of dates and of reporting phrases)
    first = bisect_left(times.starts, start) if times.sorted else 0
    for k in range(first, len(times.spans)):
        t = times.spans[k]
        if t.start >= end + _STATEMENT_REACH:
            break
        if t.start >= start and t.kind == "date" and t.precision == Precision.DAY and t.value is not None \
                and (published is None or t.value <= published) and not _after_since(doc.text, t.start):
            return t.value
    return None


_SINCE = ("منذ", "مُنذ")


def _after_since(text: str, start: int) -> bool:
    """Whether the word right before ``start`` is منذ (since)."""
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].strip("،,") in _SINCE


def publication_day(doc: AnalyzedDoc) -> date | None:
    """The day the article was published, as its own text fixes it: a lead saying "أمس الجمعة"
    moves a publication date up to three days off (a day of collection) to agree with it."""
    published = doc.document.published
    if published is None:
        return None
    v = viewed(doc.text, doc.document.extraction_end)
    return lead_anchor(v.tokens, published, len(v.view.text))
