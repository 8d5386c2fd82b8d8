"""Relative date expressions: days (أمس, اليوم الخميس), weekdays, "N days ago", "for the
Nth day running", last/this month, week and year, and plain durations."""

from __future__ import annotations

from datetime import date
from itertools import compress
from operator import itemgetter

from tabayyun.dates.expressions import Hit, read_day, shift, tables, word_at, year_start
from tabayyun.dates.hijri import hijri_to_gregorian
from tabayyun.model import Precision
from tabayyun.numbers.view import VTok, stems
from tabayyun.numbers.words import number_words, read_number

_TEXT = itemgetter(0)  # a view token's text (VTok.text), read without a Python step per token

_OPEN, _CLOSE = frozenset("(«\"“"), frozenset(")»\"”")
# "اليوم" followed by these is not "today": اليوم العالمي (a world day), اليوم التالي (the next day)
_NOT_TODAY = frozenset({"العالمي", "الوطني", "التالي", "السابق", "نفسه", "ذاته", "الموعود", "الاخير"})


def _weekday_after(tokens: tuple[VTok, ...], j: int) -> tuple[int, int, int] | None:
    """A weekday at ``j``, bare or bracketed (اليوم (الخميس)): (weekday, index of its last
    token, clitic length)."""
    t = tables()
    k = j + 1 if word_at(tokens, j) in _OPEN else j
    hit = t.weekdays.lookup_at(tokens, k)
    if hit is None:
        return None
    last = hit[0] - 1
    if k > j and word_at(tokens, hit[0]) in _CLOSE:
        last = hit[0]
    return t.weekday_number[hit[2]], last, hit[1] if k == j else 0


# how far past the given day a named weekday may lie: a time-zone shift, never more (the
# publication date we are given is the day of publication or a later day of collection)
_AHEAD_DAYS = 1


def _nearest_weekday(anchor: date, weekday: int) -> date | None:
    """The date with ``weekday`` on or before ``anchor``, or at most a day after it. The text's
    weekday is trusted over a publication date that may be the day of collection, which is never
    before publication: "بيان اليوم الاثنين" collected on a Saturday was issued the Monday before."""
    back = (anchor.weekday() - weekday) % 7
    return shift(anchor, 7 - back) if 7 - back <= _AHEAD_DAYS else shift(anchor, -back)


def _part_of_day(tokens: tuple[VTok, ...], i: int) -> tuple[int, int]:
    """Skip صباح / مساء / ليلة / فجر يوم ... at ``i``: (index after, clitic length)."""
    hit = tables().parts_of_day.match_at(tokens, i)
    return hit if hit else (i, 0)


def relative_day(tokens: tuple[VTok, ...], i: int, published: date | None) -> Hit | None:
    """[صباح] أمس|اليوم|أول أمس|الليلة الماضية [(الجمعة)]."""
    if published is None:
        return None
    t = tables()
    j, skip = _part_of_day(tokens, i)
    hit = t.days.lookup_at(tokens, j)
    if hit is None:
        return None
    end, clitic, entry = hit
    if j == i:
        skip = clitic
    offset = t.day_offset[entry]
    nxt = word_at(tokens, end)
    if offset == 0 and (nxt in _NOT_TODAY or number_words().ordinals.get(nxt) or tokens[j].text.startswith("لل")):
        return None  # اليوم الرابع, اليوم العالمي, لليوم: a day, not today
    if offset == 0 and end < len(tokens) and tokens[end].kind == "num":
        return None  # اليوم 13 ... is a day number, read by day_month
    value = shift(published, offset)
    last = end - 1
    weekday = _weekday_after(tokens, end)
    if weekday is not None and value is not None:
        value, last = _nearest_weekday(value, weekday[0]), weekday[1]
    return Hit(i, last, skip, value) if value is not None else None


# the last answer of ``lead_anchor`` and its arguments: the times stage and the claims stage ask it of
# the same view's tokens (one tuple, cached by ``viewed``), and each call reads every word of the
# document; the tokens are held, so that their identity stays theirs
_LAST_ANCHOR: list[tuple[tuple[VTok, ...], date, int, date]] = []


