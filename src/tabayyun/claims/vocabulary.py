"""The words of counting: which words say what happened to the counted (triggers), which nouns
name it (counted nouns, units, subjects), and which numbers count nothing we measure (ages,
distances, goods, cases of an illness). Data: ``measures.json``, ``units.json``, ``subjects.json``.

Each test here looks at one word or its immediate neighbours; ``claims.measures`` reads a
number's measure from these over its clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.numbers.words import number_words
from tabayyun.sources.words import LabelledPhrases, PhraseSet, Word, key_set, phrase_keys
from tabayyun.text.normalize import normalize_key

# after a number, these open what happened before or after it (إلى ثلاثة بعد مقتل طفل): a trigger
# past them is another event's, not the number's
OTHER_EVENT = frozenset({"بعد", "قبل", "عقب", "اثر", "إثر"})

ILLNESS_REACH = 4  # words after a number or its trigger searched for بـ + a disease
CLOSING_BRACKETS = frozenset(")]")  # "(٣٠) دقيقة": a number set in brackets, its noun after them


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
    time_aside: frozenset[str] = frozenset()
    diseases: frozenset[str] = frozenset()
    act_heads: frozenset[str] = frozenset()
    illness_cases: frozenset[str] = frozenset()
    diagnosis: frozenset[str] = frozenset()
    fired: frozenset[str] = frozenset()
    denials: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    demands: frozenset[str] = frozenset()
    demanded: frozenset[str] = frozenset()
    charges: frozenset[str] = frozenset()
    group_openers: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    member_nouns: frozenset[str] = frozenset()
    seizures: frozenset[str] = frozenset()
    scripture: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    natural_deaths: frozenset[str] = frozenset()
    condolences: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    natural_causes: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    crossing: frozenset[str] = frozenset()
    crossers: frozenset[str] = frozenset()
    suffered: frozenset[str] = frozenset()
    accused: frozenset[str] = frozenset()
    holding: frozenset[str] = frozenset()
    trap_places: frozenset[str] = frozenset()


def _invert(table: dict[str, Sequence[str]]) -> dict[str, str]:
    # Sequence, not list: a table's "_comment" (skipped below) is a string, and a compiled build
    # (setup.py) checks a value against its declared type as it is read
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
        act_heads=key_set(data.get("act_heads", ())),
        subject_compounds=_phrase_table(data.get("subject_compounds", {})),
        time_aside=key_set(data.get("time_aside", ())),
        diseases=key_set(data.get("diseases", ())),
        illness_cases=key_set(data.get("illness_cases", ())),
        diagnosis=key_set(data.get("diagnosis_words", ())),
        fired=key_set(data.get("fired_objects", ())),
        denials=phrase_keys(data.get("denials", ())),
        demands=key_set(data.get("demands", ())),
        demanded=frozenset(data.get("demanded_measures", ())),
        charges=key_set(data.get("charges", ())),
        group_openers=phrase_keys(data.get("group_openers", ("من",))),
        member_nouns=key_set(data.get("member_nouns", ())),
        seizures=key_set(data.get("seizure_words", ())),
        scripture=phrase_keys(data.get("scripture", ())),
        natural_deaths=key_set(data.get("natural_deaths", ())),
        condolences=phrase_keys(data.get("condolences", ())),
        natural_causes=phrase_keys(data.get("natural_causes", ())),
        crossing=key_set(data.get("crossing_triggers", ())),
        crossers=key_set(data.get("crossers", ())),
        suffered=key_set(data.get("suffered_words", ())),
        accused=key_set(data.get("accused_words", ())),
        holding=key_set(data.get("holding_words", ())),
        trap_places=key_set(data.get("trap_places", ())),
    )


def _phrase_table(table: dict[str, list[str]]) -> LabelledPhrases:
    """(phrase keys, label) pairs, longest phrase first, indexed by first key."""
    pairs = {(keys, label) for label, entries in table.items() if not label.startswith("_")
             for keys in phrase_keys(entries)}
    return LabelledPhrases(sorted(pairs, key=lambda p: (-len(p[0]), p)))


def _phrase_at(words: Sequence[Word], k: int, table: LabelledPhrases) -> str | None:
    return table.label_at(words, k)


_RELEASED = "released"
FIRED_REACH = 3  # words after a release verb searched for what it fires


def trigger_of(words: Sequence[Word], k: int) -> str | None:
    """The measure a trigger word, or a trigger phrase starting at it, names; a verbal noun with
    the pronoun of whom it happened to (جرى اعتقالهم، تم اختطافهما) is its trigger too."""
    lex = measure_lexicon()
    found = _phrase_at(words, k, lex.phrases) or lookup(words[k], lex.triggers) or _possessed_trigger(words[k])
    if found == _RELEASED and any(w.has(lex.fired) for w in words[k + 1:k + 1 + FIRED_REACH]):
        return None  # "أطلقت امرأتان النار": a firing, no one released
    return found


_PRONOUNS = ("هما", "هم", "هن")  # plural and dual pronouns: the trigger is about several people


def _possessed_trigger(w: Word) -> str | None:
    table = measure_lexicon().triggers
    for f in w.forms:
        for suffix in _PRONOUNS:
            stem = f[:-len(suffix)]
            if f.endswith(suffix) and len(stem) >= 4:
                for candidate in (stem, stem[:-1] + "ه" if stem.endswith("ت") else stem):
                    if candidate in table:
                        return table[candidate]
    return None


def lookup(w: Word, table: dict[str, str]) -> str | None:
    for f in w.forms:
        if f in table:
            return table[f]
    return None


def counted_noun(words: Sequence[Word], last: int) -> int | None:
    """Index of the counted noun after the number's last word (ستة من موظفي -> موظفي)."""
    k = last + 1
    if k < len(words) and words[k].key == "من" and k + 1 < len(words):
        k += 1
    while k < len(words) and words[k].is_quote:
        k += 1
    if k < len(words) and not words[k].is_punct and not words[k].is_number and not not_counted_noun(words[k]):
        return k
    return None


