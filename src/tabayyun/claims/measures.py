"""What a count counts: the measure, unit and subject of one number, read from the words
around it in its clause (data: ``measures.json``, ``units.json``, ``subjects.json``).

The nearest trigger on either side of the number decides (قتل 40، 40 قتيلا، 173 مدنيا قتلوا);
a counted noun that names the measure itself (23 غارة) decides first; a total (عدد القتلى
بلغ…) reaches further back; a coordinated number (…، و3 ناقلات، و3 عمال) takes its neighbour's
measure, even past a trigger that governs a new group (وإصابة آخرين); category nouns
(5 آلاف سجين) decide only when nothing else does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.sources.words import LabelledPhrases, PhraseSet, Word, key_set, match_phrase, phrase_keys

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
# "توقيف المفرزة المسؤولة عن أمن المنطقة المكونة من 11 عنصرا": the group's own words stand between
COMPOSITION_REACH = 8
# "اثنين من رجال الأمن المصابين في حادثة … انتقلا إلى رحمة الله": a participle describing the counted
# people is not their predicate; the verb may come after a long prepositional phrase
PREDICATE_REACH = 14
# a clause of its own starts here: a verb after it predicates something else
_CLAUSE_BREAKS = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "حيث", "بعد", "قبل",
                            "عندما", "حين", "فيما", "بينما", "كما", "لكن", "ولكن", "اذ", "إذ"})
# "إضافة إلى ثلاثة": an explicit addition to the count before, however long that count's clause
_ADDING = frozenset({"اضافه", "بالاضافه", "فضلا"})
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
    asides: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    phrases: LabelledPhrases = field(default_factory=lambda: LabelledPhrases(()))
    others: frozenset[str] = frozenset()
    composition: frozenset[str] = frozenset()
    capacity: frozenset[str] = frozenset()
    subject_compounds: LabelledPhrases = field(default_factory=lambda: LabelledPhrases(()))


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
        phrases=_phrase_table(data.get("trigger_phrases", {})),
        others=key_set(data.get("others", ())),
        composition=key_set(data.get("composition", ())),
        capacity=key_set(data.get("capacity_words", ())),
        subject_compounds=_phrase_table(data.get("subject_compounds", {})),
    )


def _phrase_table(table: dict[str, list[str]]) -> LabelledPhrases:
    """(phrase keys, label) pairs, longest phrase first."""
    pairs = {(keys, label) for label, entries in table.items() if not label.startswith("_")
             for keys in phrase_keys(entries)}
    return LabelledPhrases(sorted(pairs, key=lambda p: (-len(p[0]), p)))


def _phrase_at(words: Sequence[Word], k: int, table: LabelledPhrases) -> str | None:
    return table.label_at(words, k)


def _trigger(words: Sequence[Word], k: int) -> str | None:
    """The measure a trigger word, or a trigger phrase starting at it, names."""
    lex = measure_lexicon()
    return _phrase_at(words, k, lex.phrases) or _lookup(words[k], lex.triggers)


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
    if any(w.has(lex.capacity) for w in words[max(0, first - 3):first]):
        return True  # يتسع لقرابة 1000 عسكري: room for them, not them
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
        if measure and noun > 0 and words[noun - 1].key == "من" and words[noun].key.startswith("ال"):
            # 4 من المصابين فارقوا الحياة: a part of a group named by what happened before; its verb says what happened now
            verb = _predicate(words, noun + 1, blocked)
            if verb is not None:
                measure, trigger = verb[2], verb[3]
    if measure is None:
        left = _window(words, first - 1, -1, _left_size(words, first), blocked)
        right_start = (noun + 1) if noun is not None else last + 1
        right = _window(words, right_start, 1, RIGHT_WINDOW, blocked)
        best: tuple[int, int, str, int] | None = None  # (distance, side, measure, index)
        for k, dist in left:
            m = _trigger(words, k)
            if m and _negated(words, k):
                continue
            if m and (best is None or (dist, 0) < best[:2]):
                best = (dist, 0, m, k)
                break
        descriptors: list[tuple[int, int, str, int]] = []
        for k, dist in right:
            m = _trigger(words, k)
            if not m or _negated(words, k):
                continue
            if _owns_object(words, k, blocked):
                break  # …، وإصابة تسعة / وإصابة آخرين: the trigger belongs to the next group
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
            best = _predicate(words, descriptors[0][3] + 1, blocked) or descriptors[0]
        if best is not None:
            measure, trigger = best[2], best[3]
    if measure is None:
        tally = _tally(words, first)
        if tally is not None:
            measure, trigger = tally
    leads = words[max(0, first - 3):first]
    partitive = any(lead.has(_PARTITIVE) or lead.has(_ADDING) for lead in leads)
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
    if measure == "escaped" and unit == "families":
        measure = "displaced"  # 5 آلاف أسرة فرت: families fleeing are displaced, prisoners escape alone
    if unit == "vehicles" and measure not in ("destroyed", "vehicles"):
        measure = "vehicles"  # حافلات نقل: the buses are counted, not people moved
    if unit == "facilities" and measure not in ("destroyed", "shelters"):
        return None  # المراكز الستة: a count of places, not of what happened to people
    return Reading(measure, unit, trigger, subject_of(words, noun))


def _left_size(words: Sequence[Word], first: int) -> int:
    """How far left a trigger may stand: further when the number counts the members of a group
    named before it (المفرزة المكونة من 11 عنصرا، خلية قوامها 5 أشخاص)."""
    lex = measure_lexicon()
    if first >= 1 and words[first - 1].has(lex.composition):
        return LEFT_WINDOW + COMPOSITION_REACH
    if first >= 2 and words[first - 1].key == "من" and words[first - 2].has(lex.composition):
        return LEFT_WINDOW + COMPOSITION_REACH
    return LEFT_WINDOW


def _owns_object(words: Sequence[Word], k: int, blocked: set[int], parts: bool = False) -> bool:
    """A trigger followed by its own number or by آخرين opens a new group (وإصابة تسعة، وإصابة آخرين).
    With ``parts``, a number that is a part of the one before (تم تجميع 80 منها) does not: what
    happened to the part is said of the whole."""
    for j in (k + 1, k + 2):
        if j in blocked:
            return not (parts and any(w.has(_PARTITIVE) for w in words[j + 1:j + 3]))
    return k + 1 < len(words) and words[k + 1].has(measure_lexicon().others)


def _predicate(words: Sequence[Word], start: int, blocked: set[int]) -> tuple[int, int, str, int] | None:
    """The verb predicating a number whose counted noun carries a describing participle, past a
    long prepositional phrase (اثنين من رجال الأمن المصابين في حادثة … انتقلا إلى رحمة الله)."""
    for j in range(start, min(len(words), start + PREDICATE_REACH)):
        w = words[j]
        if w.is_clause_punct or j in blocked or w.has(_CLAUSE_BREAKS):
            return None
        if w.key.startswith(("ال", "وال", "ب", "وب")) or (j > 0 and words[j - 1].key == "من"):
            continue  # a definite word describes; بجروح، بإصابتهما say how, not what happened
        m = _trigger(words, j)
        if m and not _negated(words, j) and not _owns_object(words, j, blocked):
            return (j - start, 1, m, j)
    return None


def _negated(words: Sequence[Word], k: int) -> bool:
    """وعدم استسلام الآلاف: a denied event is no claim of it."""
    return any(w.has(_NEGATIONS) for w in words[max(0, k - 2):k])


def _across_comma(words: Sequence[Word], start: int, blocked: set[int]) -> tuple[int, int, str, int] | None:
    k = start
    while k < len(words) and not words[k].is_clause_punct and k not in blocked and k - start < RIGHT_WINDOW + 2:
        k += 1
    if k >= len(words) or words[k].key not in (",", "،"):
        return None
    k = _skip_aside(words, k, blocked)
    for j in range(k + 1, min(len(words), k + 1 + COMMA_REACH)):
        if words[j].is_clause_punct or j in blocked:
            return None
        m = _trigger(words, j)
        if m and not words[j].key.startswith("ال") and not _negated(words, j):
            return None if _owns_object(words, j, blocked, parts=True) else (j - start, 1, m, j)
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
                counted = _lookup(words[j], lex.counted)
                if counted is None and _lookup(words[j], lex.units) is not None:
                    continue  # عدد الأسر التي نزحت: الأسر (families) is what is counted, not أسر (capture)
                m = _trigger(words, j) or counted
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
    label = _phrase_at(words, noun, lex.subject_compounds) or _lookup(words[noun], lex.subjects)
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
