"""Source phrases: where the noun phrase naming a source ends, what kind of source it is, and
which outlets it passed through (the ``لـ«الوطن»`` a source spoke to).

Everything here works on the ``Word`` lists of one sentence; the word lists are in
``sources.lexicon``, media names in ``sources.media``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tabayyun.model import SourceKind
from tabayyun.sources.lexicon import (
    is_number_word,
    is_verb_form,
    lexicon,
    light,
    measure_triggers,
    opens_number,
)
from tabayyun.sources.media import MAX_QUOTED_NAME, generic_medium, is_recipient_start, media_end, outlet_name
from tabayyun.sources.words import Word

MAX_PHRASE_WORDS = 10
_ACCUSATIVE = "\u064b"  # tanwin fath marks an object, never part of a subject phrase


# never a speaker alone (ودعا الله), but inside a phrase the second half of a theophoric name:
# عبد الله، نصر الله، حزب الله، أنصار الله
_NAME_PARTS = frozenset({"الله"})


@dataclass(frozen=True, slots=True)
class Phrase:
    """A source phrase: words ``[first, last]`` of the sentence, plus the outlets it names as
    recipients (``لـ«الوطن»``), each as (start, end) character offsets."""

    first: int
    last: int
    recipients: tuple[tuple[int, int], ...] = ()


def head_key(w: Word) -> str:
    """The head word with clitics and article set aside, singular and plural folded."""
    lex = lexicon()
    for f in w.forms:
        if f in lex.same_head:
            return lex.same_head[f]
    base = w.forms[-1]
    return lex.same_head.get(base, base)


def head_kind(words: Sequence[Word]) -> SourceKind | None:
    """The kind a phrase's own words give it (None when nothing marks it as a source)."""
    lex = lexicon()
    content = [w for w in words if not w.is_punct]
    if not content:
        return None
    key = " ".join(w.key for w in content)
    if outlet_name(key) is not None:
        return SourceKind.AGENCY
    first = content[0]
    if first.has(lex.not_sources):
        return None
    if first.has(lex.pronoun_titles):
        return SourceKind.OFFICIAL
    if first.has(lex.person_titles):
        return SourceKind.PERSON
    kind = _word_kind(first)
    if kind is not None:
        return kind
    if len(content) > 1:
        pair = first.forms[-1] + " " + content[1].forms[-1]
        if pair in lex.heads:
            return lex.heads[pair]
        if first.has(lex.statement_nouns):
            # بيان لوزارة الداخلية: a statement speaks with the voice of the body that issued it;
            # إحصاءات رويترز: a tally with the voice of the medium that kept it
            rest = " ".join(f for f in (w.forms[-1] for w in content[1:]))
            if outlet_name(rest) is not None or outlet_name(" ".join(w.key for w in content[1:])) is not None:
                return SourceKind.AGENCY
            kind = _word_kind(content[1])
            if kind is not None:
                return kind
    if any(w.has(lex.media_adjectives) for w in content[1:]):
        return SourceKind.AGENCY  # خدمة X الإخبارية، قناة (X) التلفزيونية: a medium named by its kind
    if len(content) > 1 and first.key in lex.document_sources:
        return SourceKind.ANONYMOUS  # حصيلة رسمية تركية، تقرير أممي: a document of unnamed authors
    return None


def _word_kind(w: Word) -> SourceKind | None:
    lex = lexicon()
    for f in w.forms:
        if f in lex.heads:
            return lex.heads[f]
    for f in w.forms:
        # a possessive ending (مكتبه الإعلامي، وزارتها) does not change the head
        for stem in _stems(f):
            if stem in lex.heads:
                return lex.heads[stem]
    return None


def _stems(key: str) -> list[str]:
    """A key without a possessive pronoun, with its ta marbuta back (وزارتها -> وزاره, مكتبه -> مكتب)."""
    out = []
    for suffix in ("هما", "هم", "ها", "ه"):
        stem = key[:-len(suffix)]
        if key.endswith(suffix) and len(stem) >= 3:
            out.append(stem)
            if stem.endswith("ت"):
                out.append(stem[:-1] + "ه")
    return out


