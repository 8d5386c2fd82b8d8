"""Stage: numbers and amounts, with the interval each asserts and what it measures.

Reads digits (Western and Eastern, with separators), number words, scale words, vague
plurals (عشرات → 20–99) and the duals of countable nouns (سيارتين → 2), then widens
each into the interval the text asserts from the qualifiers around it (نحو → approximate,
أكثر من / على الأقل → no upper bound, أقل من → no lower bound, بين X و Y → X–Y). Only
``kind == "count"`` is a count of people or things; years, dates, clock times, money,
percentages, measures, durations, ordinals and model numbers get their own kinds, and
references (law articles, brigade numbers, phone numbers, date days) are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.model import AnalyzedDoc, Quantity
from tabayyun.numbers.kinds import classify, dual_noun, may_be_dual, noun_after, unit_tables
from tabayyun.numbers.view import PhraseTable, Viewed, VTok, norm_all, stems, viewed
from tabayyun.numbers.words import (
    first_number_word,
    may_be_fraction,
    may_begin_number,
    number_words,
    read_number,
    read_ordinal,
    read_vague,
)
from tabayyun.pipeline import Stage
from tabayyun.text.normalize import WORD_CACHE_SIZE

# numeric dates (13/7/2015, 2015-07-13), clock times (10:30) and phone-like digit runs are
# not amounts; their tokens are set aside before numbers are read. Every match begins with a digit
# or "+": saying so first lets the regular expression engine skip the other characters quickly.
_NOT_AMOUNT = re.compile(
    r"(?=[\d+])(?:(?<![\d/.-])\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?![\d/-])|(?<![\d:])\d{1,2}:\d{2}(?![\d:])"
    r"|\+?\d{2,4}(?: \d{3,4}){2,})"
)
_OPEN = frozenset("«“\"'(")


@dataclass(frozen=True, slots=True)
class Qualifiers:
    approximate_before: PhraseTable
    approximate_after: PhraseTable
    at_least_before: PhraseTable
    at_least_after: PhraseTable
    at_most_before: PhraseTable
    at_most_after: PhraseTable
    range_open: PhraseTable
    range_joint: frozenset[str]
    range_from: frozenset[str]
    range_to: frozenset[str]


@lru_cache(maxsize=1)
def qualifiers() -> Qualifiers:
    data = load_json("lexicon", "qualifiers.json")
    return Qualifiers(
        approximate_before=PhraseTable(data["approximate_before"]),
        approximate_after=PhraseTable(data["approximate_after"]),
        at_least_before=PhraseTable(data["at_least_before"]),
        at_least_after=PhraseTable(data["at_least_after"]),
        at_most_before=PhraseTable(data["at_most_before"]),
        at_most_after=PhraseTable(data["at_most_after"]),
        range_open=PhraseTable(data["range_open"]),
        range_joint=frozenset(data["range_joint"]),
        range_from=frozenset(data["range_from"]),
        range_to=norm_all(data["range_to"]),
    )


@dataclass(slots=True)
class _Found:
    """A number being widened into a quantity: token range, interval and flags."""

    first: int
    end: int
    skip: int
    low: float | None
    high: float | None
    digits: str = ""
    approximate: bool = False
    vague: bool = False
    qualified: bool = False
    last: int = -1  # last token of the span (defaults to end - 1)


def extract_quantities(text: str, end: int | None = None) -> list[Quantity]:
    """Every quantity in ``text[:end]``, with original offsets."""
    v = viewed(text, end)
    blocked = _blocked(v)
    out: list[Quantity] = []
    resume = 0  # a quantity's tokens start no other
    # most tokens can begin no quantity: only the others are read
    starters = set(filter(_may_start, v.words))  # (filter over the cached test: no Python frame per word)
    for i in v.starting(starters):
        if i < resume or i in blocked:
            continue
        made = _quantity_at(text, v, i)
        if made is None:
            continue
        quantity, nxt = made
        if quantity is not None:
            out.append(quantity)
        resume = max(nxt, i + 1)
    return out


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _may_start(word: str) -> bool:
    """Whether a quantity can begin at this word: a vague plural, a number word, a fraction (of a
    scale word after it), a definite ordinal, or what may be a dual (``_quantity_at`` decides with the context). Most words begin
    none, and are passed over without reading them."""
    if may_begin_number(word) and (read_vague((VTok(word, 0, len(word), "word"),), 0) is not None
                                   or first_number_word(word) is not None or may_be_fraction(word)):
        return True
    return read_ordinal(word) is not None or may_be_dual(word) or number_words().ordinals.get(word) == 1


def _blocked(v: Viewed) -> set[int]:
    spans = [m.span() for m in _NOT_AMOUNT.finditer(v.view.text)]
    if not spans:
        return set()
    starts = [t.start for t in v.tokens]
    return {k for s, e in spans for k in range(bisect_left(starts, s), bisect_left(starts, e))}


def _quantity_at(text: str, v: Viewed, i: int) -> tuple[Quantity | None, int] | None:
    """The quantity starting at token ``i`` and the index to resume at, or None."""
    tokens = v.tokens
    vague = read_vague(tokens, i) if tokens[i].kind == "word" else None
    if vague:
        found = _Found(i, vague[2], vague[3], vague[0], vague[1], vague=True)
    else:
        num = read_number(tokens, i)
        if num is None:
            return _word_quantity(text, v, i)
        found = _Found(num.first, num.end, num.skip, num.value, num.value, digits=num.digits)
        _article_before(tokens, found)
        _range(tokens, found)
    if _adjectival_one(tokens, found):
        return None, found.end
    _qualify_before(tokens, found)
    kind = classify(tokens, found.first, found.end, found.digits, found.qualified)
    if kind is None:
        return None, found.end
    noun = noun_after(tokens, found.end)
    _qualify_after(tokens, found, noun)
    last = found.last if found.last >= 0 else found.end - 1
    resume = last + 1
    if noun is not None and noun == found.end and may_be_dual(tokens[noun].text) and not found.vague:
        # the noun a number counts is no count of its own: "ثلاثة شرطيين" (three policemen) must
        # not also read the plural "شرطيين" as a dual, two
        resume = noun + 1
    if kind == "percent":
        unit = unit_tables().percent.match_at(tokens, found.end, clitic=False)
        resume = unit[0] if unit else resume  # "بالمئة" must not be read again as the number 100
    start, stop = v.span(found.first, last, found.skip)
    noun_text = None
    if noun is not None:
        ns, ne = v.span(noun, noun)
        noun_text = text[ns:ne]
    return Quantity(start, stop, text[start:stop], low=found.low, high=found.high,
                    approximate=found.approximate, kind=kind, vague=found.vague, noun=noun_text), resume


_ONE_AFTER = frozenset({"من", "في", "فى"})


def _adjectival_one(tokens: tuple[VTok, ...], found: _Found) -> bool:
    """``من عائلة واحدة``، ``في يوم واحد``: the word ``one`` after a noun that a preposition governs
    means "a single", it counts nothing that happened."""
    if found.digits or found.vague or found.low != 1 or found.first < 2:
        return False
    noun, prep = tokens[found.first - 1], tokens[found.first - 2]
    return noun.kind == "word" and prep.text in _ONE_AFTER


def _word_quantity(text: str, v: Viewed, i: int) -> tuple[Quantity | None, int] | None:
    """Duals of countable nouns and durations (سيارتين, يومين), and definite ordinals."""
    tokens = v.tokens
    dual = dual_noun(tokens, i)
    if dual:
        last = i
        nxt = read_number(tokens, i + 1) if i + 1 < len(tokens) else None
        if nxt is not None and nxt.value == 2 and nxt.end == i + 2:
            last = i + 1  # سيارتين اثنتين: the number word only repeats the dual
        start, stop = v.span(i, last, _clitic(tokens[i].text))
        # the noun is the dual word alone: "جريحين اثنين" counts the wounded, whatever the number
        # word repeating it (read as a noun of its own, the count took the measure of the noun before)
        noun = text[start:v.span(i, i)[1]] if dual == "count" else None
        return Quantity(start, stop, text[start:stop], low=2.0, high=2.0, kind=dual, noun=noun), last + 1
    ordinal = read_ordinal(tokens[i].text)
    teen = i + 1 < len(tokens) and tokens[i + 1].text in number_words().teen_tens and tokens[i].text.startswith("ال")
    if teen and ((ordinal or 0) < 10) and (ordinal or number_words().ordinals.get(tokens[i].text) == 1):
        ordinal = (ordinal or 1) + 10  # "الرابعة عشرة"، "الحادية عشرة": the 14th, the 11th, not a count of ten
        start, stop = v.span(i, i + 1)
        return Quantity(start, stop, text[start:stop], low=float(ordinal), high=float(ordinal),
                        kind="ordinal"), i + 2
    if ordinal:
        last = i
        start, stop = v.span(i, last)
        return Quantity(start, stop, text[start:stop], low=float(ordinal), high=float(ordinal),
                        kind="ordinal"), last + 1
    return None


def _clitic(word: str) -> int:
    """Length of a conjunction or preposition glued to a dual noun (وسيارتين)."""
    readings = stems(word)
    return readings[-1][0] if len(readings) > 1 and readings[-1][0] <= 2 and not word.startswith("ال") else 0


def _article_before(tokens: tuple[VTok, ...], found: _Found) -> None:
    """"الـ130" is read as "ال" + "130": the article belongs to the number's span."""
    k = found.first - 1
    if k >= 0 and tokens[found.first].kind == "num":
        # a lone article token ("الـ 1000", tatweel gone) can only belong to what follows it
        for skip, stem in stems(tokens[k].text):
            if stem == "ال":
                found.first, found.skip = k, skip
                return


