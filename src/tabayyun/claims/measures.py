"""What a count counts: the measure, unit and subject of one number, read from the words
around it in its clause (data: ``measures.json``, ``units.json``, ``subjects.json``).

The nearest trigger on either side of the number decides (قتل 40، 40 قتيلا، 173 مدنيا قتلوا);
a counted noun that names the measure itself (23 غارة) decides first; a total (عدد القتلى
بلغ…) reaches further back; a coordinated number (…، و3 ناقلات) takes its neighbour's
measure; category nouns (5 آلاف سجين) decide only when nothing else does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.sources.words import Word, key_set, match_phrase, phrase_keys

LEFT_WINDOW = 6
RIGHT_WINDOW = 6
TALLY_REACH = 32
TALLY_TRIGGER_GAP = 4
INHERIT_REACH = 12
# "بينهم عشرات القياديين" counts a part of the number before it, however far the parentheses push it
PARTITIVE_REACH = 30
_PARTITIVE = frozenset({"بينهم", "بينها", "منهم", "منها", "ضمنهم", "ضمنها"})
_COORDINATORS = ("و", "او", "أو")
_NEGATIONS = frozenset({"عدم", "لم", "لا", "دون", "بدون", "ولم", "ولا", "غير", "نفي", "نفت", "ينفي"})
# after a comma, only a finite verb (no article) may still predicate the number: نحو ألف من عناصره، سلموا أنفسهم
COMMA_REACH = 3
ASIDE_REACH = 8  # words of an aside between commas (وفي مقدمتهم قياديون خطرون) skipped to reach the verb
_ADDITIVE = ("اضافه", "بالاضافه", "فضلا", "بعدد", "منها", "منهم", "بينهم", "بينها", "الاخري", "الاخرى", "اخرين")


@dataclass(frozen=True, slots=True)
class MeasureLexicon:
    triggers: dict[str, str]
    counted: dict[str, str]
    fallback: dict[str, str]
    tally: frozenset[str]
    not_counted: frozenset[str]
    age_words: frozenset[str]
    units: dict[str, str]
    subjects: dict[str, str]
    asides: tuple[tuple[str, ...], ...] = ()


def _invert(table: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for label, entries in table.items():
        if label.startswith("_"):
            continue
        for key in key_set(entries):
            out.setdefault(key, label)
    return out


@lru_cache(maxsize=1)
def measure_lexicon() -> MeasureLexicon:
    data = load_json("lexicon", "measures.json")
    return MeasureLexicon(
        triggers=_invert(data["triggers"]),
        counted=_invert(data["counted"]),
        fallback=_invert(data["fallback"]),
        tally=key_set(data["tally_nouns"]),
        not_counted=key_set(data["not_counted"]),
        age_words=key_set(data["age_words"]),
        units=_invert(load_json("lexicon", "units.json")),
        subjects=_invert(load_json("lexicon", "subjects.json")),
        asides=phrase_keys(data.get("asides", ())),
    )


def _lookup(w: Word, table: dict[str, str]) -> str | None:
    for f in w.forms:
        if f in table:
            return table[f]
    return None


@dataclass(frozen=True, slots=True)
class Reading:
    """The measure of one number and the word that gave it (``trigger`` None when inherited)."""

    measure: str
    unit: str
    trigger: int | None
    subject: str | None


def counted_noun(words: Sequence[Word], last: int) -> int | None:
    """Index of the counted noun after the number's last word (ستة من موظفي -> موظفي)."""
    k = last + 1
    if k < len(words) and words[k].key == "من" and k + 1 < len(words):
        k += 1
    while k < len(words) and words[k].is_quote:
        k += 1
    if k < len(words) and not words[k].is_punct and not words[k].is_number:
        return k
    return None


def is_excluded(words: Sequence[Word], first: int, noun: int | None) -> bool:
    """Ages, distances, durations and counts of places are not claims."""
    lex = measure_lexicon()
    if noun is not None and words[noun].has(lex.not_counted):
        return True
    return any(w.has(lex.age_words) for w in words[max(0, first - 2):first])


def _window(words: Sequence[Word], start: int, step: int, size: int, blocked: set[int]) -> list[tuple[int, int]]:
    """(index, distance) of the words on one side of a number, up to the clause's edge."""
    out: list[tuple[int, int]] = []
    k, dist = start, 0
    while 0 <= k < len(words) and dist < size:
        w = words[k]
        if w.is_clause_punct or k in blocked:
            break
        if not w.is_punct:
            dist += 1
            out.append((k, dist))
        k += step
    return out