def appositive_kind(words: Sequence[Word]) -> SourceKind | None:
    """A bare name followed by its title (رعد الدهلكي، عضو البرلمان / النائب): the title's kind."""
    lex = lexicon()
    for w in words[1:6]:
        if w.is_punct and w.key != ",":
            continue
        if w.key.startswith("ال") and w.has(lex.person_titles):
            return SourceKind.PERSON
        if (w.key.startswith("ال") or w.key in lex.heads) and w.key in lex.heads \
                and lex.heads[w.key] is SourceKind.OFFICIAL:
            return SourceKind.OFFICIAL
    return None


def scan_phrase(words: Sequence[Word], i: int, limit: int = MAX_PHRASE_WORDS) -> Phrase | None:
    """The source phrase starting at ``words[i]``, or None when no phrase starts there."""
    lex = lexicon()
    k = i
    last = -1
    count = 0
    recipients: list[tuple[int, int]] = []
    while k < len(words) and count < limit:
        w = words[k]
        if w.is_quote:
            close = next((m for m in range(k + 1, min(len(words), k + MAX_QUOTED_NAME + 2)) if words[m].is_quote), None)
            opening = w.text in ("«", "“", "„") or (close is not None)
            if opening and close is not None and all(not x.is_clause_punct for x in words[k + 1:close]) \
                    and not any(x.has(lex.complementizers) for x in words[k + 1:close]):
                last = close
                count += close - k - 1
                k = close + 1
                if k < len(words) and not _goes_on(words[k]):
                    break  # المسؤول «الخضر لصور» سقط…: a quoted name ends the phrase unless an adjective follows
                continue
            if last >= i and not opening and sum(x.is_quote for x in words[i:k]) % 2 == 1:
                last = k  # a closing quote glued after the name
            break
        if count and w.text == "(" and generic_medium(words[i:k]):
            close = next((m for m in range(k + 1, min(len(words), k + MAX_QUOTED_NAME + 2)) if words[m].text == ")"), None)
            if close is not None and close > k + 1 and not any(x.is_clause_punct for x in words[k + 1:close]):
                last, count, k = close, count + close - k - 1, close + 1  # وكالة أنباء (الأناضول)
                continue
        if count and w.text == "." and words[k - 1].key in lex.title_abbreviations:
            last, k = k, k + 1  # د. فلان: the stop of an abbreviated title does not end the name
            continue
        if count and w.text == "." and k + 1 < len(words) and words[k - 1].end == w.start \
                and w.end == words[k + 1].start and not words[k + 1].is_punct:
            last, count, k = k + 1, count + 1, k + 2  # د.ب.أ، دي.إيه.إن: the stops of an abbreviated name
            continue
        if w.is_clause_punct or w.is_number or (count and is_number_word(w)):
            break
        if count and _MEDIA_OBJECT.fullmatch(w.key) and words[k - 1].key not in _TAKES_MEDIUM \
                and not words[k - 1].has(lex.statement_nouns):
            # أفاد مسؤول محلي وكالة فرانس برس: the medium is the verb's object, the channel
            recipients.append((w.start, words[media_end(words, k)].end))
            break
        if count and w.has(lex.statement_nouns) and not w.key.startswith(("ال", "وال")):
            break  # أصدر الرئيس بيانا، أورد المرصد حصيلة: the statement is the verb's object
        if count and possessed(w):
            break  # الوكالة معلوماتها، الجماعة حربها: an object with its pronoun ends the subject
        if count and w.has(measure_triggers()) and k + 1 < len(words) and opens_number(words[k + 1]):
            break  # وفقا لإحصاءات رويترز قتل 29: what the source counts, not its name
        if count and w.key == "بلا" and k + 1 < len(words) and words[k + 1].key == "حدود":
            last, count, k = k + 1, count + 2, k + 2  # أطباء بلا حدود، مراسلون بلا حدود
            continue
        if not count and w.is_punct:
            k += 1
            i = k
            continue
        if count and _ACCUSATIVE in w.text:
            break  # an indefinite object (حظراً، بياناً): the subject has ended
        if w.has(lex.complementizers) or (count and w.has(lex.time_words)):
            break
        if count and (is_verb_form(w) or w.has(lex.stop_words) or w.text in ("على", "وعلى")):
            break
        if w.has(lex.not_sources) and not (count and w.key in _NAME_PARTS):
            break
        if not count and w.has(lex.pronoun_titles):
            return Phrase(k, k)
        if count and w.key in ("في", "من") and k + 1 < len(words):
            nxt = words[k + 1]
            # في وقت لاحق / من انهيار…: a time adverbial or the object of حذر من, not a name part
            if nxt.has(lex.statement_nouns) or nxt.has(lex.complementizers) or nxt.has(lex.time_words) \
                    or nxt.has(lex.stop_words) or possessed(nxt) or light(nxt.text).endswith(("ته", "تها", "تهم")) \
                    or nxt.has(lex.speech_nouns):
                break
        if count and w.key.startswith("ب") and w.key not in ("بن", "بنت") and w.key not in lex.heads \
                and not w.has(lex.institution):
            if w.key in ("ب", "بـ"):
                if not (k + 1 < len(words) and words[k + 1].has(lex.institution)):
                    break
            elif w.key.startswith("بال") or w.key in lex.b_objects or w.key[1:] in lex.b_objects:
                break  # رحبت الوزارة بالقرار، ندد الوزير بشدة: the verb's object, not a name (بحاح، فرانس برس)
        if count:
            rec = is_recipient_start(words, k)
            if rec is not None:
                end = media_end(words, rec)
                recipients.append((words[rec].start, words[end].end))
                break
        last = k
        count += 1
        k += 1
    while last >= i and (words[last].key in ("في", "من", "و", "ل", "ب") or (
            words[last].is_punct and not words[last].is_quote and not _closes_bracket(words, i, last))):
        last -= 1
    if last < i:
        return None
    return Phrase(i, last, tuple(recipients))