def _range(tokens: tuple[VTok, ...], found: _Found) -> None:
    """بين X و Y, من X إلى Y: the second number closes the interval."""
    q = qualifiers()
    j = found.end
    if j + 1 >= len(tokens) or found.low is None:
        return
    joint = tokens[j].text
    if joint not in q.range_joint and joint not in q.range_to and joint != "-":
        return
    second = read_number(tokens, j + 1)
    if second is None or second.value <= found.low:
        return
    opener = q.range_open.match_before(tokens, found.first)
    prev = tokens[found.first - 1].text if found.first > 0 else ""
    from_to = joint in q.range_to and any(s in q.range_from for _, s in stems(prev))
    if (opener and joint in q.range_joint) or from_to or (joint == "-" and tokens[j + 1].kind == "num"):
        if opener and joint in q.range_joint:
            found.first, found.skip = opener
        elif from_to:
            found.first, found.skip = found.first - 1, 0
        found.high, found.end, found.qualified = second.value, second.end, True


def _qualify_before(tokens: tuple[VTok, ...], found: _Found) -> None:
    if found.qualified:
        return
    q = qualifiers()
    k = found.first
    if k > 0 and tokens[k - 1].text in _OPEN:
        k -= 1
    for table, effect in ((q.at_least_before, "at_least"), (q.at_most_before, "at_most"),
                          (q.approximate_before, "approximate")):
        hit = table.match_before(tokens, k)
        if hit:
            found.first, found.skip = hit
            _apply(found, effect)
            return


