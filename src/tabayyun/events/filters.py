"""Which trigger hits are not events that happened: negated, future, hypothetical, aggregate,
defused or background mentions, read from the few words before the trigger in its clause.

ACLED codes events that occurred on a known day. News text also names attacks that did not
happen ("لم يسجل أي هجوم"), may happen ("تهدد بشن هجمات"), a class of attacks ("أعنف
الهجمات"، "عدد هجمات التنظيم"), a bomb that was defused ("تفكيك عبوة ناسفة") or the
background of the story ("منذ اندلاع المعارك"); these are context, not rows of an export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.model import Precision
from tabayyun.sources.words import clitic_forms
from tabayyun.text.normalize import normalize_key

# Words before a trigger that still govern it: "لم تسجل قوات الأمن أي هجوم" has the
# negation four words back, "تخليص عناصرها الذين كانوا محتجزين كرهائن" the rescue five.
_WINDOW = 5
# A modal "قد" makes the following present-tense verb hypothetical ("قد يشن هجوما");
# before a past verb it is the perfect ("قد شن هجوما") and the event happened.
_MODAL = "قد"
_IMPERFECT = ("ي", "ت", "ن")
_VAGUE_DATES = frozenset({Precision.MONTH, Precision.YEAR})


# no arrest trigger starts with lam, so a leading lam is the preposition of purpose
_PURPOSE = re.compile(r"[وف]?ل")
_DEMONSTRATIVES = frozenset(normalize_key(w) for w in ("هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين", "هؤلاء"))


@dataclass(frozen=True, slots=True)
class Blockers:
    words: frozenset[str]
    construct: frozenset[str]
    phrases: tuple[str, ...]
    arrest_calls: frozenset[str]


@lru_cache(maxsize=1)
def _not_territory() -> frozenset[str]:
    return frozenset(normalize_key(w) for w in load_json("lexicon", "event_triggers.json")["not_territory"])


def not_territory(text: str, trigger_end: int) -> bool:
    """Whether a takeover trigger takes control of something other than ground: "سيطرت على
    الموقف"، "السيطرة على الحريق" (the situation, a fire)."""
    following = normalize_key(text[trigger_end:trigger_end + 40]).split()
    if following and following[0] in ("علي", "عليه", "عليها"):
        following = following[1:]
    return bool(following) and any(f in _not_territory() for f in clitic_forms(following[0]))


@lru_cache(maxsize=1)
def blockers() -> Blockers:
    data = load_json("lexicon", "event_triggers.json")["not_events"]
    words = frozenset(normalize_key(w) for group in data["words"].values() for w in group)
    construct = frozenset(normalize_key(w) for w in data["construct"])
    phrases = tuple(normalize_key(p) for p in data["phrases"])
    calls = frozenset(normalize_key(w) for w in data["arrest_calls"])
    return Blockers(words, construct, phrases, calls)


def not_an_event(text: str, clause_start: int, trigger_start: int) -> bool:
    """Whether the words just before the trigger (in its clause) make it a non-event."""
    before = normalize_key(text[clause_start:trigger_start]).split()[-_WINDOW:]
    if not before:
        return False
    rules = blockers()
    if any(f in rules.construct for f in clitic_forms(before[-1])):
        return True
    for i, word in enumerate(before):
        if any(f in rules.words for f in clitic_forms(word)):
            return True
        if word == _MODAL and i + 1 < len(before) and before[i + 1].startswith(_IMPERFECT):
            return True
    joined = " " + " ".join(before) + " "
    return any(f" {p} " in joined or joined.startswith(f" و{p} ") for p in rules.phrases)


def arrest_not_made(text: str, sentence_start: int, trigger_start: int) -> bool:
    """Whether an arrest trigger names a purpose or a demand rather than an arrest: with the
    preposition of purpose ("لاعتقال"، "للقبض عليهم") or after a call, pledge or wish earlier in
    its sentence ("طالب بضرورة القبض على الجناة"، "ثقته في قدرة الأجهزة على ... القبض")."""
    if _PURPOSE.match(text, trigger_start):
        return True
    calls = blockers().arrest_calls
    return any(f in calls for w in normalize_key(text[sentence_start:trigger_start]).split()
               for f in clitic_forms(w))


