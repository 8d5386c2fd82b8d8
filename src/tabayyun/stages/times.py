"""Stage: dates and durations, resolved against the publication day, and the date a fact
at a given offset most plausibly refers to.

Each expression becomes a ``TimeExpr`` over the original text: ``kind`` "date" (with
precision day, month or year), "week" (الأسبوع الماضي: ``value`` is a day in that week)
"run" (لليوم الرابع على التوالي: ``value`` is the run's first day, ``days`` its length so far)
or "duration" (``days``). Relative expressions need ``Document.published``; without it
only absolute dates are resolved.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache

from tabayyun.dates.expressions import Hit, day_month, month_year, numeric_dates, tables
from tabayyun.dates.relative import (
    ago,
    consecutive,
    duration,
    lead_anchor,
    relative_day,
    this_last,
    weekday,
    year,
)
from tabayyun.lexicon import load_json
from tabayyun.model import AnalyzedDoc, Precision, TimeExpr
from tabayyun.numbers.view import Viewed, VTok, norm_all, stems, viewed
from tabayyun.numbers.words import number_words
from tabayyun.pipeline import Stage
from tabayyun.spanindex import SpanIndex, derived, span_index
from tabayyun.text.normalize import WORD_CACHE_SIZE, normalize_text
from tabayyun.text.segment import split_sentences

Matcher = Callable[[tuple[VTok, ...], int, "date | None"], "Hit | None"]

# tried in this order at each token; the first that matches wins and the scan jumps past it
_MATCHERS: tuple[Matcher, ...] = (
    day_month, consecutive, ago, relative_day, weekday, month_year, this_last,
    lambda tokens, i, _published: year(tokens, i),
    lambda tokens, i, _published: duration(tokens, i),
)
# how far into the article its lead reaches, for the article's own "today"
_LEAD_CHARS = 600


def resolve_date(text: str, published: date | None, end: int | None = None) -> list[TimeExpr]:
    """Every date and duration expression in ``text[:end]``, with original offsets."""
    v = viewed(text, end)
    tokens = v.tokens
    if published is not None:
        published = lead_anchor(tokens, published, len(v.view.text))
    out: list[TimeExpr] = []
    taken: set[int] = set()
    for start, stop, value in numeric_dates(v.view.text):
        s, e = v.view.to_original(start, stop)
        out.append(TimeExpr(s, e, text[s:e], value=value))
        taken.update(k for k, t in enumerate(tokens) if start <= t.start < stop)
    resume = 0  # an expression's tokens start no other
    starters = {w for w in {t.text for t in tokens if t.kind == "word"} if _may_start(w)}
    for i in [k for k, t in enumerate(tokens) if t.kind == "num" or t.text in starters]:
        if i < resume or i in taken:
            continue
        hit = next((h for m in _MATCHERS if (h := m(tokens, i, published)) is not None), None)
        if hit is None:
            continue
        out.append(_time_expr(text, v, hit))
        resume = hit.last + 1
    return sorted(out, key=lambda t: (t.start, t.end))


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    """Every word a time expression can begin with (after clitics): most tokens begin none."""
    t = tables()
    nw = number_words()
    words: set[str] = set()
    for table in (t.days, t.parts_of_day, t.weekdays, t.gregorian, t.hijri):
        words |= table.firsts
    words |= t.day_word | t.month_word | t.week_word | t.year_word | t.ago | t.dual_durations
    words |= set(t.duration_days) | set(nw.units) | set(nw.teen_units) | set(nw.tens) | set(nw.hundreds)
    words |= set(nw.ordinals) | set(nw.scale_singular) | set(nw.scale_dual)
    return frozenset(words | {"ال" + w for w in words})


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _may_start(word: str) -> bool:
    starters = _starters()
    return any(stem in starters for _, stem in stems(word))


def _time_expr(text: str, v: Viewed, hit: Hit) -> TimeExpr:
    s, e = v.span(hit.first, hit.last, hit.skip)
    return TimeExpr(s, e, text[s:e], value=hit.value, precision=hit.precision, kind=hit.kind, days=hit.days)


def times(doc: AnalyzedDoc) -> AnalyzedDoc:
    found = resolve_date(doc.text, doc.document.published, doc.document.extraction_end)
    return doc.with_layer("times", found)


def date_for_offset(doc: AnalyzedDoc, offset: int) -> date | None:
    """The date a fact at ``offset`` most plausibly refers to.

    Policy, first that applies:
    1. the nearest date expression before ``offset`` in the same sentence;
    2. else the nearest one after it in the same sentence ("قتل 30 شخصا أمس");
    3. else the nearest one in earlier sentences of the same paragraph;
    4. else the article's own "today": the first day-precise date within a week before
       publication (اليوم, أمس, يوم الخميس...) in the lead (first 600 characters);
    5. else None.
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
    return article_today(doc, list(dates))


def _date_index(times: Sequence[TimeExpr]) -> SpanIndex[TimeExpr]:
    """The expressions that can date a fact: dates and weeks with a value."""
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


STAGE = Stage("times", times, requires=("tokens",), provides=("times",),
              doc="dates (day, month, year precision) resolved against publication, and durations")