# as the normalised view writes أكثر، وأكثر، فأكثر (not "على الأقل من سكان المدينة")
_COMPARATIVES = frozenset({"اكثر", "واكثر", "فاكثر", "اقل", "واقل"})


def _qualify_after(tokens: tuple[VTok, ...], found: _Found, noun: int | None) -> None:
    q = qualifiers()
    for at in (found.end, noun + 1 if noun is not None else -1):
        if at < 0:
            continue
        for table, effect in ((q.at_least_after, "at_least"), (q.at_most_after, "at_most"),
                              (q.approximate_after, "approximate")):
            hit = table.match_at(tokens, at)
            if hit and hit[0] < len(tokens) and tokens[hit[0]].text == "من" \
                    and tokens[hit[0] - 1].text in _COMPARATIVES:
                continue  # "ثمانية قتلى وأكثر من مئة جريح": the comparative bounds the next figure
            if hit:
                found.last = hit[0] - 1
                _apply(found, effect)
                return


def _apply(found: _Found, effect: str) -> None:
    found.qualified = True
    if effect == "approximate":
        found.approximate = True
    elif effect == "at_least":
        found.high = None
    elif effect == "at_most":
        found.high = found.low if not found.vague else found.high
        found.low = None


def quantities(doc: AnalyzedDoc) -> AnalyzedDoc:
    return doc.with_layer("quantities", extract_quantities(doc.text, doc.document.extraction_end))


def vague_words() -> frozenset[str]:
    """The vague plurals the stage knows (for other stages that want to spot them)."""
    return frozenset(number_words().vague)


STAGE = Stage("quantities", quantities, requires=("tokens",), provides=("quantities",),
              doc="counts and amounts with their asserted interval and kind (count, money, year, ...)")
