"""What a number measures, read from the words around it.

A count of people or things is what the claims stage wants; everything else a number
can be in a news report (a year, a date, a clock time, money, a percentage, a distance,
a duration, a weapon model, a law article or brigade number, a phone number) is typed
here so that it is never mistaken for a count. ``None`` means: not a quantity at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.numbers.view import PhraseTable, VTok, norm, norm_all, stems

_OPEN = frozenset("«“\"'(")
# a token of Latin letters before a number is a model designator (F-16, SU 34, T-72)
_LATIN = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class UnitTables:
    percent: PhraseTable
    money: frozenset[str]
    measure: frozenset[str]
    duration_days: dict[str, float]
    dual_durations: frozenset[str]
    year_before: frozenset[str]
    year_suffix: frozenset[str]
    time_before: frozenset[str]
    id_before: frozenset[str]
    model_before: frozenset[str]
    not_nouns: frozenset[str]
    months: PhraseTable
    this_month: frozenset[str]
    countable: frozenset[str]
    plural_before: frozenset[str]
    construct_duals: dict[str, frozenset[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def unit_tables() -> UnitTables:
    data = load_json("lexicon", "quantity_units.json")
    months = load_json("lexicon", "months.json")
    names = [w for section in ("gregorian", "hijri") for words in months[section].values() for w in words]
    relative = load_json("lexicon", "relative_dates.json")
    return UnitTables(
        percent=PhraseTable(data["percent_after"]),
        money=norm_all(data["money_after"]),
        measure=norm_all(data["measure_after"]),
        duration_days={norm(w): float(d) for w, d in data["duration_days"].items()},
        dual_durations=norm_all(data["dual_durations"]),
        year_before=norm_all(data["year_before"]),
        year_suffix=norm_all(data["year_suffix"]),
        time_before=norm_all(data["time_before"]),
        id_before=norm_all(data["id_before"]),
        model_before=norm_all(data["model_before"]),
        not_nouns=norm_all(data["not_nouns"]),
        months=PhraseTable(names),
        this_month=norm_all(relative["this"]) | norm_all(relative["month_word"]),
        countable=norm_all(load_json("lexicon", "countable_nouns.json")["nouns"]),
        plural_before=norm_all(load_json("lexicon", "countable_nouns.json")["plural_before"]),
        construct_duals={norm(k): norm_all(v) for k, v in
                         load_json("lexicon", "countable_nouns.json").get("construct_duals", {}).items()},
    )


def _bare(word: str) -> set[str]:
    """The word's readings without clitics and without the article."""
    out = set()
    for _, stem in stems(word):
        out.add(stem)
        if stem.startswith("ال") and len(stem) > 4:
            out.add(stem[2:])
    return out


def _prev(tokens: tuple[VTok, ...], i: int) -> VTok | None:
    """The token before ``i``, looking through one opening bracket or quote (تحديث (1))."""
    k = i - 1
    if k >= 0 and tokens[k].text in _OPEN:
        k -= 1
    return tokens[k] if k >= 0 else None


def _adjacent(a: VTok, b: VTok) -> bool:
    return a.end == b.start


def is_date_after(tokens: tuple[VTok, ...], j: int) -> bool:
    """A day number followed by a month: 13 يوليو, 13 من يوليو, 21 الجاري, 20 من الشهر."""
    t = unit_tables()
    if j >= len(tokens):
        return False
    if t.months.match_at(tokens, j, clitic=False):
        return True
    word = tokens[j].text
    if word in ("من", "-", "/") and j + 1 < len(tokens):
        return bool(t.months.match_at(tokens, j + 1, clitic=False)) or tokens[j + 1].text in t.this_month
    return word in t.this_month


def classify(tokens: tuple[VTok, ...], first: int, end: int, digits: str, qualified: bool) -> str | None:
    """Kind of the number spanning tokens ``first``..``end-1`` (None: not a quantity)."""
    t = unit_tables()
    before = _prev(tokens, first)
    after = tokens[end] if end < len(tokens) else None
    prior = before.text if before else ""
    if before is not None and (_LATIN.fullmatch(prior) or prior in t.model_before):
        return "model"
    if prior == "-" and first >= 2 and _LATIN.fullmatch(tokens[first - 2].text):
        return "model"
    if prior in t.id_before or (before is not None and _bare(prior) & t.id_before):
        return None
    if prior in t.time_before or (before is not None and _bare(prior) & t.time_before):
        return "time"
    if digits and len(digits) >= 7 and digits.isdigit():
        return None  # phone numbers, identifiers
    if digits and len(digits) == 4 and digits.isdigit() and _is_year(tokens, first, end, int(digits), before, after, qualified):
        return "year"
    if is_date_after(tokens, end):
        return None
    if before is not None and _bare(prior) & set(t.duration_days):
        return "duration"  # خلال الساعات الـ24 الماضية
    if after is None:
        return "count"
    if after.text == "%" or t.percent.match_at(tokens, end, clitic=False):
        return "percent"
    word = after.text
    bare = _bare(word) | {word}
    if bare & t.money:
        return "money"
    if word in t.measure:
        return "measure"
    if bare & set(t.duration_days) and not word.startswith("ال"):
        return "duration"  # a definite word is a time, not a unit: وأصيب 173 اليوم
    return "count"


