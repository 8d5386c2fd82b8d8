"""What a count counts: the measure, unit and subject of one number, read from the words
around it in its clause (the word lists and word-level tests: ``claims.vocabulary``).

The nearest trigger on either side of the number decides (قتل 40، 40 قتيلا، 173 مدنيا قتلوا);
a counted noun that names the measure itself (23 غارة) decides first; a total (عدد القتلى
بلغ…) reaches further back; a coordinated number (…، و3 ناقلات، و3 عمال) takes its neighbour's
measure, even past a trigger that governs a new group (وإصابة آخرين); category nouns
(5 آلاف سجين) decide only when nothing else does.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from tabayyun.claims.singular import person_noun
from tabayyun.claims.vocabulary import (
    OTHER_EVENT,
    MeasureLexicon,
    dual_lookup,
    illness_after,
    lookup,
    measure_lexicon,
    subject_of,
    trigger_of,
    unit_of,
)
from tabayyun.sources.words import Word, match_phrase

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
TIME_ASIDE_WORDS = 5  # a time aside between commas before a number (، منذ أمس الجمعة،)
PARTITIVE_SKIP = 8  # words of a part named after the counted noun (بينهم 37 أجنبيا) skipped to reach the verb
ASIDE_REACH = 8  # words of an aside between commas (وفي مقدمتهم قياديون خطرون) skipped to reach the verb
# "توقيف المفرزة المسؤولة عن أمن المنطقة المكونة من 11 عنصرا": the group's own words stand between
COMPOSITION_REACH = 8
# "اثنين من رجال الأمن المصابين في حادثة … انتقلا إلى رحمة الله": a participle describing the counted
# people is not their predicate; the verb may come after a long prepositional phrase
PREDICATE_REACH = 14
# a relative clause: what a trigger before it says is of the noun the clause describes
_RELATIVE_PRONOUNS = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي", "اللاتي"})
# a clause of its own starts here: a verb after it predicates something else
_CLAUSE_BREAKS = _RELATIVE_PRONOUNS | frozenset({"حيث", "بعد", "قبل", "عندما", "حين", "فيما", "بينما", "كما", "لكن",
                                                 "ولكن", "اذ", "إذ"})
# "إضافة إلى ثلاثة": an explicit addition to the count before, however long that count's clause
_ADDING = frozenset({"اضافه", "بالاضافه", "فضلا"})
_ADDITIVE = ("اضافه", "بالاضافه", "فضلا", "بعدد", "منها", "منهم", "بينهم", "بينها", "الاخري", "الاخرى", "اخرين")


@dataclass(frozen=True, slots=True)
class Reading:
    """The measure of one number and the word that gave it (``trigger`` None when inherited)."""

    measure: str
    unit: str
    trigger: int | None
    subject: str | None
    fallback: bool = False  # only a category noun said what is counted (5 آلاف سجين)


DIAGNOSIS_REACH = 6  # words after a number searched for a diagnosis word
_BRACKETS = frozenset("()[]")
TRAP_REACH = 3  # words after a number held (احتجاز) searched for a place that traps people (بداخل بئر)


def _diagnosed(words: Sequence[Word], k: int) -> bool:
    """A diagnosis word right before the injury trigger (جرى تشخيص إصابة سبعة): an illness found."""
    diagnosis = measure_lexicon().diagnosis
    return any(w.has(diagnosis) for w in words[max(0, k - 2):k])



def _disease_between(words: Sequence[Word], trigger: int | None, first: int) -> bool:
    """A disease named between an injury verb and its number (وتصيب الملاريا نحو 200 مليون): the
    disease is what strikes them."""
    if trigger is None or trigger >= first:
        return False
    diseases = measure_lexicon().diseases
    return any(w.has(diseases) for w in words[trigger + 1:first])


def _diagnosed_after(words: Sequence[Word], last: int) -> bool:
    """A diagnosis word in the few words after the number, its clause unbroken (ثلاث حالات مصابة تم
    تشخيصها بمرض الجرب)."""
    diagnosis = measure_lexicon().diagnosis
    for w in words[last + 1:last + 1 + DIAGNOSIS_REACH]:
        if w.is_quote or w.text in _BRACKETS:
            continue  # "(ثلاث) حالات": a number set in brackets
        if w.is_clause_punct:
            return False
        if w.has(diagnosis):
            return True
    return False


def _window(words: Sequence[Word], start: int, step: int, size: int, blocked: set[int]) -> list[tuple[int, int]]:
    """(index, distance) of the words on one side of a number, up to the clause's edge. Before
    the number, time words take no room (اعتقلت منذ الجمعة في جميع أنحاء البلاد 590 شخصا)."""
    out: list[tuple[int, int]] = []
    time_words = measure_lexicon().time_aside - {"من"}
    k, dist = start, 0
    while 0 <= k < len(words) and dist < size:
        w = words[k]
        if w.is_clause_punct or k in blocked or (step > 0 and w.has(OTHER_EVENT)) \
                or (step < 0 and w.key in _RELATIVE_PRONOUNS):
            break  # القبض على الشبان الذين تحرشوا بفتاتين: the arrest is of the young men, not of the two girls
        if not w.is_punct and not (step < 0 and w.has(time_words)):
            dist += 1
            out.append((k, dist))
        k += step
    return out


def read_measure(words: Sequence[Word], first: int, last: int, noun: int | None, blocked: set[int],
                 previous: Reading | None, previous_end: int | None,
                 named: AbstractSet[int] = frozenset()) -> Reading | None:
    """The measure of the number at words[first..last]; ``blocked`` are other numbers' words;
    ``named``, the words of names of places and bodies, which say no fate ("مئات المتظاهرين إلى
    ساحة التحرير" frees nobody; جبهة التحرير، هيئة الإغاثة)."""
    lex = measure_lexicon()
    measure: str | None = None
    trigger: int | None = None
    if noun is not None:
        measure = lookup(words[noun], lex.counted) or dual_lookup(words[noun], lex.counted)  # قتيلين
        if measure is None and not words[noun].key.startswith(("ال", "ب")) and noun > last \
                and lookup(words[noun], lex.units) is None:
            measure = trigger_of(words, noun)  # 3 أصيبوا: no counted noun, the verb comes at once
        trigger = noun if measure else None
        if measure and noun > 0 and words[noun - 1].key == "من" and words[noun].key.startswith("ال"):
            # 4 من المصابين فارقوا الحياة: a part of a group named by what happened before; its verb says what happened now
            verb = _predicate(words, noun + 1, blocked) or _fate_before(words, first, blocked, named)
            if verb is not None:
                measure, trigger = verb[2], verb[3]
    if measure is None and noun is not None and noun == last and noun + 1 < len(words) \
            and words[noun].key.endswith(("تي", "تا")):
        measure = trigger_of(words, noun + 1)  # حالتي وفاة: a construct dual names what happened in its genitive
        trigger = noun + 1 if measure else None
    if measure is None:
        left = _window(words, _past_time_aside(words, first), -1, _left_size(words, first), blocked)
        right_start = (noun + 1) if noun is not None else last + 1
        right = _window(words, right_start, 1, RIGHT_WINDOW, blocked)
        # (distance, side, measure, index)
        best: tuple[int, int, str, int] | None = _left_trigger(left, words, named)
        if best is not None and best[3] > 0 and words[best[3] - 1].has(lex.act_heads):
            return None  # "عدد محاولات التسلل وصل إلى 1400": the attempts are counted, not people
        descriptors: list[tuple[int, int, str, int]] = []
        for k, dist in right:
            m = trigger_of(words, k) if k not in named else None
            if not m or _negated(words, k):
                continue
            if _in_act(words, k):
                continue  # "خمسة عسكريين في عملية احتجاز الرهائن": the act names the event, not their fate
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
            best = _across_comma(words, right_start, blocked) or _past_partitive(words, right_start, blocked)
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
    if measure == "injured" and (illness_after(words, max(last, trigger if trigger is not None else last))
                                 or _diagnosed(words, trigger if trigger is not None else first)
                                 or _disease_between(words, trigger, first)
                                 or _diagnosed_after(words, last)):
        # 30 حالة إصابة بالسرطان، تشخيص إصابة سبعة، وتصيب الملاريا 200 مليون شخص، ثلاث حالات مصابة تم
        # تشخيصها: cases of an illness, not the injured
        return None
    fallback = False
    if measure is None and noun is not None:
        measure = lookup(words[noun], lex.fallback)
        trigger = noun if measure else None
        fallback = measure is not None
    if measure is None:
        return None
    if noun is not None and measure != "strikes" and (
            lookup(words[noun], lex.units) or dual_lookup(words[noun], lex.units)) == "strikes":
        measure = "strikes"  # وسقط 5 صواريخ، أسقطت صاروخين: munitions counted, nobody killed by the verb
    unit = unit_of(words, noun, measure)
    if measure == "arrested" and trigger is not None and words[trigger].has(lex.seizures) and unit == "persons" \
            and (noun is None or (lookup(words[noun], lex.subjects) is None and lookup(words[noun], lex.counted) is None)):
        return None  # "ضبط كميات من الأسلحة": a seizure counts people only when its noun names them (ضبط 14 من العناصر)
    if measure == "destroyed" and unit == "persons":
        if noun is not None and not _names_people(words[noun], lex):
            return None  # تضرر أنشطتها جراء المنافسة مع ثلاث شركات: things of no unit, not people
        measure = "killed"  # أحرقت ثلاثة شبان: burning people kills them
    if measure == "arrested" and trigger is not None and words[trigger].has(lex.holding) \
            and any(w.has(lex.trap_places) for w in words[max(last, trigger) + 1:max(last, trigger) + 1 + TRAP_REACH]):
        return None  # احتجاز شخصين بداخل بئر: trapped in a well, not detained
    if measure == "attackers" and trigger is not None and words[trigger].has(lex.crossing) \
            and noun is not None and words[noun].has(lex.crossers):
        return None  # آلاف المهاجرين يحاولون التسلل عبر النفق: people crossing, not attacking
    if measure == "escaped" and unit == "families":
        measure = "displaced"  # 5 آلاف أسرة فرت: families fleeing are displaced, prisoners escape alone
    if unit == "vehicles" and measure not in ("destroyed", "vehicles"):
        measure = "vehicles"  # حافلات نقل: the buses are counted, not people moved
    if unit == "facilities" and measure not in ("destroyed", "shelters"):
        return None  # المراكز الستة: a count of places, not of what happened to people
    return Reading(measure, unit, trigger, subject_of(words, noun), fallback)


def _names_people(w: Word, lex: MeasureLexicon) -> bool:
    """A noun of people: a person noun (شبان، جنود), a counted noun or a side (عناصر، مدنيين)."""
    return person_noun(w) or lookup(w, lex.counted) is not None or lookup(w, lex.subjects) is not None \
        or dual_lookup(w, lex.counted) is not None


def _past_time_aside(words: Sequence[Word], first: int) -> int:
    """Where the words before a number start once a time aside between commas is set aside
    (أوقفت الشرطة، منذ أمس الجمعة، 320 شخصا): the verb before the aside governs the number."""
    k = first - 1
    if k < 1 or words[k].key not in (",", "،"):
        return first - 1
    time_words = measure_lexicon().time_aside
    j = k - 1
    while j >= 0 and k - j <= TIME_ASIDE_WORDS and (words[j].has(time_words) or words[j].is_number):
        j -= 1
    if j >= 0 and j < k - 1 and words[j].key in (",", "،"):
        return j - 1
    return first - 1


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
        if j == k + 2 and j < len(words) and trigger_of(words, k + 1) is not None:
            break  # قتلا وأصيب 31: the number is the object of the next trigger, not of this one
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
        m = trigger_of(words, j)
        if m and not _negated(words, j) and not _owns_object(words, j, blocked):
            return (j - start, 1, m, j)
    return None


CHARGE_REACH = 5  # a charge word this many words before a trigger makes it the charge (بتهم الشغب والتسبب في قتل)


def _negated(words: Sequence[Word], k: int) -> bool:
    """وعدم استسلام الآلاف: a denied event is no claim of it; nor is a charge (اتهامات بقتل صبي،
    يحاكم 16 بتهم الشغب والتسبب في قتل زملائهم: the 16 are defendants, nobody they killed)."""
    charges = measure_lexicon().charges
    return any(w.has(_NEGATIONS) for w in words[max(0, k - 2):k]) \
        or any(w.has(charges) for w in words[max(0, k - CHARGE_REACH):k])


def _fate_before(words: Sequence[Word], first: int, blocked: set[int],
                 named: AbstractSet[int]) -> tuple[int, int, str, int] | None:
    """The trigger right before a count of a named group (وقتل الخاطفون أربعة من الرهائن): the
    group says who they were, the verb what happened to them now."""
    return _left_trigger(_window(words, first - 1, -1, _left_size(words, first), blocked), words, named)


def _left_trigger(left: Sequence[tuple[int, int]], words: Sequence[Word],
                  named: AbstractSet[int]) -> tuple[int, int, str, int] | None:
    """The nearest trigger in a window before a number, not denied and not a word of a name; none
    past the accused ("القبض على المتهمين بالتحرش بفتاتين": the two are whom they are accused of
    harassing, not the arrested)."""
    accused = measure_lexicon().accused
    for k, dist in left:
        if words[k].has(accused) and k + 1 < len(words) and words[k + 1].key.startswith("ب"):
            return None  # the accused and what they are accused of (المتهمين بالتحرش)
        m = trigger_of(words, k) if k not in named else None
        if m and not _negated(words, k):
            return (dist, 0, m, k)
    return None


def _in_act(words: Sequence[Word], k: int) -> bool:
    """Whether word ``k`` is the act an act noun names or its object (عملية احتجاز الرهائن): a name
    of the event, not what happened to a number before it."""
    acts = measure_lexicon().act_heads
    return (k > 0 and words[k - 1].has(acts)) or (k > 1 and words[k - 2].has(acts) and not words[k - 1].is_punct)


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
        m = trigger_of(words, j)
        if m and _in_act(words, j):
            continue  # "خمسة عسكريين، في عملية احتجاز الرهائن": the act names the event, not their fate
        if m and words[j].key.startswith("و") and words[j].key not in measure_lexicon().triggers:
            return None  # 5 شبان وسيدتين، وأصيبت حارسة: a verb after و opens a clause of its own
        if m and not words[j].key.startswith("ال") and not _negated(words, j):
            return None if _owns_object(words, j, blocked, parts=True) else (j - start, 1, m, j)
    return None


def _past_partitive(words: Sequence[Word], start: int, blocked: set[int]) -> tuple[int, int, str, int] | None:
    """The verb after a part named right behind the counted noun (297 شخصا بينهم 37 أجنبيا
    اعتقلوا، عشرة مدنيين بينهم "عدد كبير من الأطفال" قتلوا): it is said of the whole too."""
    if start >= len(words) or not words[start].has(_PARTITIVE):
        return None
    for j in range(start + 1, min(len(words), start + 1 + PARTITIVE_SKIP)):
        w = words[j]
        if w.is_clause_punct or w.has(_CLAUSE_BREAKS):
            return None
        if j in blocked or w.is_quote or w.key.startswith("ال") or (j > 0 and words[j - 1].key == "من"):
            continue
        m = trigger_of(words, j)
        if m and not _negated(words, j) and not _owns_object(words, j, blocked):
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
                counted = lookup(words[j], lex.counted)
                if counted is None and lookup(words[j], lex.units) is not None:
                    continue  # عدد الأسر التي نزحت: الأسر (families) is what is counted, not أسر (capture)
                m = trigger_of(words, j) or counted or lookup(words[j], lex.fallback)  # عدد المعتقلين
                if m:
                    return m, j
    return None