def read_measure(words: Sequence[Word], first: int, last: int, noun: int | None, blocked: set[int],
                 previous: Reading | None, previous_end: int | None) -> Reading | None:
    """The measure of the number at words[first..last]; ``blocked`` are other numbers' words."""
    lex = measure_lexicon()
    measure: str | None = None
    trigger: int | None = None
    if noun is not None:
        measure = _lookup(words[noun], lex.counted)
        trigger = noun if measure else None
    if measure is None:
        left = _window(words, first - 1, -1, LEFT_WINDOW, blocked)
        right_start = (noun + 1) if noun is not None else last + 1
        right = _window(words, right_start, 1, RIGHT_WINDOW, blocked)
        best: tuple[int, int, str, int] | None = None  # (distance, side, measure, index)
        for k, dist in left:
            m = _lookup(words[k], lex.triggers)
            if m and _negated(words, k):
                continue
            if m and (best is None or (dist, 0) < best[:2]):
                best = (dist, 0, m, k)
                break
        descriptors: list[tuple[int, int, str, int]] = []
        for k, dist in right:
            m = _lookup(words[k], lex.triggers)
            if not m or _negated(words, k):
                continue
            if any(j in blocked for j in (k + 1, k + 2)):
                break  # …، وإصابة تسعة: the trigger belongs to the next number
            # a definite participle right after the counted noun describes it (130 عنصرا من الفارين)
            if words[k].key.startswith("ال") or (k > 0 and words[k - 1].key == "من"):
                descriptors.append((dist, 1, m, k))
                continue
            if best is None or (dist, 1) < best[:2]:
                best = (dist, 1, m, k)
            break
        if best is None and not descriptors:
            best = _across_comma(words, right_start, blocked)
        if best is None and descriptors:
            best = descriptors[0]
        if best is not None:
            measure, trigger = best[2], best[3]
    if measure is None:
        tally = _tally(words, first)
        if tally is not None:
            measure, trigger = tally
    leads = words[max(0, first - 3):first]
    partitive = any(lead.has(_PARTITIVE) for lead in leads)
    reach = PARTITIVE_REACH if partitive else INHERIT_REACH
    if measure is None and previous is not None and previous_end is not None and 0 < first - previous_end <= reach:
        glued = words[first].key.startswith(_COORDINATORS) or any(
            lead.key in _COORDINATORS or lead.has(frozenset(_ADDITIVE)) or lead.key in ("الي", "،", ",") for lead in leads)
        after = words[noun] if noun is not None else None
        if glued or (after is not None and after.has(frozenset(_ADDITIVE))):
            measure = previous.measure
    if measure is None and noun is not None:
        measure = _lookup(words[noun], lex.fallback)
        trigger = noun if measure else None
    if measure is None:
        return None
    unit = unit_of(words, noun, measure)
    if measure == "destroyed" and unit == "persons":
        measure = "killed"  # أحرقت ثلاثة شبان: burning people kills them
    if unit == "vehicles" and measure not in ("destroyed", "vehicles"):
        measure = "vehicles"  # حافلات نقل: the buses are counted, not people moved
    if unit == "facilities" and measure not in ("destroyed", "shelters"):
        return None  # المراكز الستة: a count of places, not of what happened to people
    return Reading(measure, unit, trigger, subject_of(words, noun))


def _negated(words: Sequence[Word], k: int) -> bool:
    """وعدم استسلام الآلاف: a denied event is no claim of it."""
    return any(w.has(_NEGATIONS) for w in words[max(0, k - 2):k])


def _across_comma(words: Sequence[Word], start: int, blocked: set[int]) -> tuple[int, int, str, int] | None:
    lex = measure_lexicon()
    k = start
    while k < len(words) and not words[k].is_clause_punct and k not in blocked and k - start < RIGHT_WINDOW + 2:
        k += 1
    if k >= len(words) or words[k].key not in (",", "،"):
        return None
    k = _skip_aside(words, k, blocked)
    for j in range(k + 1, min(len(words), k + 1 + COMMA_REACH)):
        if words[j].is_clause_punct or j in blocked:
            return None
        m = _lookup(words[j], lex.triggers)
        if m and not words[j].key.startswith("ال") and not _negated(words, j):
            return (j - start, 1, m, j)
    return None


def _skip_aside(words: Sequence[Word], comma: int, blocked: set[int]) -> int:
    """The comma closing an aside that opens at ``comma`` (العشرات من السجناء، وفي مقدمتهم قادة،
    فروا): the verb after it still predicates the number. ``comma`` itself when no aside opens."""
    if not match_phrase(words, comma + 1, measure_lexicon().asides):
        return comma
    for j in range(comma + 2, min(len(words), comma + 2 + ASIDE_REACH)):
        if j in blocked or (words[j].is_clause_punct and words[j].key not in (",", "،")):
            return comma
        if words[j].key in (",", "،"):
            return j
    return comma


def _tally(words: Sequence[Word], first: int) -> tuple[str, int] | None:
    """``عدد الأسر التي نزحت … بلغت نحو 1050``: a total named earlier in the sentence."""
    lex = measure_lexicon()
    for k in range(first - 1, max(-1, first - TALLY_REACH), -1):
        if words[k].key in (".", "؛", ";"):
            break
        if words[k].has(lex.tally):
            for j in range(k + 1, min(first, k + 1 + TALLY_TRIGGER_GAP)):
                m = _lookup(words[j], lex.triggers) or _lookup(words[j], lex.counted)
                if m:
                    return m, j
    return None


def unit_of(words: Sequence[Word], noun: int | None, measure: str) -> str:
    lex = measure_lexicon()
    if measure == "strikes":
        return "strikes"
    if measure == "vehicles":
        return "vehicles"
    if noun is not None:
        unit = _lookup(words[noun], lex.units)
        if unit is not None and unit != "strikes":
            return unit
    return "persons"


def subject_of(words: Sequence[Word], noun: int | None) -> str | None:
    """Whose people: the label of the counted noun, or of the group after it (عناصر من داعش)."""
    lex = measure_lexicon()
    if noun is None:
        return None
    label = _lookup(words[noun], lex.subjects)
    group = None
    k = noun + 1
    if k < len(words) and words[k].key == "من" and k + 1 < len(words):
        j = k + 1
        while j < len(words) and (words[j].is_quote or words[j].key in ("تنظيم", "ميليشيا", "قوات")):
            j += 1
        if j < len(words) and not words[j].is_punct:
            group = words[j].text.strip("\"«»“”")
    if label and group:
        return f"{label} ({group})"
    return label or group
