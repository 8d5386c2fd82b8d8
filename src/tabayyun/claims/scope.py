"""Whose count a figure is: the group it counts, and whether it is a whole toll or a part of one.

Two figures are rival counts only when they count the same people. "15 dead" and "12 security
men and 3 workers" are a total and its parts, not a dispute; "17 security men" and "12 security
men" are. The group comes from the claim's ``subject`` (the claims stage reads it from the
counted noun); generic nouns (40 شخصا) count everyone. Cues before the number mark a whole toll
(حصيلة، إجمالي، ليصبح) or a part of the toll next to it (بينهم، منهم، those buried at a funeral);
words after it may make it a part (32 جريحا لا يزالون في المستشفى: those still in hospital) or a
count of several things at once (250 بين قتيل وجريح), no rival of any one. Data: ``claim_scope.json``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.model import AnalyzedDoc, Claim, EntityLabel
from tabayyun.numbers.view import norm
from tabayyun.numbers.words import may_begin_number
from tabayyun.sources.words import clitic_forms, key_set
from tabayyun.spanindex import span_index
from tabayyun.text.normalize import normalize_key

CUE_WORDS = 6  # words before a number searched for a total cue (ارتفعت حصيلة القتلى في المدينة إلى 40)
PART_WORDS = 3  # a part cue stands right before its number (بينهم 12 من رجال الأمن)
NOUN_WORDS = 3  # words after a number searched for its counted noun (12 من رجال)
MIXED_WORDS = 5  # words after a number searched for a mixed count (أكثر من 250 شخصا بين قتيل وجريح)
MIXED_BETWEEN_WORDS = 8  # ... and for one opened by بين (23 من رجال الأمن بين شهداء وجرحى)
CLAUSE_WORDS = 12  # words before a number searched for a relative clause that makes it a share
MIXED_BEFORE_WORDS = 4  # words right before a number searched for one (مقتل وجرح 45؛ عدد القتلى والجرحى بلغ 150)
SUM_WORDS = 8  # words after a number searched for a sum over incidents (4 شهداء و8 جرحى في اعتداءات)
_WORD = re.compile(r"\w+")
_SUBJECT = re.compile(r"^(?P<label>[^()]*?)\s*(?:\((?P<group>[^()]*)\))?$")


@dataclass(frozen=True, slots=True)
class Scope:
    """``label``: the coarse group counted (None: everyone, or not said); ``group``: the named side
    (عناصر من داعش); ``cue``: "total", "part", "mixed" (several measures at once), "others"
    (a count beside named people: فلان و21 آخرين), "sum" (over several incidents or a period:
    في سلسلة تفجيرات، منذ بدء المواجهات) or ""."""

    label: str | None = None
    group: str | None = None
    cue: str = ""


NO_SCOPE = Scope()


@dataclass(frozen=True, slots=True)
class ScopeLexicon:
    generic: frozenset[str]
    total: tuple[tuple[str, ...], ...]
    part: tuple[tuple[str, ...], ...]
    part_after: tuple[tuple[str, ...], ...]
    addition: tuple[tuple[str, ...], ...]
    part_of: frozenset[str]
    part_clause: tuple[tuple[str, ...], ...]
    mixed: tuple[tuple[str, ...], ...]
    mixed_between: tuple[tuple[str, ...], ...]
    mixed_before: tuple[tuple[str, ...], ...]
    others: tuple[tuple[str, ...], ...]
    sums: tuple[tuple[str, ...], ...]
    tallies: tuple[tuple[str, ...], ...]
    labels: frozenset[str]
    label_of: dict[str, str]  # a subject noun's key -> its label (subjects.json)
    among: tuple[tuple[str, ...], ...]  # the "among them" asides of measures.json (بينهم، من بينهم، في مقدمتهم)


@lru_cache(maxsize=1)
def scope_lexicon() -> ScopeLexicon:
    data = load_json("lexicon", "claim_scope.json")
    subjects = load_json("lexicon", "subjects.json")

    def phrases(entries: list[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted({tuple(normalize_key(e).split()) for e in entries}, key=len, reverse=True))

    mixed = phrases(data["mixed_cues"])
    between = normalize_key("بين")
    return ScopeLexicon(key_set(data["generic_nouns"]), phrases(data["total_cues"]), phrases(data["part_cues"]),
                        phrases(data["part_after_cues"]), phrases(data["addition_cues"]),
                        frozenset(normalize_key(w) for w in data["part_of_nouns"]), phrases(data["part_clause_cues"]),
                        mixed, tuple(p for p in mixed if p[0] == between),
                        phrases(data["mixed_before_cues"]), phrases(data["others_cues"]),
                        phrases(data["sum_cues"]), phrases(data["tally_cues"]),
                        frozenset(k for k in subjects if not k.startswith("_")),
                        {normalize_key(w): k for k, words in subjects.items() if not k.startswith("_") for w in words},
                        phrases(load_json("lexicon", "measures.json")["asides"]))


def _keys(text: str) -> list[str]:
    return _WORD.findall(normalize_key(text))


def _has_phrase(keys: Sequence[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of ``phrases`` stands in ``keys``, its first word also with a clitic set aside
    (بمقتل وجرح 110: مقتل وجرح)."""
    for i in range(len(keys)):
        forms = clitic_forms(keys[i])
        for p in phrases:
            if p[0] in forms and (len(p) == 1 or tuple(keys[i + 1:i + len(p)]) == p[1:]):
                return True
    return False


