"""Date and duration expressions of Arabic news, resolved against the publication day.

Absolute dates (13 يوليو 2015, 13/7/2015, 5 شوال 1436هـ) resolve without a publication
date; everything relative (أمس, اليوم الخميس, يوم الجمعة الماضي, قبل 6 أيام, 21 الجاري,
الشهر الماضي, لليوم الرابع على التوالي) needs one and is skipped when it is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from tabayyun.dates.hijri import gregorian_to_hijri, hijri_to_gregorian
from tabayyun.lexicon import load_json
from tabayyun.model import Precision
from tabayyun.numbers.view import PhraseTable, VTok, norm, norm_all, stems
from tabayyun.numbers.words import number_words, read_number

# official statements space the slashes ("15 / 10 / 1436 هـ")
_SEP = r"(?:[/.-]|\s/\s)"
_NUMERIC_DATE = re.compile(
    rf"(?<![\d/.-])(?:(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<y>\d{{4}})"
    r"|(?P<y2>\d{4})(?:[/-]|\s/\s)(?P<m2>\d{1,2})(?:[/-]|\s/\s)(?P<d2>\d{1,2}))(?![\d/-])(?P<h>\s*ه(?!\w{2}))?"
)
_OPEN, _CLOSE = frozenset("(«\"“"), frozenset(")»\"”")


@dataclass(frozen=True, slots=True)
class Hit:
    """A time expression over tokens ``first``..``last`` of the view."""

    first: int
    last: int
    skip: int
    value: date | None
    precision: Precision = Precision.DAY
    kind: str = "date"
    days: float | None = None


def shift(value: date, days: float) -> date | None:
    """``value`` moved by ``days`` (rounded to whole days), or None when the result leaves the
    calendar a ``date`` can hold (years 1 to 9999): "قبل 125 مليون عام" names no such date,
    and a publication date of 9999-12-31 has no tomorrow."""
    try:
        return value + timedelta(days=round(days))
    except (OverflowError, ValueError):
        return None


def year_start(year: int) -> date | None:
    """1 January of ``year``, or None outside years 1 to 9999."""
    return date(year, 1, 1) if 1 <= year <= 9999 else None


@dataclass(frozen=True, slots=True)
class DateTables:
    gregorian: PhraseTable
    hijri: PhraseTable
    month_number: dict[str, int]
    hijri_need_number: frozenset[str]
    weekdays: PhraseTable
    weekday_number: dict[str, int]
    days: PhraseTable
    day_offset: dict[str, int]
    parts_of_day: PhraseTable
    day_word: frozenset[str]
    this: frozenset[str]
    last: frozenset[str]
    next: frozenset[str]
    month_word: frozenset[str]
    period_word: frozenset[str]
    week_word: frozenset[str]
    year_word: frozenset[str]
    ago: frozenset[str]
    consecutive: PhraseTable
    duration_days: dict[str, float]
    dual_durations: frozenset[str]


@lru_cache(maxsize=1)
def tables() -> DateTables:
    months = load_json("lexicon", "months.json")
    rel = load_json("lexicon", "relative_dates.json")
    units = load_json("lexicon", "quantity_units.json")
    month_number = {w: int(n) for section in ("gregorian", "hijri") for n, ws in months[section].items() for w in ws}
    weekday_number = {w: int(n) for n, ws in months["weekdays"].items() for w in ws}
    return DateTables(
        gregorian=PhraseTable(w for ws in months["gregorian"].values() for w in ws),
        hijri=PhraseTable(w for ws in months["hijri"].values() for w in ws),
        month_number=month_number,
        hijri_need_number=frozenset(months["hijri_need_number"]),
        weekdays=PhraseTable(weekday_number),
        weekday_number=weekday_number,
        days=PhraseTable(rel["days"]),
        day_offset={w: int(n) for w, n in rel["days"].items()},
        parts_of_day=PhraseTable(rel["parts_of_day"]),
        day_word=norm_all(rel["day_word"]),
        this=norm_all(rel["this"]), last=norm_all(rel["last"]), next=norm_all(rel["next"]),
        month_word=norm_all(rel["month_word"]), period_word=norm_all(rel["period_word"]), week_word=norm_all(rel["week_word"]),
        year_word=norm_all(rel["year_word"]), ago=norm_all(rel["ago"]),
        consecutive=PhraseTable(rel["consecutive"]),
        duration_days={norm(w): float(d) for w, d in units["duration_days"].items()},
        dual_durations=norm_all(units["dual_durations"]),
    )


def numeric_dates(view_text: str) -> list[tuple[int, int, date]]:
    """13/7/2015, 2015-07-13 and their Hijri forms (1436/10/5هـ) in the view: (start, end, date)."""
    out = []
    for m in _NUMERIC_DATE.finditer(view_text):
        y, mo, d = (int(m["y"]), int(m["m"]), int(m["d"])) if m["y"] else (int(m["y2"]), int(m["m2"]), int(m["d2"]))
        try:
            value = hijri_to_gregorian(y, mo, d) if m["h"] or 1300 <= y <= 1500 else date(y, mo, d)
        except ValueError:
            continue
        out.append((m.start(), m.end(), value))
    return out


def word_at(tokens: tuple[VTok, ...], i: int) -> str:
    return tokens[i].text if 0 <= i < len(tokens) else ""


def _relation(word: str) -> str | None:
    t = tables()
    return "this" if word in t.this else "last" if word in t.last else "next" if word in t.next else None


def read_day(tokens: tuple[VTok, ...], i: int) -> tuple[int, int] | None:
    """A day of the month at ``i`` in digits, cardinal words or ordinal words
    (13, العشرين, الحادي والعشرين, الثالث عشر): (day, index after)."""
    tok = tokens[i]
    if tok.kind == "num":
        return (int(tok.text), i + 1) if tok.text.isdigit() and 1 <= int(tok.text) <= 31 else None
    nw = number_words()
    for _, stem in stems(tok.text):
        value = nw.ordinals.get(stem)
        if value is None:
            continue
        j = i + 1
        if word_at(tokens, j) in nw.teen_tens:
            value, j = value + 10, j + 1
        elif word_at(tokens, j).startswith("و"):
            rest = word_at(tokens, j)[1:]
            ten = nw.tens.get(rest[2:] if rest.startswith("ال") else rest)
            if ten in (20, 30):
                value, j = value + ten, j + 1
        return (value, j) if value <= 31 else None
    read = read_number(tokens, i)
    if read and read.words and read.value == int(read.value) and 1 <= read.value <= 31:
        return int(read.value), read.end
    return None


def _month_at(tokens: tuple[VTok, ...], i: int) -> tuple[int, int, bool, str] | None:
    """A month name at ``i``: (month, index after, hijri, name); a bracketed second name
    (تموز (يوليو)) is taken along."""
    t = tables()
    for table, hijri in ((t.gregorian, False), (t.hijri, True)):
        hit = table.lookup_at(tokens, i, clitic=False)
        if hit:
            end = hit[0]
            if word_at(tokens, end) in _OPEN and table.lookup_at(tokens, end + 1, clitic=False):
                inner = table.lookup_at(tokens, end + 1, clitic=False)
                if inner and word_at(tokens, inner[0]) in _CLOSE:
                    end = inner[0] + 1
            elif word_at(tokens, end) == "/":
                # the wire style "23 يوليو/تموز 2015": the month's two names, one date
                other = table.lookup_at(tokens, end + 1, clitic=False)
                if other and t.month_number[other[2]] == t.month_number[hit[2]]:
                    end = other[0]
            return t.month_number[hit[2]], end, hijri, hit[2]
    return None


def _year_at(tokens: tuple[VTok, ...], i: int) -> tuple[int, int, bool] | None:
    """A written year at ``i`` (2015, 2015م, 1436هـ): (year, index after, hijri)."""
    tok = tokens[i] if 0 <= i < len(tokens) else None
    if tok is None or tok.kind != "num" or not tok.text.isdigit() or len(tok.text) not in (3, 4):
        return None
    year, end = int(tok.text), i + 1
    suffix = word_at(tokens, end)
    if (suffix == "ه" and 1000 <= year <= 1600) or (suffix == "م" and 1000 <= year <= 2100):
        return year, end + 1, suffix == "ه"
    if 1900 <= year <= 2100:
        return year, end, False
    return None


def _in_year(published: date, month: int, day: int, relation: str | None, hijri: bool) -> date | None:
    """A day and month without a year: the year that puts it nearest the publication day,
    past rather than future (news reports what happened)."""
    if hijri:
        hy = gregorian_to_hijri(published)[0]
        candidates = []
        for y in (hy - 1, hy, hy + 1):
            try:
                candidates.append(hijri_to_gregorian(y, month, min(day, 30)))
            except ValueError:  # before the Hijri epoch or past year 9999
                return None
    else:
        candidates = []
        for y in (published.year - 1, published.year, published.year + 1):
            try:
                candidates.append(date(y, month, day))
            except ValueError:
                continue
    if not candidates:
        return None
    if relation == "last":
        past = [c for c in candidates if c < published]
        return max(past) if past else None
    if relation == "next":
        future = [c for c in candidates if c > published]
        return min(future) if future else None
    if relation == "this":
        if hijri:
            return candidates[1]  # this Hijri year's month
        same = [c for c in candidates if c.year == published.year]
        return same[0] if same else None
    # a date more than a month after publication is last year's
    fits = [c for c in candidates if (c - published).days <= 31]
    return max(fits) if fits else None


def day_month(tokens: tuple[VTok, ...], i: int, published: date | None) -> Hit | None:
    """13 يوليو [2015], 13 من تموز, 5 شوال 1436هـ, 13 يوليو الجاري, 21 الجاري,
    العشرين من الشهر الماضي."""
    t = tables()
    read = read_day(tokens, i)
    if read is None:
        return None
    day, j = read
    if word_at(tokens, j) == "من":
        j += 1
    month = _month_at(tokens, j)
    if month is None:
        k = j + 1 if word_at(tokens, j) in t.month_word else j
        relation = _relation(word_at(tokens, k))
        if relation is None or published is None or (k == j and relation != "this"):
            return None
        ref = published if relation == "this" else shift(published.replace(day=1), -1)
        if relation == "next":
            ref = shift(published.replace(day=28), 7)
            ref = ref.replace(day=1) if ref else None
        if ref is None:
            return None
        try:
            return Hit(i, k, 0, ref.replace(day=day))
        except ValueError:
            return None
    number, k, hijri, _ = month
    year = _year_at(tokens, k)
    if year is not None:
        y, end, hijri_year = year
        try:
            value = hijri_to_gregorian(y, number, day) if hijri or hijri_year else date(y, number, day)
        except ValueError:
            return None
        return Hit(i, end - 1, 0, value)
    if published is None:
        return None
    relation = _relation(word_at(tokens, k))
    guessed = _in_year(published, number, day, relation, hijri)
    if guessed is None:
        return None
    return Hit(i, k if relation else k - 1, 0, guessed)


def month_year(tokens: tuple[VTok, ...], i: int, published: date | None) -> Hit | None:
    """[شهر] يوليو 2015, يوليو الماضي, شهر رمضان الجاري, منتصف يناير: month precision. A bare
    month name is left alone (آب is also 'father', مارس a verb)."""
    t = tables()
    j = i + 1 if word_at(tokens, i) in t.month_word else i
    month = _month_at(tokens, j)
    if month is None:
        return None
    number, k, hijri, name = month
    year = _year_at(tokens, k)
    if year is not None:
        y, end, hijri_year = year
        value = hijri_to_gregorian(y, number, 1) if hijri or hijri_year else date(y, number, 1)
        return Hit(i, end - 1, 0, value, Precision.MONTH)
    relation = _relation(word_at(tokens, k))
    named = j > i or (i > 0 and word_at(tokens, i - 1) in t.period_word)  # شهر يوليو، منتصف يوليو
    if published is None or (relation is None and (not named or name in t.hijri_need_number)):
        return None
    guessed = _in_year(published, number, 1, relation, hijri)
    if guessed is None:
        return None
    return Hit(i, k if relation else k - 1, 0, guessed, Precision.MONTH)
