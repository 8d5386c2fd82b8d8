"""Reading one number at a token position: digit groups, number words, scale words.

Handles Western and Eastern digits with thousands separators (1,050 / ١٬٠٥٠ / 1.050),
decimals (2.5), compound number words in every gender and case (ثلاثة وعشرين, مئة
وخمسين, أحد عشر, ثلاثمئة), scale words after digits or words (4 آلاف, عشرة آلاف, 3
ملايين, مئة ألف) and definite forms (المئة, العشرين, الستة).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.numbers.view import VTok, norm, norm_all, stems

_CLOSE_QUOTES = frozenset('»”"\')')


@dataclass(frozen=True, slots=True)
class NumberWords:
    units: dict[str, int]
    teen_units: dict[str, int]
    teen_tens: frozenset[str]
    tens: dict[str, int]
    hundreds: dict[str, int]
    hundred_word: frozenset[str]
    scale_singular: dict[str, int]
    scale_dual: dict[str, int]
    scale_plural: dict[str, int]
    vague: dict[str, tuple[int, int]]
    not_definite: frozenset[str]
    not_numbers: frozenset[str]
    ordinals: dict[str, int]
    fractions: dict[str, float] = field(default_factory=dict)

    def cardinal(self, word: str) -> tuple[str, int] | None:
        """(class, value) of one number word in its bare form."""
        for cls, table in (("unit", self.units), ("ten", self.tens), ("hundred", self.hundreds),
                           ("dual", self.scale_dual), ("scale", self.scale_singular),
                           ("plural", self.scale_plural)):
            if word in table:
                return cls, table[word]
        return None


@lru_cache(maxsize=1)
def number_words() -> NumberWords:
    data = load_json("lexicon", "number_words.json")

    def table(section: dict[str, list[str]]) -> dict[str, int]:
        return {norm(w): int(v) for v, words in section.items() for w in words}

    scales = data["scales"]
    return NumberWords(
        units=table(data["units"]),
        teen_units=table(data["teen_units"]),
        teen_tens=norm_all(data["teen_tens"]),
        tens=table(data["tens"]),
        hundreds=table(data["hundreds"]),
        hundred_word=norm_all(data["hundreds"]["100"]),
        scale_singular={norm(w): int(v) for v, forms in scales.items() for w in forms["singular"]},
        scale_dual={norm(w): 2 * int(v) for v, forms in scales.items() for w in forms["dual"]},
        scale_plural={norm(w): int(v) for v, forms in scales.items() for w in forms["plural"]},
        vague={norm(w): (lo, hi) for w, (lo, hi) in data["vague"].items()},
        not_definite=norm_all(data["not_definite"]),
        not_numbers=norm_all(data["not_numbers"]),
        ordinals=table(data["ordinals"]),
        fractions={norm(w): float(v) for w, v in data.get("fractions", {}).items()},
    )


@dataclass(frozen=True, slots=True)
class NumberRead:
    """A number found at token ``first``; ``end`` is the index after its last token."""

    value: float
    first: int
    end: int
    skip: int  # clitic characters before the number on its first token
    words: bool  # written in words
    digits: str = ""  # the digit group as written (for year/phone checks)


def parse_digits(group: str, before_scale: bool = False) -> float | None:
    """Value of a view digit group. A comma groups thousands, except before a scale word with
    one or two digits after it (1,3 مليون: the comma is the Arabic decimal mark); a dot followed
    by exactly three digits groups thousands too (1.050), unless a scale word follows (1.500
    مليون reads as a decimal in Arabic print)."""
    if "," in group:
        head, *rest = group.split(",")
        if before_scale and len(rest) == 1 and 1 <= len(rest[0]) <= 2 and head.isdigit() and rest[0].isdigit():
            return float(f"{head}.{rest[0]}")
        if all(len(r) == 3 for r in rest) and len(head) <= 3:
            return float(head + "".join(rest))
        return None
    if "." in group:
        parts = group.split(".")
        if len(parts) > 2 or (len(parts[1]) == 3 and not before_scale):
            if all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3:
                return float("".join(parts))
            return None
        return float(group)
    return float(group)


_AND_HALF = frozenset({"ونصف"})


def _scale_after(tokens: tuple[VTok, ...], j: int) -> tuple[int, int] | None:
    """A scale word at ``j`` (possibly after a closing quote: «3» آلاف): (multiplier, index after)."""
    nw = number_words()
    k = j
    if k < len(tokens) and tokens[k].text in _CLOSE_QUOTES:
        k += 1
    if k < len(tokens):
        word = tokens[k].text
        mult = nw.scale_plural.get(word) or nw.scale_singular.get(word)
        if mult:
            return mult, k + 1
    return None


def read_digits(tokens: tuple[VTok, ...], i: int) -> NumberRead | None:
    tok = tokens[i]
    scale = _scale_after(tokens, i + 1)
    value = parse_digits(tok.text, before_scale=scale is not None)
    if value is None:
        return None
    if scale:
        whole = NumberRead(value * scale[0], i, scale[1], 0, False, tok.text)
        return _and_remainder(tokens, whole, scale[0])
    return NumberRead(value, i, i + 1, 0, False, tok.text)


def _and_remainder(tokens: tuple[VTok, ...], whole: NumberRead, mult: int) -> NumberRead:
    """``240 ألفا و381``، ``3 ملايين و200 ألف``: digits after a scale and و, worth less than the
    scale, complete the number (240,381), as the words of ``ألفا وثلاثمئة`` do."""
    j = whole.end
    if j + 1 >= len(tokens) or tokens[j].text != "و" or tokens[j + 1].kind != "num":
        return whole
    rest = read_digits(tokens, j + 1)
    if rest is None or not 0 < rest.value < mult or rest.value != int(rest.value):
        return whole
    return NumberRead(whole.value + rest.value, whole.first, rest.end, 0, False, whole.digits)


def _first_word(word: str) -> tuple[int, str, str, int] | None:
    """The first word of a number: (clitic length, bare stem, class, value)."""
    nw = number_words()
    if word in nw.not_numbers:
        return None
    for skip, stem in stems(word):
        for bare, definite in _readings(stem):
            if definite and bare in nw.not_definite:
                continue
            if bare in nw.teen_units:
                return skip, bare, "teen", nw.teen_units[bare]
            hit = nw.cardinal(bare)
            if hit and not (definite and hit[0] in ("plural", "dual", "scale")):
                return skip, bare, hit[0], hit[1]
    return None


def first_number_word(word: str) -> tuple[int, str, str, int] | None:
    """``_first_word``: whether (and how) a number written in words can begin with this word."""
    return _first_word(word)


def _readings(stem: str) -> tuple[tuple[str, bool], ...]:
    """The stem as written, then without the article: آلاف is written الاف in the view,
    so the article cannot be stripped blindly."""
    if stem.startswith("ال") and len(stem) > 4:
        return (stem, False), (stem[2:], True)
    return ((stem, False),)


def read_words(tokens: tuple[VTok, ...], i: int) -> NumberRead | None:
    """A compound number in words starting at token ``i``."""
    nw = number_words()
    first = _first_word(tokens[i].text)
    if first is None:
        return _fraction_of_scale(tokens, i)
    skip, _, cls, value = first
    if cls == "plural":
        return None  # آلاف alone is vague, not a number
    total, current = 0.0, 0.0
    last_unit = 0
    scale = 0.0
    if cls in ("scale", "dual"):
        total = float(value)
        scale = float(value) if cls == "scale" else value / 2
    elif cls == "teen":
        if i + 1 < len(tokens) and tokens[i + 1].text in nw.teen_tens:
            current, i_end = float(10 + value), i + 2
            return _continue(tokens, i, i_end, skip, total, current, 0)
        return None
    else:
        current = float(value)
        last_unit = value if cls == "unit" else 0
    return _continue(tokens, i, i + 1, skip, total, current, last_unit, scale)


@lru_cache(maxsize=1)
def _number_starts() -> frozenset[str]:
    nw = number_words()
    return frozenset().union(nw.vague, nw.teen_units, nw.units, nw.tens, nw.hundreds, nw.scale_dual,
                             nw.scale_singular, nw.scale_plural, nw.fractions)


def may_begin_number(word: str) -> bool:
    """Whether one of the word's readings (clitics set aside, then the article) is a word a vague
    amount, a number in words or a fraction begins with: a necessary condition of ``read_vague``,
    ``first_number_word`` and ``may_be_fraction``, tested in a few set lookups. Most words fail it,
    and are not read the long way."""
    starts = _number_starts()
    return any(stem in starts or (stem.startswith("ال") and len(stem) > 4 and stem[2:] in starts)
               for _, stem in stems(word))


def may_be_fraction(word: str) -> bool:
    """Whether ``_fraction_of_scale`` can read this word (ربع، نصف) given a scale word after it."""
    fractions = number_words().fractions
    return any(stem in fractions for _, stem in stems(word))


def _fraction_of_scale(tokens: tuple[VTok, ...], i: int) -> NumberRead | None:
    """ربع مليون، نصف مليار: a fraction of the singular scale word after it."""
    nw = number_words()
    if i + 1 >= len(tokens):
        return None
    scale = nw.scale_singular.get(tokens[i + 1].text)
    if not scale:
        return None
    for skip, stem in stems(tokens[i].text):
        if stem in nw.fractions:
            return NumberRead(nw.fractions[stem] * scale, i, i + 2, skip, True)
    return None


def _continue(tokens: tuple[VTok, ...], first: int, j: int, skip: int, total: float, current: float,
              last_unit: int, scale: float = 0.0) -> NumberRead:
    """Extend a number word by words that complete it: عشر after a unit, مئة after a unit,
    a scale word, و + another number word, or ونصف after a scale (مليون ونصف [مليون]: 1.5 million)."""
    nw = number_words()
    n = len(tokens)
    while j < n:
        word = tokens[j].text
        if scale and not current and word in _AND_HALF:
            total, j = total + scale / 2, j + 1
            if j < n and (nw.scale_singular.get(tokens[j].text) == scale):
                j += 1  # مليون ونصف مليون
            break
        if last_unit and word in nw.teen_tens and current == last_unit and last_unit < 10:
            current, last_unit, j = current + 10, 0, j + 1
            continue
        if last_unit and word in nw.hundred_word and 3 <= last_unit <= 9 and current == last_unit:
            current, last_unit, j = float(last_unit * 100), 0, j + 1
            continue
        mult = nw.scale_plural.get(word) if 3 <= current <= 10 else None
        mult = mult or (nw.scale_singular.get(word) if current >= 1 else None)
        if mult and current:
            total, current, last_unit, j = total + current * mult, 0.0, 0, j + 1
            scale = float(mult)
            continue
        if word.startswith("و") and len(word) > 2:
            rest = word[1:]
            if rest.startswith("ال") and rest[2:] in nw.tens:
                rest = rest[2:]
            hit = nw.cardinal(rest)
            if hit and hit[0] != "plural":
                cls, value = hit
                if cls in ("scale", "dual"):
                    total, current = total + current + value, 0.0
                else:
                    current += value
                last_unit = value if cls == "unit" else 0
                j += 1
                continue
        break
    return NumberRead(total + current, first, j, skip, True)


def read_number(tokens: tuple[VTok, ...], i: int) -> NumberRead | None:
    tok = tokens[i]
    if tok.kind == "num":
        return read_digits(tokens, i)
    if tok.kind == "word":
        return read_words(tokens, i)
    return None


def read_vague(tokens: tuple[VTok, ...], i: int) -> tuple[float, float, int, int] | None:
    """عشرات / مئات / آلاف (any clitic or article), times a following plural scale
    (عشرات الآلاف): (low, high, index after, clitic length)."""
    nw = number_words()
    if tokens[i].text in nw.not_numbers:
        return None  # كميات: a quantity, not ك + ميات (a spelling of مئات)
    for skip, stem in stems(tokens[i].text):
        for bare, _ in _readings(stem):
            if bare not in nw.vague:
                continue
            low, high = nw.vague[bare]
            end = i + 1
            if end < len(tokens):
                mult = next((nw.scale_plural[b] for b, _ in _readings(tokens[end].text) if b in nw.scale_plural), 0)
                if mult:
                    low, high, end = low * mult, high * mult, end + 1
            return float(low), float(high), end, skip
    return None


def read_ordinal(word: str) -> int | None:
    """Value of a definite ordinal (الرابع, الثالثة): plain ordinals such as أول are too
    common as adjectives to type."""
    if not word.startswith("ال"):
        return None
    value = number_words().ordinals.get(word)
    return value if value and value >= 2 else None