def split_subject(subject: str | None) -> tuple[str | None, str | None]:
    """``"fighters (داعش)"`` -> ("fighters", key of داعش); a bare side name is its own label."""
    if not subject:
        return None, None
    m = _SUBJECT.match(subject.strip())
    if m is None:
        return subject, None
    label = m.group("label").strip() or None
    group = normalize_key(m.group("group"), drop_article=True) if m.group("group") else None
    if label is not None and label not in scope_lexicon().labels:
        label = normalize_key(label, drop_article=True)
    return label, group


def is_generic(doc: AnalyzedDoc, claim: Claim) -> bool:
    """The counted noun names no group (15 شخصا، أربعة أشخاص، 40 قتيلا): the figure counts
    everyone. The noun is the first word after the number's first word that is not من (the
    quantity span may hold the noun: "أربعة أشخاص على الأقل")."""
    lex = scope_lexicon()
    start = claim.quantity_start if claim.quantity_end else claim.start
    words = [w for w in _keys(doc.text[start:start + 80])[1:NOUN_WORDS + 1] if w != "من" and not w.isdigit()]
    return bool(words) and any(f in lex.generic for f in clitic_forms(words[0]))


def claim_scope(doc: AnalyzedDoc, claim: Claim) -> Scope:
    lex = scope_lexicon()
    label, group = split_subject(claim.subject)
    if label is not None and label not in lex.labels and label in lex.label_of:
        # a bare side the subjects table names ("في صفوف القوات التركية"): a count of that group
        label, group = lex.label_of[label], group or label
    if label is not None and is_generic(doc, claim):
        label = None
    if label is None and group is not None:
        # "خمسة أشخاص من أسرة واحدة"، "ثلاثة قتلى من المدنيين": a generic noun's count of a group
        # the subjects table names is that group's count
        label = lex.label_of.get(group)
    start = claim.quantity_start if claim.quantity_end else claim.start
    sentence = doc.sentence_at(start)
    before = _keys(doc.text[sentence.start if sentence else max(0, start - 120):start])
    end = claim.quantity_end or claim.end
    after = _keys(doc.text[end:end + 80])
    written = _WORD.findall(doc.text[end:end + 80])  # the same words as written: number words are read from these
    if label is not None and _among_them_others(after, written, label, lex):
        label = None  # "15 رجل أمن من بينهم 3 عاملين": the figure counts more than its noun's group
    cue = ""
    if _has_phrase(after[:MIXED_WORDS], lex.mixed) or _has_phrase(after[:MIXED_BETWEEN_WORDS], lex.mixed_between) \
            or _has_phrase(before[-MIXED_BEFORE_WORDS:], lex.mixed_before):
        cue = "mixed"
    elif _joined(doc, start) and _has_phrase(after[:NOUN_WORDS], lex.others):
        cue = "others"
    elif _named_one(doc, claim):
        cue = "part"  # "استشهاد النقيب فلان": a named victim is one of the dead, not the toll
    elif _has_phrase(after[:SUM_WORDS], lex.sums) or _has_phrase(before[-CUE_WORDS:] + after[:SUM_WORDS], lex.tallies):
        cue = "sum"
    elif _has_phrase(before[-PART_WORDS:], lex.part) or _has_phrase(after[:MIXED_WORDS], lex.part_after) \
            or _share_of_toll(after, lex) or _has_phrase(before[-CLAUSE_WORDS:], lex.part_clause) \
            or (label is None and after[:1] != ["من"] and _addend(after, written, lex)):
        cue = "part"
    elif _has_phrase(before[-CUE_WORDS:], lex.total):
        cue = "total"
    return Scope(label, group, cue)