def lead_anchor(tokens: tuple[VTok, ...], published: date, lead_end: int) -> date:
    """The publication day the lead itself implies. A lead saying "أمس الجمعة" or "اليوم
    (الخميس)" fixes the weekday of its own day; a publication date up to three days off
    (a collection date, a time-zone shift) is moved to agree with it."""
    if _LAST_ANCHOR:
        last_tokens, last_published, last_end, anchor = _LAST_ANCHOR[0]
        if last_tokens is tokens and last_published == published and last_end == lead_end:
            return anchor
    anchor = _lead_anchor(tokens, published, lead_end)
    _LAST_ANCHOR[:] = [(tokens, published, lead_end, anchor)]
    return anchor


def _lead_anchor(tokens: tuple[VTok, ...], published: date, lead_end: int) -> date:
    t = tables()
    starters = t.days.starters(map(_TEXT, tokens))
    for i in compress(range(len(tokens)), map(starters.__contains__, map(_TEXT, tokens))):
        if tokens[i].start >= lead_end:
            break
        hit = t.days.lookup_at(tokens, i)
        if hit is None:
            continue
        found = _weekday_after(tokens, hit[0])
        if found is not None:
            offset = t.day_offset[hit[2]]
            day = shift(published, offset)
            nearest = _nearest_weekday(day, found[0]) if day else None
            anchor = shift(nearest, -offset) if nearest else None
            return anchor or published
    return published


def weekday(tokens: tuple[VTok, ...], i: int, published: date | None) -> Hit | None:
    """[يوم|صباح|ليلة] الخميس [الماضي|المقبل]: the nearest such day on or before publication,
    strictly before with الماضي, after with المقبل."""
    if published is None:
        return None
    t = tables()
    j, skip = _part_of_day(tokens, i)
    if word_at(tokens, j) in t.day_word:
        j += 1
    found = _weekday_after(tokens, j)
    if found is None:
        return None
    number, last, clitic = found
    if j == i:
        skip = clitic
    relation = word_at(tokens, last + 1)
    back = (published.weekday() - number) % 7
    if relation in t.next:
        last, value = last + 1, shift(published, (number - published.weekday()) % 7 or 7)
    elif relation in t.last:
        last, value = last + 1, shift(published, -(back or 7))
    else:
        value = shift(published, -back)
    return Hit(i, last, skip, value) if value is not None else None


def _amount(tokens: tuple[VTok, ...], j: int) -> tuple[float, float, int] | None:
    """N unit / dual unit / singular unit at ``j``: (count, days per unit, index after)."""
    t = tables()
    word = word_at(tokens, j)
    if word in t.dual_durations:
        return 2.0, t.duration_days[word], j + 1
    if word in t.duration_days and word not in ("ساعات", "ايام", "اسابيع", "اشهر", "شهور", "سنوات", "سنين", "اعوام"):
        nxt = read_number(tokens, j + 1) if j + 1 < len(tokens) else None
        if nxt is not None and nxt.digits and 1000 <= nxt.value <= 2100:
            return None  # منذ عام 2015: the year that names the start, not "a year ago"
        return 1.0, t.duration_days[word], j + 1  # قبل أسبوع, منذ شهر: one unit
    read = read_number(tokens, j) if 0 <= j < len(tokens) else None
    if read is None:
        return None
    k = read.end
    if word_at(tokens, k) == "ال" or word_at(tokens, k) in _CLOSE:
        k += 1
    unit = word_at(tokens, k)
    if unit in t.duration_days:
        return read.value, t.duration_days[unit], k + 1
    return None


def ago(tokens: tuple[VTok, ...], i: int, published: date | None) -> Hit | None:
    """قبل 6 أيام, منذ يومين, قبل أسبوع: publication day minus the duration."""
    t = tables()
    if published is None or not any(stem in t.ago for _, stem in stems(word_at(tokens, i))):
        return None
    amount = _amount(tokens, i + 1)
    if amount is None:
        return None
    count, per, end = amount
    days = count * per
    if days < 1:
        return None  # قبل ساعتين: still the publication day, but too fine to be a date claim
    value = shift(published, -days)
    if value is None:
        return None  # قبل 125 مليون عام, قبل 2500 سنة: before any date the calendar holds; read as a duration
    precision = Precision.DAY if per <= 7 else Precision.MONTH if per < 365 else Precision.YEAR
    skip = next((s for s, stem in stems(tokens[i].text) if stem in t.ago), 0)
    return Hit(i, end - 1, skip, value, precision, "date", days)


