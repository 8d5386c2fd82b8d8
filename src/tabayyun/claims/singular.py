"""Counts said without a number: one person named by a singular noun (مقتل طفل، استشهاد أحد
المواطنين، استشهاد الرقيب فلان، وفاة والد الرضيع، سعد فلان توفي، لقي حتفه).

Arabic news states a single death, injury or arrest with a singular noun, not with the number
one, and often as the headline fact. A singular count is read when a trigger that can take one
person (a verbal noun or a singular verb: ``singular.triggers``) governs, past time words and
quotes, one of:

- an indefinite singular person noun (طفل، مواطن، رجل أمن، طالبا);
- ``أحد`` / ``إحدى`` and a group of people (أحد المواطنين، أحد أفرادها);
- a title or a definite person noun before a person's name (الرقيب ماجد، المواطن عبدالله);
- a kinship noun in construct (والد الرضيع، شقيقه);

or when a singular verb follows a person's name (إن سعد فلان توفي), or a phrase whose pronoun
says one person (لقي حتفه، توفي متأثرا بجروحه). A number next to the noun (مقتل طفل واحد،
مقتل جندي 3) leaves the count to the number. Data: ``measures.json`` ('singular').
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.claims.vocabulary import illness_after
from tabayyun.lexicon import load_json
from tabayyun.model import EntityLabel, Mention
from tabayyun.sources.lexicon import lexicon as reporting_lexicon
from tabayyun.sources.words import LabelledPhrases, Word, clitic_forms, key_set, phrase_keys, where_key
from tabayyun.spanindex import span_index
from tabayyun.text.normalize import WORD_CACHE_SIZE

# words between a trigger and the person it counts: time words, quotes, a preposition the verb takes
SKIP_WORDS = 4
# a number this close after the counted noun is the count (مقتل جندي و3 آخرين is two figures, not one)
NUMBER_AFTER = 2
APPOSITION_WORDS = 6  # words describing a person before the next conjunct (ذي الأربع سنوات)
CLAUSE_BACK = 6
FATE_REACH = 8  # words between لقي + its person and the object مصرعه (لقي أمين شرطة من قوة المركز مصرعه)
GROUP_BEFORE = 3  # words before a feminine one-person phrase searched for a plural subject
NEGATION_REACH = 5  # words before a trigger searched for a denial  # words before a one-person phrase (لقي حتفه) searched for a number that would be its subject
_NEGATIONS = frozenset({"عدم", "لم", "لا", "دون", "بدون", "ولم", "ولا", "غير", "نفي", "نفت", "ينفي"})
_POSSESSIVE = ("هما", "هم", "هن", "ها", "ه")


@dataclass(frozen=True, slots=True)
class SingularLexicon:
    triggers: dict[str, str]
    persons: frozenset[str]
    groups: frozenset[str]
    one_of: frozenset[str]
    kin: frozenset[str]
    kin_pairs: frozenset[str]
    rank_words: frozenset[str]
    described: frozenset[str]
    services: frozenset[str]
    subject_verbs: frozenset[str]
    titles: frozenset[str]
    after_name: frozenset[str]
    skip: frozenset[str]
    phrases: LabelledPhrases
    fates: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = ()  # (measure, verbs, objects)


@lru_cache(maxsize=1)
def singular_lexicon() -> SingularLexicon:
    data = load_json("lexicon", "measures.json")["singular"]
    triggers = {key: measure for measure, entries in data["triggers"].items() if not measure.startswith("_")
                for key in key_set(entries)}
    subjects = load_json("lexicon", "subjects.json")
    groups = {e for label, entries in subjects.items() if not label.startswith("_") for e in entries}
    titles = load_json("lexicon", "titles.json")["honorifics"]
    phrases = LabelledPhrases(sorted({(keys, measure) for measure, entries in data["phrases"].items()
                                      if not measure.startswith("_") for keys in phrase_keys(entries)},
                                     key=lambda p: (-len(p[0]), p)))
    return SingularLexicon(
        triggers=triggers,
        persons=key_set(data["persons"]),
        groups=key_set([*groups, *data["groups"]]),
        one_of=key_set(data["one_of"]),
        kin=key_set(data["kin"]),
        kin_pairs=key_set(data["kin_pairs"]),
        rank_words=key_set(data["rank_words"]),
        described=key_set(data["described"]),
        services=key_set(data["services"]),
        subject_verbs=key_set(data["subject_verbs"]),
        titles=key_set(t for t in titles if " " not in t) | key_set(data["persons"]),
        after_name=key_set(data["after_name"]),
        skip=(key_set(load_json("lexicon", "measures.json")["time_aside"]) - {"من"}) | key_set(data["linkers"]),
        phrases=phrases,
        fates=tuple((measure, key_set(entry["verbs"]), key_set(entry["objects"]))
                    for measure, entry in data.get("fates", {}).items()),
    )


@dataclass(frozen=True, slots=True)
class Singular:
    """A count said by nouns: the trigger's word index, the words naming the persons
    (first..last) and how many they are (1, or more when coordinated: والده ووالدته; with a
    coordinated count of persons too: عريف وجنديين is 3, whose number ``merged`` names by the
    index of its first word)."""

    measure: str
    trigger: int
    first: int
    last: int
    count: int = 1
    merged: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonCount:
    """A count quantity of persons in the sentence: its last word (the counted noun) and value."""

    last: int
    value: int


def person_noun(w: Word) -> bool:
    """A noun of persons: singular, plural or dual (جندي، جنود، جنديين، ضابطان)."""
    lex = singular_lexicon()
    if _in(w, lex.persons | lex.groups):
        return True
    return any(f[:-2] in lex.persons for f in w.forms if f.endswith(("ين", "ان")) and len(f) > 4)


def coordinated_persons(words: Sequence[Word], j: int, mentions: Sequence[Mention] = ()) -> tuple[int, int] | None:
    """Persons named by nouns after a count, joined by و at ``words[j]`` (ضابطان وجندي، ثلاثة
    جنود وضابط): (their last word, how many)."""
    if j >= len(words) or not words[j].key.startswith("و") or len(words[j].forms) < 2:
        return None
    found = _person_after(words, j, mentions)
    if found is None:
        return None
    _, last, count = _conjuncts(words, found, mentions)
    return last, count


def _bare(w: Word) -> tuple[str, ...]:
    """The word's forms, also without a possessive ending (أفرادها -> أفراد، والده -> والد)."""
    out = list(w.forms)
    for f in w.forms:
        for suffix in _POSSESSIVE:
            if f.endswith(suffix) and len(f) - len(suffix) >= 3:
                out.append(f[:-len(suffix)])
                break
    return tuple(out)


