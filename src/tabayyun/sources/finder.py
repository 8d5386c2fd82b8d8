"""Finding the cited sources of one sentence: reporting verbs, according-to phrases,
subject-first reports and ``X:`` headlines, each with its source phrase and direction.

A ``Cue`` is what one sentence says about who speaks; the attributions stage resolves
anaphora (المصادر، وأضاف) across sentences and turns cues into scoped Attribution spans. The
clause structure around a verb (where a subject starts, direct speech) is ``sources.clauses``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from tabayyun.model import SourceKind
from tabayyun.sources.clauses import (
    CLAUSE_OPENERS,
    TOPIC,
    after_pronoun_opener,
    bad_first_word,
    clause_inside,
    followed_by_report,
    is_speech_verb,
    never_subject,
    past_parenthesis,
    quoted_speech,
    report_after_aside,
    skip_asides,
    starts_clause,
    subject_start,
    verb_key,
    verb_key_of,
)
from tabayyun.sources.lexicon import lexicon
from tabayyun.sources.media import is_recipient_start, media_end, trailing_recipients
from tabayyun.sources.phrases import Phrase, appositive_kind, head_kind, possessed, scan_phrase
from tabayyun.sources.words import Word, clitic_forms, match_phrase, where_key
from tabayyun.text.normalize import WORD_CACHE_SIZE

_SAME_VOICE = ("فيه", "فيها", "فيهما")
_RELATIVES = ("الذي", "التي", "الذين")
_TAKE_LI = ("وفقا", "طبقا", "استنادا")  # according-to words that take لـ glued to the source
_ISSUED = ("صدر", "صادر", "الصادر", "صادرا", "صدرت", "صادره")
_VERBS_WITH_SOURCE_OBJECT = ("نقل", "نقلت", "ينقل", "تنقل")
MAX_SUBJECT_FIRST = 14
_COMMAS = frozenset({",", "،"})
_LATEST = ("اخر", "احدث", "اخري")
MAX_COLON_HEAD = 5
MAX_BARE_NAME = 4
STATEMENT_WINDOW = 8


class Direction(StrEnum):
    FORWARD = "forward"    # speaks for what follows: قال X إن …
    BACKWARD = "backward"  # speaks for what came before: …، بحسب X
    SPAN = "span"          # named in passing (the agency in نقلت وكالة X عن مصادر): covers only itself


@dataclass(slots=True)
class Cue:
    trigger: int                 # word index of the verb, preposition or phrase start
    phrase: Phrase | None        # None: a continuation verb with a pronoun subject (وأضاف أن)
    direction: Direction
    kind: SourceKind | None
    via: list[tuple[int, int]] = field(default_factory=list)
    bare_name: bool = False      # a name with no title: may be a surname of an earlier source


def _phrase_kind(words: Sequence[Word], phrase: Phrase) -> SourceKind | None:
    return head_kind(words[phrase.first:phrase.last + 1])


def _recipients(words: Sequence[Word], phrase: Phrase | None, after: int) -> list[tuple[int, int]]:
    via = list(phrase.recipients) if phrase else []
    stop = min(len(words), after + 14)
    via.extend(r for r in trailing_recipients(words, after, stop) if r not in via)
    return via


def _verb_cues(words: Sequence[Word], i: int, cues: list[Cue]) -> int:
    """Cues opened by the reporting verb at ``words[i]``; returns the index to resume from."""
    lex = lexicon()
    verb = words[i]
    vkey = verb_key(verb)
    k = skip_asides(words, i + 1)
    if k < len(words) and words[k].key in _SAME_VOICE:
        if not (i > 0 and words[i - 1].key in _RELATIVES):
            return i + 1
        k = skip_asides(words, k + 1)  # الوقت الذي أعلنت فيه المقاومة: فيه is the relative's pronoun
    if vkey in lex.statement and not any(w.has(lex.statement_nouns) or w.has(lex.complementizers)
                                         for w in words[i + 1:i + 1 + STATEMENT_WINDOW]):
        return i + 1  # نشرت الوكالة صورا: no statement; نشرت الوكالة أن…: a report
    # subject-first: "المرصد السوري قال إن…" / "مصادر للميادين تؤكد أن…" / "أما الحزب فتحدث عن…"
    topic_verb = verb.key != vkey and verb.key.startswith("ف")
    # the verb's subject stands before it only when the report follows the verb at once
    fronted = _apposed_subject(words, i) if verb.key == vkey and followed_by_report(words, i + 1) else None
    if fronted is not None:
        first = fronted[0]
        while first < i - 2 and words[first].key in CLAUSE_OPENERS:
            first += 1
        if not bad_first_word(words[first]):
            cues.append(Cue(first, Phrase(first, i - 2), Direction.FORWARD, fronted[1], _recipients(words, None, first)))
            return i + 1
    if (verb.key == vkey or topic_verb) and not starts_clause(words, i):
        c = i
        while c > 0 and not words[c - 1].is_clause_punct:
            c -= 1
        topic = c < i and words[c].key in TOPIC
        while c < i and words[c].key in CLAUSE_OPENERS:
            c += 1
        if 0 < i - c <= MAX_SUBJECT_FIRST and (topic or not topic_verb):
            kind = head_kind(words[c:i])
            last = i - 1
            while last > c and words[last].key in ("قد", "وقد", "لقد"):
                last -= 1  # المتحدث الأمني قد صرح: قد belongs to the verb
            if kind is not None and not bad_first_word(words[c]) and not clause_inside(words[c:last + 1]):
                cues.append(Cue(c, Phrase(c, last), Direction.FORWARD, kind, _recipients(words, None, c)))
                return i + 1
    k, front = subject_start(words, k)
    phrase = scan_phrase(words, k) if k < len(words) and not never_subject(words[k]) else None
    if phrase is not None and bad_first_word(words[phrase.first]):
        phrase = None
    if phrase is not None and front:
        phrase = Phrase(phrase.first, phrase.last, (*front, *phrase.recipients))
    if phrase is not None:
        phrase = _issuer(words, phrase)
    kind = _phrase_kind(words, phrase) if phrase else None
    bare = False
    if phrase is not None and kind is None:
        n = sum(1 for w in words[phrase.first:phrase.last + 1] if not w.is_punct)
        apposed = appositive_kind(words[phrase.first:phrase.last + 6])
        if n <= MAX_BARE_NAME and words[phrase.first].has(lex.stop_words | lex.not_sources | lex.complementizers):
            phrase = None
        elif possessed(words[phrase.first]):
            phrase = None  # تشير معلوماتنا إلى، لم تكشف هويتهما: a thing with its owner's pronoun names no one
        elif (n <= MAX_BARE_NAME and followed_by_report(words, phrase.last + 1)) or apposed is not None:
            # a name, or a name and its title (ذبيح الله مجاهد المتحدث باسم طالبان)
            kind, bare = apposed or SourceKind.PERSON, n <= MAX_BARE_NAME
        else:
            phrase = None
    end = phrase.last + 1 if phrase else k
    if phrase is None:
        if not (starts_clause(words, i) or i <= 1 or after_pronoun_opener(words, i)) or vkey not in lex.continuation:
            return i + 1
        # a pronoun subject is only read when the report follows at once (وأضاف أن…، وأشار إلى…),
        # maybe after the channel it went through (وقال وفقا لما نقلته وكالة X إن…)
        if not followed_by_report(words, k) and not (k < len(words) and words[k].has(lex.time_words)) \
                and k < len(words) and not words[k].key.startswith(("ب", "ان", "ال")) \
                and not match_phrase(words, k, lex.prepositions) and not report_after_aside(words, k):
            return i + 1
        cues.append(Cue(i, None, Direction.FORWARD, None, [*front, *_recipients(words, None, k)]))
        return k
    if bare and vkey in _VERBS_WITH_SOURCE_OBJECT and not (end < len(words) and words[end].key == "عن"):
        return i + 1  # نقلت الجرحى: نقل without عن carries people or goods, not a report
    via = _recipients(words, phrase, end)
    end = past_parenthesis(words, end)
    relay = _relayed_from(words, end)  # قالت وكالة X، اليوم، نقلا عن الوزارة إن…: X relays the ministry
    if relay is None and vkey in _VERBS_WITH_SOURCE_OBJECT:
        relay = _from_after(words, end)  # نقلت وكالة X، عن مسؤولين، أن…
    if relay is not None:
        end = relay
        inner = scan_phrase(words, end + 1)
        inner_kind = _phrase_kind(words, inner) if inner else None
        if inner is not None and inner_kind is None and inner.last - inner.first < MAX_BARE_NAME:
            inner_kind = SourceKind.PERSON  # نقل عن X: whoever X is, X is quoted
        if inner is not None and inner_kind is not None:
            outer_span = (words[phrase.first].start, words[phrase.last].end)
            cues.append(Cue(phrase.first, phrase, Direction.SPAN, kind))
            cues.append(Cue(i, inner, Direction.FORWARD, inner_kind, [outer_span, *_recipients(words, inner, inner.last + 1)]))
            return inner.last + 1
    cues.append(Cue(i, phrase, Direction.FORWARD, kind, via, bare))
    return end


def _apposed_subject(words: Sequence[Word], i: int) -> tuple[int, SourceKind] | None:
    """A subject set before the verb at ``i`` with its title between commas ("لكن عبد الرضي
    صافي، قائد الجيش في الولاية، تحدث عن…"): its first word and the kind its title gives. Only a
    name segment after a clause break and a title segment, a few words in all, are read."""
    if i < 2 or words[i - 1].text not in _COMMAS:
        return None
    title = i - 1
    while title > 0 and not words[title - 1].is_clause_punct:
        title -= 1
    if title == i - 1 or title < 2 or words[title - 1].text not in _COMMAS:
        return None
    name = title - 1
    while name > 0 and not words[name - 1].is_clause_punct:
        name -= 1
    # the title after the name (فلان، قائد الجيش،) or before it (وزير الداخلية، فلان،)
    kind = appositive_kind(words[title:i - 1]) or head_kind(words[name:title - 1])
    if name == title - 1 or (i - 1) - name > MAX_SUBJECT_FIRST or kind is None:
        return None
    return name, kind


def _preposition_cues(words: Sequence[Word], i: int, n: int, cues: list[Cue]) -> int:
    lex = lexicon()
    k = i + n
    if k < len(words) and words[k].key == "ما":
        k += 1
    verb = None
    if k < len(words) and any(words[k].key.startswith(v) and len(words[k].key) - len(v) <= 3 for v in lex.speech
                              if len(v) >= 3):
        verb = words[k]
        k += 1
    k = skip_asides(words, k)
    if k + 1 < len(words) and words[k].key in _LATEST and words[k + 1].has(lex.statement_nouns):
        k += 1  # بحسب آخر حصيلة لـ…: the latest toll of X is X's
    phrase = scan_phrase(words, k) if k < len(words) else None
    # وفقا لوكالة X: the لـ the preposition takes is glued to the source's first word
    takes_li = any(f in _TAKE_LI for f in words[i + n - 1].forms) and k < len(words) and words[k].key.startswith("ل")
    if phrase is None or (bad_first_word(words[phrase.first]) and not takes_li):
        return i + n
    kind = _phrase_kind(words, phrase)
    if kind is not None and phrase.first < phrase.last and words[phrase.first].has(lex.statement_nouns) \
            and words[phrase.first + 1].key.startswith("ل") and _word_kind_glued(words[phrase.first + 1]):
        phrase = Phrase(phrase.first + 1, phrase.last, phrase.recipients)  # حصيلة لقوات خفر السواحل: the body
    if kind is None:
        phrase = _publisher(words, phrase)
        if phrase is None:
            return i + n
        kind = SourceKind.AGENCY
    opening = all(w.is_punct or w.key in ("و", "ف") for w in words[:i])
    direction = Direction.FORWARD if opening else Direction.BACKWARD
    end = phrase.last + 1
    if verb is not None and verb_key(verb)[:3] in ("نقل", "تنق", "ينق") and end + 1 < len(words) \
            and words[end].key == "عن":
        inner = scan_phrase(words, end + 1)  # بحسب ما نقلت وكالة X عن مصادر: the sources speak, through X
        inner_kind = _phrase_kind(words, inner) if inner else None
        if inner is not None and inner_kind is not None:
            outer_span = (words[phrase.first].start, words[phrase.last].end)
            cues.append(Cue(phrase.first, phrase, Direction.SPAN, kind))
            cues.append(Cue(i, inner, direction, inner_kind, [outer_span, *_recipients(words, inner, inner.last + 1)]))
            return inner.last + 1
    cues.append(Cue(i, phrase, direction, kind, _recipients(words, phrase, end)))
    return end


def _from_after(words: Sequence[Word], k: int) -> int | None:
    """Index of the عن right after a source phrase, past commas."""
    while k < len(words) and words[k].key in (",", "،"):
        k += 1
    return k if k < len(words) and words[k].key == "عن" else None


def _word_kind_glued(w: Word) -> bool:
    """A word with لـ glued to a source head (لقوات، لوزارة)."""
    return head_kind([w]) is not None


def _relayed_from(words: Sequence[Word], k: int) -> int | None:
    """Index of the عن of a ``نقلا عن`` right after a speaker (past commas and time words)."""
    lex = lexicon()
    while k < len(words) and (words[k].key in (",", "،") or words[k].has(lex.time_words)):
        k += 1
    if k + 1 < len(words) and words[k].key == "نقلا" and words[k + 1].key == "عن":
        return k + 1
    return None


def _issuer(words: Sequence[Word], phrase: Phrase) -> Phrase:
    """``بيان صدر عن مكتب المحافظ``: a statement issued by a body speaks with the body's voice."""
    lex = lexicon()
    first, last = words[phrase.first], words[phrase.last]
    if first.has(lex.statement_nouns) and last.key in _ISSUED and phrase.last + 2 < len(words) \
            and words[phrase.last + 1].key == "عن":
        inner = scan_phrase(words, phrase.last + 2)
        if inner is not None and _phrase_kind(words, inner) is not None:
            return inner
    return phrase


def _publisher(words: Sequence[Word], phrase: Phrase) -> Phrase | None:
    """``بحسب حصيلة لوكالة فرانس برس``: what a medium published (a statement noun and لـ + the
    medium) is cited for the medium: the phrase of its name."""
    lex = lexicon()
    if not phrase.recipients or not all(w.has(lex.statement_nouns) for w in words[phrase.first:phrase.last + 1]
                                        if not w.is_punct):
        return None
    start, end = phrase.recipients[0]
    inside = [w.i for w in words if start <= w.start and w.end <= end] or \
        [w.i for w in words if w.start < end and start < w.end]
    return Phrase(inside[0], inside[-1]) if inside else None


def _colon_cue(words: Sequence[Word], cues: list[Cue]) -> None:
    """``مصادر الميادين: 130 عنصرا…`` — a headline or bullet that names its source before a colon."""
    lead = 0
    while lead < len(words) and words[lead].is_punct:
        lead += 1
    for k, w in enumerate(words[:lead + MAX_COLON_HEAD + 1]):
        if k < lead:
            continue
        if w.text == ":" or w.key == ":":
            if k == lead:
                return
            kind = head_kind(words[lead:k])
            if kind is not None and kind is not SourceKind.PERSON and not any(is_speech_verb(words, j) for j in range(lead, k)):
                cues.append(Cue(lead, Phrase(lead, k - 1), Direction.FORWARD, kind))
            return
        if w.is_clause_punct:
            return


def find_cues(words: Sequence[Word]) -> list[Cue]:
    """Every source cue of one sentence, in text order."""
    lex = lexicon()
    cues: list[Cue] = []
    _colon_cue(words, cues)
    i = cues[0].phrase.last + 2 if cues and cues[0].phrase else 0
    quoted = quoted_speech(words)
    # a cue begins only at a reporting noun, a preposition phrase's first word or a reporting
    # verb: the loop goes from one such word to the next (every other word would only be passed over)
    starts = where_key(words, _may_begin_cue)
    while (j := bisect_left(starts, i)) < len(starts):
        i = starts[j]
        w = words[i]
        if i in quoted:
            i += 1  # a speaker's own words: the sources he cites are part of his claim
            continue
        if w.has(lex.speech_nouns) and _noun_cue(words, i, cues):
            i += 1
            continue
        n = match_phrase(words, i, lex.prepositions)
        if n:
            i = _preposition_cues(words, i, n, cues)
            continue
        if is_speech_verb(words, i) and not w.is_number:
            if i > 0 and words[i - 1].has(lex.negations):
                i += 1  # لم يذكر، ولم تنقل الوكالة عن أي مصدر: nothing is reported
                continue
            i = _verb_cues(words, i, cues)
            continue
        i += 1
    return cues


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _may_begin_cue(key: str) -> bool:
    """Whether ``find_cues`` can read a cue at a word: a form is a reporting noun or begins a
    preposition phrase, or the word (maybe after و/ف) is a reporting verb (``is_speech_verb``
    then decides with the context). Decided once per key (a word's forms are its key's
    ``clitic_forms``; one string is a cheaper cache key than the key and the forms)."""
    lex = lexicon()
    return not _cue_forms().isdisjoint(clitic_forms(key)) or key in lex.speech or verb_key_of(key) in lex.speech


@lru_cache(maxsize=1)
def _cue_forms() -> frozenset[str]:
    """The forms a cue may begin at whatever the context: a preposition phrase's first word and a
    reporting noun (one set, so that a new word's forms are tested in one call)."""
    lex = lexicon()
    return frozenset(lex.prepositions.by_first).union(lex.speech_nouns)


def _noun_cue(words: Sequence[Word], i: int, cues: list[Cue]) -> bool:
    """``غداة إعلان منظمة X أن…``: a verbal noun of reporting with its source as genitive, then the report."""
    phrase = scan_phrase(words, i + 1) if i + 1 < len(words) else None
    if phrase is None or _phrase_kind(words, phrase) is None:
        return False
    k = phrase.last + 1
    if k >= len(words) or not words[k].has(lexicon().complementizers):
        return False
    cues.append(Cue(i, phrase, Direction.FORWARD, _phrase_kind(words, phrase), list(phrase.recipients)))
    return True


def recipient_spans(words: Sequence[Word], k: int) -> tuple[int, int] | None:
    """The outlet named by ``لـ`` + media at ``words[k]``, as character offsets."""
    start = is_recipient_start(words, k)
    if start is None:
        return None
    return words[start].start, words[media_end(words, start)].end