def _named_one(doc: AnalyzedDoc, claim: Claim) -> bool:
    """A count of one said by a person's name (الرقيب فلان، سعد فلان توفي)."""
    if claim.low != 1 or claim.high != 1 or not claim.quantity_end:
        return False
    found = span_index(doc.layer("mentions")).inside(claim.quantity_start, claim.quantity_end)
    return any(m.label is EntityLabel.PER for m in found)


def _among_them_others(after: Sequence[str], written: Sequence[str], label: str, lex: ScopeLexicon) -> bool:
    """Whether the figure's own "among them" aside counts people of another group (15 رجل أمن من
    بينهم 3 عاملين بالموقع): then it counts more than its noun's group, a whole toll."""
    for i in range(min(len(after), NOUN_WORDS + 2)):
        aside = next((p for p in lex.among if tuple(after[i:i + len(p)]) == p), None)
        if aside is None:
            continue
        k = i + len(aside)  # the aside's number, then its noun
        if k + 1 >= len(after) or k >= len(written) or not _may_be_number(written[k]):
            return False
        other = next((lex.label_of[f] for f in clitic_forms(after[k + 1]) if f in lex.label_of), None)
        return other is not None and other != label
    return False


def _may_be_number(word: str) -> bool:
    """Digits, or a word as written that a number in words may begin with."""
    return word.isdigit() or may_begin_number(norm(word))


def _share_of_toll(after: Sequence[str], lex: ScopeLexicon) -> bool:
    """A toll's own noun after من right behind the number (أربعة من المصابين، خمسة من القتلى):
    the figure is a share of that toll, not the toll."""
    words = [w for w in after[:3] if not w.isdigit()]
    return len(words) >= 2 and words[0] == "من" and words[1] in lex.part_of


def _addend(after: Sequence[str], written: Sequence[str], lex: ScopeLexicon) -> bool:
    """An addition cue after the number, then another number (12 من منسوبي القوات إضافة إلى
    ثلاثة من العاملين): the figure is one addend of the toll the two make. Asked only of a figure
    naming no group: 12 soldiers besides 3 workers, or 14 of the Houthis besides one fighter of the
    resistance, is still that side's count. ``after``: the keys of the words after the number;
    ``written``: the same words as written."""
    for i in range(min(len(after), MIXED_WORDS)):
        for p in lex.addition:
            if tuple(after[i:i + len(p)]) == p:
                k = i + len(p)
                return k < len(written) and _may_be_number(written[k])
    return False


def _joined(doc: AnalyzedDoc, start: int) -> bool:
    """The number is joined to a name before it by و (قتل القيادي فلان و21 آخرين)."""
    head = doc.text[start:start + 1]
    prev = _keys(doc.text[max(0, start - 3):start])
    return head == "و" or (bool(prev) and prev[-1] == "و" and doc.text[max(0, start - 2):start].strip() == "و")