def consecutive(tokens: tuple[VTok, ...], i: int, published: date | None) -> Hit | None:
    """لليوم الرابع على التوالي: a run whose first day is the publication day minus N-1."""
    t = tables()
    word = word_at(tokens, i)
    if published is None or not word.endswith("ليوم") or (word == "اليوم" and word_at(tokens, i - 1) != "ل"):
        return None
    j = i + 1
    if word_at(tokens, j) == "ال":
        j += 1
    read = read_day(tokens, j) if j < len(tokens) else None
    if read is None:
        return None
    n, end = read
    run = t.consecutive.match_at(tokens, end)
    if run is None and word == "اليوم":
        return None
    last = run[0] - 1 if run else end - 1
    first = shift(published, -(n - 1))
    return Hit(i, last, 0, first, Precision.DAY, "run", float(n)) if first is not None else None


def this_last(tokens: tuple[VTok, ...], i: int, published: date | None) -> Hit | None:
    """الشهر الماضي, الشهر الجاري, الأسبوع الماضي, العام الماضي."""
    t = tables()
    word = word_at(tokens, i)
    if published is None:
        return None
    bare = {stem for _, stem in stems(word)}
    k = i + 1
    relation = _relationword_at(word_at(tokens, k))
    if relation is None:
        return None
    value: date | None = None
    if bare & t.month_word:
        first = published.replace(day=1)
        other = first if relation == "this" else shift(first, -1) if relation == "last" else shift(first, 32)
        value = other.replace(day=1) if other else None
        return Hit(i, k, 0, value, Precision.MONTH) if value else None
    if bare & t.week_word:
        value = shift(published, {"this": 0, "last": -7, "next": 7}[relation])
        return Hit(i, k, 0, value, Precision.DAY, "week", 7.0) if value else None
    if bare & t.year_word:
        value = year_start(published.year + {"this": 0, "last": -1, "next": 1}[relation])
        return Hit(i, k, 0, value, Precision.YEAR) if value else None
    return None


def _relationword_at(word: str) -> str | None:
    t = tables()
    return "this" if word in t.this else "last" if word in t.last else "next" if word in t.next else None


def year(tokens: tuple[VTok, ...], i: int) -> Hit | None:
    """عام 2015, سنة 1436هـ, 2015م: year precision."""
    t = tables()
    word = word_at(tokens, i)
    cue = bool({stem for _, stem in stems(word)} & t.year_word)
    j = i + 1 if cue else i
    tok = tokens[j] if j < len(tokens) else None
    if tok is None or tok.kind != "num" or not tok.text.isdigit() or len(tok.text) not in (3, 4):
        return None
    value, end = int(tok.text), j + 1
    suffix = word_at(tokens, end)
    hijri = suffix == "ه" and 1000 <= value <= 1600
    if hijri or (suffix == "م" and 1000 <= value <= 2100):
        end += 1  # 2015م, 1436هـ (but 500 م is a distance)
    elif not cue or not 1800 <= value <= 2100:
        return None
    start = hijri_to_gregorian(value, 1, 1) if hijri else date(value, 1, 1)
    return Hit(i, end - 1, 0, start, Precision.YEAR)


def duration(tokens: tuple[VTok, ...], i: int) -> Hit | None:
    """6 أيام, ثلاثة أسابيع, يومين: a length of time in days."""
    amount = _amount(tokens, i)
    if amount is None or (amount[0] == 1.0 and tokens[i].kind == "word" and word_at(tokens, i) not in
                          tables().dual_durations and read_number(tokens, i) is None):
        return None
    count, per, end = amount
    return Hit(i, end - 1, 0, None, Precision.DAY, "duration", count * per)