@lru_cache(maxsize=1)
def _legal_status() -> frozenset[str]:
    return frozenset(normalize_key(w) for w in load_json("lexicon", "event_triggers.json")["not_events"]["legal_status"])


def legal_status(text: str, trigger_end: int) -> bool:
    """Whether an arrest trigger names a legal status or a practice (الاعتقال الإداري، الحبس
    الاحتياطي): a detainee's condition, not an arrest made."""
    following = normalize_key(text[trigger_end:trigger_end + 30]).split()
    return bool(following) and following[0] in _legal_status()


def names_an_aim(text: str, trigger_start: int) -> bool:
    """Whether a trigger carries the preposition of purpose ("للسيطرة على"، "لتحرير المدينة"):
    the aim of an operation, not ground taken."""
    return _PURPOSE.match(text, trigger_start) is not None


def after_demonstrative(text: str, clause_start: int, trigger_start: int) -> bool:
    """Whether a demonstrative stands right before the trigger ("هذا التفجير"، "تلك الغارات"):
    the incident was already reported."""
    before = normalize_key(text[clause_start:trigger_start]).split()[-1:]
    return bool(before) and any(f in _DEMONSTRATIVES for f in clitic_forms(before[0]))


def vague_date(precision: Precision) -> bool:
    """A date known only to the month or year: news dates a fresh event by its day, so a
    month- or year-dated trigger is background ("في يناير الماضي"، "منذ حزيران 2014")."""
    return precision in _VAGUE_DATES


@dataclass(frozen=True, slots=True)
class RelativeTime:
    words: frozenset[str]
    units: dict[str, int | None]
    links: frozenset[str]


@lru_cache(maxsize=1)
def _relative_time() -> RelativeTime:
    data = load_json("lexicon", "event_triggers.json")["relative_time"]
    return RelativeTime(frozenset(normalize_key(w) for w in data["words"]),
                        {normalize_key(w): days for w, days in data["units"].items()},
                        frozenset(normalize_key(w) for w in data["links"]))


_RELATIVE_SPAN = 4  # words between "قبل/بعد" and "من/على": "أقل من 24 ساعة"، "ساعات قليلة"
_RELATIVE_CHARS = 80  # characters before a trigger where its "قبل/بعد" may stand
_BEFORE = normalize_key("قبل")
_LESS = normalize_key("أقل")


@dataclass(frozen=True, slots=True)
class Interval:
    """How far the incidents of a sentence lie from the one its trigger names: ``days`` after it
    (before it when negative), or None when the text does not say to the day."""
    days: int | None


def other_incident(text: str, clause_start: int, trigger_start: int) -> Interval | None:
    """Whether the trigger is dated against another incident of its sentence ("وقبل أقل من 24 ساعة
    على هذا الهجوم دمر انفجار ..."، "بعد ساعات من تفجير استهدف ..."): the two are distinct
    incidents, the sentence's lying before or after the trigger's by the span it names."""
    window = text[max(clause_start, trigger_start - _RELATIVE_CHARS):trigger_start]
    if "قبل" not in window and "بعد" not in window:
        return None  # most triggers: no normalising of their clause
    before = normalize_key(text[clause_start:trigger_start]).split()[-(_RELATIVE_SPAN + 3):]
    if before and before[-1] in _DEMONSTRATIVES:
        before = before[:-1]
    rules = _relative_time()
    if not before or before[-1] not in rules.links:
        return None
    for i in range(len(before) - 2, -1, -1):
        opener = next((f for f in clitic_forms(before[i]) if f in rules.words), None)
        if opener is None:
            continue
        span = before[i + 1:-1]
        unit = next((w for w in span if w in rules.units), None)
        if unit is None:
            return None
        days = rules.units[unit]
        count = next((int(w) for w in span if w.isdigit()), None)
        if days == 0 and count is not None and count >= 24 and _LESS not in span:
            days = None  # "بعد 48 ساعة": more than a day, not said which ("أقل من 24 ساعة": the same day)
        if days is not None and count is not None and days > 0:
            days = None if count > 1 else days
        return Interval(None if days is None else (-days if opener == _BEFORE else days))
    return None