# a media head that, right after a source phrase, is the object of أفاد/أبلغ (the recipient)
_MEDIA_OBJECT = re.compile(r"(?:ال)?(?:وكاله|صحيفه|جريده|قناه|اذاعه|مجله)")
# words that take a medium as their genitive inside one name (مدير مكتب وكالة، مراسل قناة، المتحدث باسم صحيفة)
_TAKES_MEDIUM = frozenset({"مكتب", "مدير", "مديره", "رئيس", "رئيسه", "مراسل", "مراسله", "مراسلو", "مراسلي", "محرر",
                           "مندوب", "تحرير", "عام", "باسم", "لدي", "موقع", "حساب", "صفحه", "انباء", "الانباء",
                           "نائب", "مسؤول", "مصدر", "مصادر", "متحدث", "المتحدث"})
_POSSESSIVE = ("ها", "هم", "هما", "نا")


def possessed(w: Word) -> bool:
    """A noun with a possessive pronoun (معلوماتها، حربهم، هويتهما) that is not a source head
    (مكتبه الإعلامي، وزارتها): it is what a source speaks of, never the source."""
    t = light(w.text)
    if len(t) < 5 or not t.endswith(_POSSESSIVE) or t.startswith(("ال", "وال")) or (t.endswith("نا") and len(t) < 7):
        return False
    kind = _word_kind(w)
    return kind is None or kind is SourceKind.ANONYMOUS


def _goes_on(w: Word) -> bool:
    """A word that may follow a quoted name inside one source phrase (its adjective, a place)."""
    lex = lexicon()
    return w.key.startswith(("ال", "وال")) or w.key in ("في", "من", "ب") or w.text == "(" or w.has(lex.institution) \
        or any(f in lex.heads for f in w.forms)


def _closes_bracket(words: Sequence[Word], i: int, last: int) -> bool:
    return words[last].text == ")" and any(w.text == "(" for w in words[i:last])