def not_counted_noun(w: Word) -> bool:
    """Words after a number that are not what it counts: a measure word glued to the conjunction
    و opens the next conjunct (4 وإصابة 8; وفيات is a word of its own), ``بعد`` another event
    (إلى ثلاثة بعد مقتل طفل), a definite time word the time of the event (وأصيب 173 اليوم)."""
    if w.has(OTHER_EVENT):
        return True
    if (w.key.startswith("ال") or w.key in ("امس", "أمس")) and w.key in measure_lexicon().time_aside:
        return True
    if not w.key.startswith("و") or len(w.forms) < 2:
        return False
    lex = measure_lexicon()
    if w.key in lex.triggers or w.key in lex.counted:
        return False
    rest = w.forms[1]
    return rest in lex.triggers or rest in lex.counted


def is_excluded(words: Sequence[Word], first: int, noun: int | None, last: int | None = None) -> bool:
    """Ages, distances, durations and counts of places are not claims (``last``: the number's last
    word, ``first`` when it is one word)."""
    lex = measure_lexicon()
    if noun is not None and words[noun].has(lex.not_counted):
        return True
    end = first if last is None else last
    if end + 2 < len(words) and words[end + 1].text in CLOSING_BRACKETS and words[end + 2].has(lex.not_counted):
        return True  # بحوالي (٣٠) دقيقة: minutes, the number set in brackets
    if noun is not None and noun + 1 < len(words) and words[noun + 1].has(lex.illness_cases):
        return True  # 184 حالة مرضية: cases of illness a clinic saw, not the injured
    if any(w.has(lex.capacity) for w in words[max(0, first - 3):first]):
        return True  # يتسع لقرابة 1000 عسكري: room for them, not them
    if end + 2 < len(words) and words[end + 1].key == "من" and words[end + 2].has(lex.age_words):
        return True  # طفل في الـ12 من عمره: an age given after the number
    return any(w.has(lex.age_words) for w in words[max(0, first - 2):first])


def illness_after(words: Sequence[Word], k: int) -> bool:
    """A disease named with بـ within the few words after ``k`` (إصابة بالجلطة الدماغية)."""
    diseases = measure_lexicon().diseases
    for w in words[k + 1:k + 1 + ILLNESS_REACH]:
        if w.is_clause_punct:
            return False
        if w.key.startswith("ب") and w.has(diseases):
            return True
    return False


def unit_of(words: Sequence[Word], noun: int | None, measure: str) -> str:
    lex = measure_lexicon()
    if measure == "strikes":
        return "strikes"
    if measure == "vehicles":
        return "vehicles"
    if noun is not None:
        unit = lookup(words[noun], lex.units) or dual_lookup(words[noun], lex.units)
        if unit is not None and unit != "strikes":
            return unit
    return "persons"


def dual_lookup(w: Word, table: dict[str, str]) -> str | None:
    """The entry of a dual's singular (عربتين -> عربة، منزلين -> منزل)."""
    for f in w.forms:
        for suffix, end in (("تين", "ه"), ("تان", "ه"), ("ين", ""), ("ان", "")):
            if f.endswith(suffix) and len(f) - len(suffix) >= 2 and f[:-len(suffix)] + end in table:
                return table[f[:-len(suffix)] + end]
    return None