def _possessed(w: Word, table: frozenset[str]) -> bool:
    """A noun of ``table`` with a possessive pronoun (والده، والدته، شقيقها). Read on the written
    word: normalised keys fold ة into ه, so that والده (his father) and والدة (mother) look alike."""
    if w.text.endswith("ة"):
        return False
    for suffix in _POSSESSIVE:
        if w.text.endswith(suffix):
            for f in w.forms:
                base = f[:-len(suffix)]
                if len(base) >= 2 and (base in table or (base.endswith("ت") and base[:-1] + "ه" in table)):
                    return True
            return False
    return False


def _in(w: Word, table: frozenset[str]) -> bool:
    return any(f in table for f in _bare(w))


def _negated(words: Sequence[Word], k: int) -> bool:
    """A denial earlier in the clause (لم يسفر الهجوم عن مقتل أحد)."""
    j = k - 1
    while j >= 0 and k - j <= NEGATION_REACH and not words[j].is_clause_punct:
        if words[j].has(_NEGATIONS):
            return True
        j -= 1
    return False


def _name_at(mentions: Sequence[Mention], w: Word) -> Mention | None:
    """The person's name starting at word ``w``."""
    return next((m for m in span_index(mentions).starting_in(w.start, w.start + 1) if m.label is EntityLabel.PER),
                None)


def _last_word(words: Sequence[Word], k: int, end: int) -> int:
    while k + 1 < len(words) and words[k + 1].end <= end:
        k += 1
    return k


def _person_after(words: Sequence[Word], k: int, mentions: Sequence[Mention]) -> tuple[int, int, int] | None:
    """The words naming one person (or a pair: والداه) at ``words[k]``: (first, last, how many)."""
    lex = singular_lexicon()
    w = words[k]
    if w.is_punct or w.is_number:
        return None
    nxt = words[k + 1] if k + 1 < len(words) else None
    if w.has(lex.one_of):
        return (k, k + 1, 1) if nxt is not None and _in(nxt, lex.groups | lex.persons) else None
    if _in(w, lex.kin_pairs):
        return k, k, 2  # والداه، والديه: both parents
    if _possessed(w, lex.kin):
        return k, k, 1  # والده، شقيقتها: the pronoun names whose
    if w.has(lex.kin):
        return (k, k + 1, 1) if nxt is not None and not nxt.is_punct and not nxt.is_number else None
    definite = w.key.startswith(("ال", "وال"))
    if not definite and w.has(lex.persons):
        return k, k, 1
    if definite and w.has(lex.titles) and nxt is not None:
        at = k + 2 if nxt.has(lex.rank_words) and k + 2 < len(words) else k + 1  # الجندي أول فلان
        name = _name_at(mentions, words[at])
        if name is not None:
            return k, _last_word(words, at, name.end), 1
    return None


