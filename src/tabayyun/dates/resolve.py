"""Every date and duration expression of a text, resolved against the publication day.

Each expression becomes a ``TimeExpr`` over the original text: ``kind`` "date" (with
precision day, month or year), "week" (الأسبوع الماضي: ``value`` is a day in that week)
"run" (لليوم الرابع على التوالي: ``value`` is the run's first day, ``days`` its length so far)
or "duration" (``days``). Relative expressions need the publication day; without it only
absolute dates are resolved.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import replace
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
from tabayyun.model import Precision, TimeExpr
from tabayyun.numbers.view import Viewed, VTok, stems, viewed
from tabayyun.numbers.words import number_words
from tabayyun.text.normalize import WORD_CACHE_SIZE

Matcher = Callable[[tuple[VTok, ...], int, "date | None"], "Hit | None"]

# tried in this order at each token; the first that matches wins and the scan jumps past it
_MATCHERS: tuple[Matcher, ...] = (
    day_month, consecutive, ago, relative_day, weekday, month_year, this_last,
    lambda tokens, i, _published: year(tokens, i),
    lambda tokens, i, _published: duration(tokens, i),
)


def resolve_date(text: str, published: date | None, end: int | None = None) -> list[TimeExpr]:
    """Every date and duration expression in ``text[:end]``, with original offsets."""
    v = viewed(text, end)
    tokens = v.tokens
    if published is not None:
        published = lead_anchor(tokens, published, len(v.view.text))
    out: list[TimeExpr] = []
    taken: set[int] = set()
    token_starts: list[int] | None = None  # the tokens are in text order: a date's tokens are found by bisection
    for start, stop, value in numeric_dates(v.view.text):
        s, e = v.view.to_original(start, stop)
        out.append(TimeExpr(s, e, text[s:e], value=value))
        if token_starts is None:
            token_starts = [t.start for t in tokens]
        taken.update(range(bisect_left(token_starts, start), bisect_left(token_starts, stop)))
    resume = 0  # an expression's tokens start no other
    # an expression begins only at a number or at a word that may start one (checked once per spelling)
    starters = set(filter(_may_start, v.words))  # (filter over the cached test: no Python frame per word)
    for i in v.starting(starters):
        if i < resume or i in taken:
            continue
        hit = next((h for m in _MATCHERS if (h := m(tokens, i, published)) is not None), None)
        if hit is None:
            continue
        out.append(_time_expr(text, v, hit))
        resume = hit.last + 1
    return _restated(text, sorted(out, key=lambda t: (t.start, t.end)))


# "اليوم الجمعة الموافق 15 / 10 / 1436 هـ": the second date restates the first
_RESTATES = ("الموافق", "الموافقة", "والموافق", "موافق")
_RESTATE_SLACK = 2  # days a tabular Hijri conversion may be off


def _restated(text: str, found: list[TimeExpr]) -> list[TimeExpr]:
    """A day restated after "الموافق" takes the value of the day it restates: both name one day,
    and the first (read against the publication day, or a Gregorian date) is exact where a
    converted Hijri date may be a day off."""
    out = list(found)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        between = text[a.end:b.start].strip(" ،,()-")
        if (between in _RESTATES and a.precision == b.precision == Precision.DAY and a.value is not None
                and b.value is not None and a.value != b.value
                and abs((a.value - b.value).days) <= _RESTATE_SLACK):
            out[i] = replace(b, value=a.value)
    return out


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