def _is_year(tokens: tuple[VTok, ...], first: int, end: int, value: int, before: VTok | None,
             after: VTok | None, qualified: bool) -> bool:
    t = unit_tables()
    if before is not None and (_bare(before.text) & t.year_before or t.months.match_before(tokens, first)):
        return 1000 <= value <= 2100
    if after is not None and after.text in t.year_suffix and _adjacent(tokens[end - 1], after):
        return True
    if qualified or not 1900 <= value <= 2100:
        return False
    # a bare 19xx/20xx is a year unless a counted noun in the accusative follows (2015 شخصا)
    return not (after is not None and after.kind == "word" and after.text.endswith("ا") and len(after.text) >= 4)


def noun_after(tokens: tuple[VTok, ...], end: int) -> int | None:
    """Index of the counted noun right after a number, when there obviously is one."""
    if end >= len(tokens):
        return None
    tok = tokens[end]
    if tok.kind != "word" or tok.text in unit_tables().not_nouns or len(tok.text) < 2:
        return None
    return end


# the last letters of every dual ``may_be_dual`` reads past its durations: -ان/-ين (and -تين/-تان, -يان),
# and a construct dual's -تي/-تا
_DUAL_ENDINGS = ("ن", "تي", "تا")


def may_be_dual(word: str) -> bool:
    """Whether ``dual_noun`` can say 'count' or 'duration' of this word in some context: its
    conditions on the word alone, without the neighbours it also reads."""
    t = unit_tables()
    readings = _bare(word)
    if readings & t.dual_durations:
        return True
    if not word.endswith(_DUAL_ENDINGS):
        return False  # every test below wants one of these endings, and a reading ends as its word does
    if any(r.startswith("ال") and r.endswith("يان") and len(r) >= 8 for r in readings):
        return True
    for stem in readings:
        for suffix, singular_end in (("تين", "ة"), ("تان", "ة"), ("ين", ""), ("ان", "")):
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 2 and stem[: -len(suffix)] + singular_end in t.countable:
                return True
    for stem in readings:
        for suffix in ("تي", "تا"):  # a construct dual (حالتي وفاة), whatever word follows
            if stem.endswith(suffix) and t.construct_duals.get(stem[: -len(suffix)] + "ة"):
                return True
    return word.endswith(("تين", "تان")) and len(word) >= 6


def dual_noun(tokens: tuple[VTok, ...], i: int) -> str | None:
    """'count' or 'duration' when token ``i`` is the dual of a known countable noun
    (سيارتين, جنديين) or of a duration (يومين), or a feminine dual followed by a
    feminine dual adjective (عبوتين ناسفتين)."""
    t = unit_tables()
    word = tokens[i].text
    readings = _bare(word)
    if readings & t.dual_durations:
        return "duration"
    if i > 0 and tokens[i - 1].text in ("بين", "ما"):
        return None  # بين الجسرين, بين البلدين: "between the two", a relation, not a count
    if i > 1 and tokens[i - 1].text == "من" and _bare(tokens[i - 2].text) & t.plural_before:
        return None  # عدد من الشرطيين: a quantifier before من makes the -ين noun a plural
    if any(r.startswith("ال") and r.endswith("يان") and len(r) >= 8 for r in readings):
        return "count"  # القياديان: a nominative -يان cannot be a plural (that would be -يون)
    for stem in readings:
        for suffix, singular_end in (("تين", "ة"), ("تان", "ة"), ("ين", ""), ("ان", "")):
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                singular = stem[: -len(suffix)] + singular_end
                if singular in t.countable:
                    return "count"
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    for stem in readings:
        for suffix in ("تي", "تا"):  # حالتي وفاة: a construct dual, before the words its noun takes
            heads = t.construct_duals.get(stem[: -len(suffix)] + "ة") if stem.endswith(suffix) else None
            if heads and nxt in heads:
                return "count"
    fem = ("تين", "تان")
    if word.endswith(fem) and nxt.endswith(fem) and len(word) >= 6 and len(nxt) >= 6 and \
            word.startswith("ال") == nxt.startswith("ال"):
        return "count"
    return None