def _conjuncts(words: Sequence[Word], found: tuple[int, int, int], mentions: Sequence[Mention],
               numbers: Mapping[int, PersonCount] | None = None, merged: list[int] | None = None
               ) -> tuple[int, int, int]:
    """The persons coordinated with the first (العريف فلان، والجندي فلان؛ والده ووالدته
    وشقيقه): each adds to the count, as does a coordinated count of persons (عريف وجنديين،
    ضابط وثلاثة جنود), whose first word goes to ``merged``."""
    first, last, count = found
    while True:
        j = _past_apposition(words, last + 1, mentions)
        if j < len(words) and words[j].key in (",", "،"):
            j += 1
        if j >= len(words) or not words[j].key.startswith("و"):
            return first, last, count
        n = j + 1 if words[j].key == "و" else j  # و 5 مدنيين: the conjunction written apart from digits
        if numbers is not None and merged is not None and n in numbers:
            last, count = numbers[n].last, count + numbers[n].value
            merged.append(n)
            continue
        if len(words[j].forms) < 2:
            return first, last, count
        more = _person_after(words, j, mentions)
        if more is None:
            return first, last, count
        last, count = more[1], count + more[2]


def _past_apposition(words: Sequence[Word], j: int, mentions: Sequence[Mention]) -> int:
    """Past what describes the person just named before the next conjunct: a name (والده سعد),
    an age in brackets ((26 عاما)) or a described age (ذي الأربع سنوات، البالغ من العمر 4 سنوات)."""
    lex = singular_lexicon()
    if j < len(words) and words[j].has(lex.services):
        j += 1  # نقيب شرطة ومجند: the rank's service, then the next conjunct
    if j < len(words):
        name = _name_at(mentions, words[j])
        if name is not None:
            j = _last_word(words, j, name.end) + 1
    if j < len(words) and words[j].text == "(":
        close = next((m for m in range(j + 1, min(len(words), j + APPOSITION_WORDS)) if words[m].text == ")"), None)
        if close is not None:
            j = close + 1
    if j < len(words) and words[j].has(lex.described):
        for m in range(j + 1, min(len(words), j + APPOSITION_WORDS)):
            if words[m].is_clause_punct or words[m].key.startswith("و"):
                return m
    return j


def _blocked_near(blocked: set[int], first: int, last: int, words: Sequence[Word] = ()) -> bool:
    """A number in the persons' words or right after them (مقتل جندي 3): the number is the count,
    unless a trigger of its own stands between (مقتل مدني وإصابة 4 آخرين)."""
    for j in range(first, last + 1 + NUMBER_AFTER):
        if j in blocked:
            return not any(_is_trigger(words[m]) for m in range(last + 1, j) if m < len(words))
    return False


def _is_trigger(w: Word) -> bool:
    return any(f in singular_lexicon().triggers for f in w.forms)


def _fate(words: Sequence[Word], k: int, blocked: set[int], mentions: Sequence[Mention]) -> Singular | None:
    """``لقي شاب مصرعه``: the person between the verb and its object (its pronoun says one)."""
    lex = singular_lexicon()
    for measure, verbs, objects in lex.fates:
        if not words[k].has(verbs):
            continue
        for j in range(k + 2, min(len(words), k + 2 + FATE_REACH)):
            if words[j].is_clause_punct or j in blocked:
                break
            if words[j].has(objects):
                found = _person_after(words, k + 1, mentions)
                if found is None or _group_before(words, k):
                    return None
                return Singular(measure, k, found[0], found[1])
    return None


def _group_before(words: Sequence[Word], k: int) -> bool:
    """A plural subject just before a verb whose pronoun is feminine singular (قيادات كبيرة لقيت
    مصرعها): broken plurals take that agreement, so the verb says nothing of one person."""
    groups = singular_lexicon().groups
    for j in range(k - 1, max(-1, k - 1 - GROUP_BEFORE), -1):
        if words[j].is_clause_punct:
            return False
        if _in(words[j], groups):
            return True
    return False


def _number_in_clause(words: Sequence[Word], k: int, blocked: set[int]) -> bool:
    """A number in the clause before ``k`` (لقي 3 أشخاص حتفهم is the number's claim)."""
    j = k - 1
    while j >= 0 and k - j <= CLAUSE_BACK and not words[j].is_clause_punct:
        if j in blocked:
            return True
        j -= 1
    return False