def subject_of(words: Sequence[Word], noun: int | None) -> str | None:
    """Whose people: the label of the counted noun, or of the group after it (عناصر من داعش)."""
    lex = measure_lexicon()
    if noun is None:
        return None
    label = _phrase_at(words, noun, lex.subject_compounds) or lookup(words[noun], lex.subjects) \
        or dual_lookup(words[noun], lex.subjects)  # مقتل جنديين: the dual's singular names the group
    group = None
    if words[noun].has(lex.member_nouns) and noun + 1 < len(words):
        side = lookup(words[noun + 1], lex.subjects)  # عناصر قوات الأمن: the members of whom they are
        label = side if side is not None else label
    k = noun + 1
    while (k < len(words) and words[k].is_quote) or (k == noun + 1 < len(words) and _number_word(words[k])
                                                      and not words[k].key.startswith("و")):
        k += 1  # «جريحين اثنين» من القوات: the number word repeats the dual
    k = _past_second_count(words, k, lex) if k == noun + 1 else k
    opened = _group_start(words, k, lex)
    if opened is not None and opened < len(words):
        j = opened
        while j < len(words) and (words[j].is_quote or words[j].key in ("تنظيم", "ميليشيا", "قوات")):
            j += 1
        if j < len(words) and not words[j].is_punct:
            group = words[j].text.strip("\"«»“”")
            side = lookup(words[j], lex.subjects)
            if side is not None and words[noun].has(lex.member_nouns):
                label = side  # عناصر من الأمن: members of the security forces, not fighters
    if label and group:
        return f"{label} ({group})"
    return label or group


def _past_second_count(words: Sequence[Word], k: int, lex: MeasureLexicon) -> int:
    """The word after a count coordinated with the one before ``k`` ("خمسة قتلى «وجريحين اثنين» من
    القوات"، "5 قتلى و11 جريحا من المدنيين"): the group named after a pair of counts is the group of
    both; ``k`` itself when no such count follows."""
    j = k
    while j < len(words) and words[j].is_quote:
        j += 1
    if j >= len(words) or not words[j].text.startswith("و"):
        return k
    if _number_word(words[j]) or (len(words[j].text) > 1 and words[j].text[1:].isdigit()):
        j += 1  # و11 جريحا
    if j >= len(words) or not _counted_person(words[j], lex):
        return k
    j += 1
    while j < len(words) and (words[j].is_quote or _number_word(words[j])):
        j += 1  # جريحين اثنين: the number word repeats the dual
    return j if _group_start(words, j, lex) is not None else k


def _group_start(words: Sequence[Word], k: int, lex: MeasureLexicon) -> int | None:
    """The first word of the group a count's noun is followed by (``group_openers``: "من"، "في
    صفوف"), the opener written as is (not "ومن", which adds another clause); None without one."""
    n = lex.group_openers.match(words, k) if k < len(words) else 0
    if not n or not any(words[k].key == phrase[0] for phrase in lex.group_openers):
        return None
    return k + n


def _number_word(w: Word) -> bool:
    return w.is_number or any(f in _number_keys() for f in w.forms)


@lru_cache(maxsize=1)
def _number_keys() -> frozenset[str]:
    """The cardinal number words as a word's forms spell them (وثلاثة: ثلاثه)."""
    nw = number_words()
    return frozenset(normalize_key(w) for table in (nw.units, nw.tens, nw.hundreds, nw.scale_singular,
                                                     nw.scale_dual, nw.scale_plural) for w in table)


def _counted_person(w: Word, lex: MeasureLexicon) -> bool:
    """A noun of counted people, its dual too (جريحين، قتيلين)."""
    return lookup(w, lex.counted) is not None or dual_lookup(w, lex.counted) is not None


def unasserted_from(words: Sequence[Word], demands: bool) -> tuple[int, int]:
    """The first word of a sentence from which what follows is denied (لا صحة لما يتم تداوله عن
    مقتل مواطن) or quoted scripture (قال صلى الله عليه وسلم "...من قتل رجل مسلم"), and (with
    ``demands``) the first from which a release or an arrest is asked for, not done (يطالبون
    بالإفراج عن عشرات): ``len(words)`` when there is none."""
    lex = measure_lexicon()
    n = len(words)
    denied = min(_first_phrase(lex.denials, words), _first_phrase(lex.scripture, words))
    demanded = next((i for i, w in enumerate(words) if w.has(lex.demands)), n) if demands else n
    return denied, demanded


def _first_phrase(phrases: PhraseSet, words: Sequence[Word]) -> int:
    """The first word a phrase of ``phrases`` starts at; ``len(words)`` when none does."""
    n = len(words)
    return next((i for i in range(n) if phrases.match(words, i)), n) if phrases.anywhere(words) else n


def obituary(words: Sequence[Word], trigger: int) -> bool:
    """A single natural death in a sentence of condolence (تعازيه في وفاة والدهم) or told with its
    natural cause (توفي عن عمر ناهز 74 عاما بعد صراع مع المرض): no incident's count."""
    lex = measure_lexicon()
    return words[trigger].has(lex.natural_deaths) and (lex.condolences.anywhere(words)
                                                      or lex.natural_causes.anywhere(words))


def demanded_measure(measure: str) -> bool:
    return measure in measure_lexicon().demanded