def singular_counts(words: Sequence[Word], blocked: set[int], mentions: Sequence[Mention] = (),
                    numbers: Mapping[int, PersonCount] | None = None) -> list[Singular]:
    """The counts said by singular nouns in a sentence's words; ``blocked`` are the words of its
    numbers, ``numbers`` its counts of persons by first word (a conjunct adds to the count)."""
    lex = singular_lexicon()
    out: list[Singular] = []
    taken: set[int] = set()
    # only a word that begins a phrase, is a fate verb or a trigger can say a count: the others
    # are passed over without reading their clause (decided once per spelling)
    for k in where_key(words, _may_count):
        if k in taken or k in blocked:
            continue
        w = words[k]
        n = 0
        pair = lex.phrases.pair_at(words, k)  # the first phrase in table order that starts here
        if pair is not None:
            keys, said = pair
            n = len(keys)
            if not _negated(words, k) and not _number_in_clause(words, k, blocked) \
                    and not _blocked_near(blocked, k, k + n - 1, words) and not _group_before(words, k):
                out.append(Singular(said, k, k, k + n - 1))
                taken.update(range(k, k + n))
        if n:
            continue
        fate = _fate(words, k, blocked, mentions) if not _negated(words, k) else None
        if fate is not None:
            out.append(fate)
            taken.update(range(k, fate.last + 1))
            continue
        measure = next((lex.triggers[f] for f in w.forms if f in lex.triggers), None)
        if measure is None or _negated(words, k):
            continue
        merged: list[int] = []
        found = _after(words, k, blocked, mentions, numbers or {}, merged) or _before(words, k, blocked, mentions)
        if found is not None:
            first, last, count = found
            out.append(Singular(measure, k, first, last, count, tuple(merged)))
            taken.update(range(min(k, first), max(k, last) + 1))
    return out


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _may_count(key: str) -> bool:
    """Whether ``singular_counts`` can read a count at a word with this key: one of its forms
    (``clitic_forms``, as the word has them) begins a phrase, is a fate verb or a trigger. (One
    string is a cheaper cache key than the forms.)"""
    return not _count_words().isdisjoint(clitic_forms(key))


@lru_cache(maxsize=1)
def _count_words() -> frozenset[str]:
    """Every form a count can be read at: a phrase's first word, a trigger, a fate verb (one set, so
    that a new word's forms are tested in one call)."""
    lex = singular_lexicon()
    return frozenset(lex.phrases.by_first).union(lex.triggers, *(verbs for _, verbs, _ in lex.fates))


def _after(words: Sequence[Word], k: int, blocked: set[int], mentions: Sequence[Mention],
           numbers: Mapping[int, PersonCount], merged: list[int]) -> tuple[int, int, int] | None:
    lex = singular_lexicon()
    j = k + 1
    while j < len(words) and j - k <= SKIP_WORDS and (words[j].is_quote or words[j].has(lex.skip)):
        j += 1
    if j >= len(words) or j in blocked:
        return None
    found = _person_after(words, j, mentions)
    if found is None:
        return None
    found = _conjuncts(words, found, mentions, numbers, merged)
    if illness_after(words, found[1]):
        merged.clear()
        return None  # إصابة وافد بفيروس كورونا: a case of an illness, not an injury
    own = set(range(found[0], found[1] + 1))
    if _blocked_near(blocked - own, found[0], found[1], words):
        merged.clear()
        return None
    return found


def _before(words: Sequence[Word], k: int, blocked: set[int], mentions: Sequence[Mention]
            ) -> tuple[int, int, int] | None:
    """A person's full name right before a singular verb (إن سعد فلان توفي): the verb says one died;
    or an indefinite person noun opening a reported clause (إن جنديا في الحلف قتل)."""
    if k == 0 or _blocked_near(blocked, k, k):
        return None
    if not words[k].has(singular_lexicon().after_name):
        return _subject_noun(words, k)
    prev = words[k - 1]
    for m in span_index(mentions).containing(prev.end, prev.end):  # the mentions that may end there
        if m.label is EntityLabel.PER and m.end == prev.end and " " in m.text.strip():
            return next(w.i for w in words if w.start >= m.start), k - 1, 1
    return None


SUBJECT_GAP = 3  # words between the person noun and its verb (جنديا في الحلف قتل)
# what may follow a passive verb of fate; a noun or a number there is its object (قتل مدنيين)
_AFTER_PASSIVE = ("في", "ب", "خلال", "جراء", "اثناء", "ايضا", "امس", "اليوم", "عندما", "حين", "اثر", "عقب", "متاثر")


def _subject_noun(words: Sequence[Word], k: int) -> tuple[int, int, int] | None:
    """"أعلن الحلف أن جنديا من قواته قتل": an indefinite person noun right after أن or إن, then
    within a few words a singular verb of fate with no object, counts one."""
    lex = singular_lexicon()
    if not words[k].has(lex.subject_verbs):
        return None
    if k + 1 < len(words) and not words[k + 1].is_punct and not words[k + 1].key.startswith(_AFTER_PASSIVE):
        return None
    for j in range(k - 1, max(0, k - 2 - SUBJECT_GAP), -1):
        if words[j].is_clause_punct:
            return None
        if words[j - 1].has(reporting_lexicon().complementizers) and words[j].key.endswith("ا") \
                and words[j].has(lex.persons):
            return j, j, 1
    return None
