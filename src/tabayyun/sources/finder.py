"""Finding the cited sources of one sentence: reporting verbs, according-to phrases,
subject-first reports and ``X:`` headlines, each with its source phrase and direction.

A ``Cue`` is what one sentence says about who speaks; the attributions stage resolves
anaphora (المصادر، وأضاف) across sentences and turns cues into scoped Attribution spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from tabayyun.model import SourceKind
from tabayyun.sources.phrases import (
    Phrase,
    appositive_kind,
    head_kind,
    is_recipient_start,
    lexicon,
    media_end,
    scan_phrase,
    trailing_recipients,
)
from tabayyun.sources.words import Word, match_phrase
from tabayyun.text.normalize import WORD_CACHE_SIZE

# words a clause may open with before its subject (وكان المرصد قد أعلن…)
_CLAUSE_OPENERS = ("كان", "وكان", "فيما", "بينما", "لكن", "ولكن", "كما", "ثم", "وقد", "قد", "فقد", "حيث", "إذ", "اذ")
_SAME_VOICE = ("فيه", "فيها", "فيهما")
_SO_CALLED = ("يسمي", "تسمي", "يعرف", "تعرف", "سمي")
# the resumptive pronoun of a relative clause between verb and subject: بحسب ما أفاد به مسؤول
_RESUMPTIVE = ("به", "بها", "بهما", "بهم")
MAX_PARENTHESIS = 4
_VERBS_WITH_SOURCE_OBJECT = ("نقل", "نقلت", "ينقل", "تنقل")
MAX_SUBJECT_FIRST = 14
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


def _verb_key(w: Word) -> str:
    return _verb_key_of(w.key)


def _verb_key_of(key: str) -> str:
    if key[:1] in ("و", "ف") and len(key) > 3:
        return key[1:]
    return key


def is_speech_verb(words: Sequence[Word], i: int) -> bool:
    """A reporting verb; forms that are also nouns or prepositions (بين، تابع) only after و/ف or
    at the start of a clause."""
    lex = lexicon()
    w = words[i]
    vkey = _verb_key(w)
    if w.key not in lex.speech and vkey not in lex.speech:
        return False
    if vkey in lex.ambiguous and w.key == vkey and not _starts_clause(words, i):
        k = i - 1
        while k >= 0 and words[k].has(lex.time_words):
            k -= 1
        return k < 0 or words[k].is_clause_punct
    return True


def _starts_clause(words: Sequence[Word], i: int) -> bool:
    return i == 0 or words[i - 1].is_clause_punct


def _skip(words: Sequence[Word], k: int) -> int:
    """Past time words and ``ما يسمى`` (the so-called) between a verb and its subject."""
    lex = lexicon()
    while k < len(words):
        if words[k].has(lex.time_words) or words[k].key in _RESUMPTIVE:
            k += 1
        elif words[k].key == "ما" and k + 1 < len(words) and words[k + 1].key in _SO_CALLED:
            k += 2
        else:
            break
    return k


def _past_parenthesis(words: Sequence[Word], k: int) -> int:
    """Past a short aside in brackets after a name: وكالة الأنباء الصومالية (صونا) عن…"""
    if k < len(words) and words[k].text == "(":
        for j in range(k + 1, min(len(words), k + MAX_PARENTHESIS + 2)):
            if words[j].text == ")":
                return j + 1
    return k


def _phrase_kind(words: Sequence[Word], phrase: Phrase) -> SourceKind | None:
    return head_kind(words[phrase.first:phrase.last + 1])


def _followed_by_report(words: Sequence[Word], k: int) -> bool:
    """A name is a speaker when what follows it is the report: أن / إن / : / إلى / عن."""
    lex = lexicon()
    while k < len(words) and (words[k].is_quote or words[k].key in (",",)):
        k += 1
    if k >= len(words):
        return False
    w = words[k]
    return w.has(lex.complementizers) or w.key in (":", "الي") or w.text == ":"


def _bad_first_word(w: Word) -> bool:
    """A phrase cannot open with a preposition glued to a non-head word (تابع لقوات…)."""
    lex = lexicon()
    if w.key in lex.heads or w.key in lex.person_titles:
        return False
    return w.key[:1] in ("ل", "ب") and any(f in lex.heads for f in w.forms[1:])


def _recipients(words: Sequence[Word], phrase: Phrase | None, after: int) -> list[tuple[int, int]]:
    via = list(phrase.recipients) if phrase else []
    stop = min(len(words), after + 14)
    via.extend(r for r in trailing_recipients(words, after, stop) if r not in via)
    return via


def _verb_cues(words: Sequence[Word], i: int, cues: list[Cue]) -> int:
    """Cues opened by the reporting verb at ``words[i]``; returns the index to resume from."""
    lex = lexicon()
    verb = words[i]
    vkey = _verb_key(verb)
    k = _skip(words, i + 1)
    if k < len(words) and words[k].key in _SAME_VOICE:
        return i + 1
    if vkey in lex.statement and not any(w.has(lex.statement_nouns) for w in words[i + 1:i + 1 + STATEMENT_WINDOW]):
        return i + 1
    # subject-first: "المرصد السوري قال إن…" / "مصادر للميادين تؤكد أن…"
    if verb.key == vkey and not _starts_clause(words, i):
        c = i
        while c > 0 and not words[c - 1].is_clause_punct:
            c -= 1
        while c < i and words[c].key in _CLAUSE_OPENERS:
            c += 1
        if 0 < i - c <= MAX_SUBJECT_FIRST:
            kind = head_kind(words[c:i])
            if kind is not None and not _bad_first_word(words[c]):
                cues.append(Cue(c, Phrase(c, i - 1), Direction.FORWARD, kind, _recipients(words, None, c)))
                return i + 1
    phrase = scan_phrase(words, k) if k < len(words) else None
    if phrase is not None and _bad_first_word(words[phrase.first]):
        phrase = None
    kind = _phrase_kind(words, phrase) if phrase else None
    bare = False
    if phrase is not None and kind is None:
        n = sum(1 for w in words[phrase.first:phrase.last + 1] if not w.is_punct)
        apposed = appositive_kind(words[phrase.first:phrase.last + 6])
        if n <= MAX_BARE_NAME and words[phrase.first].has(lex.stop_words | lex.not_sources | lex.complementizers):
            phrase = None
        elif n <= MAX_BARE_NAME and (_followed_by_report(words, phrase.last + 1) or apposed is not None):
            kind, bare = apposed or SourceKind.PERSON, True
        else:
            phrase = None
    end = phrase.last + 1 if phrase else k
    if phrase is None:
        if not (_starts_clause(words, i) or i <= 1) or vkey not in lex.continuation:
            return i + 1
        # a pronoun subject is only read when the report follows at once (وأضاف أن…، وأشار إلى…),
        # maybe after the channel it went through (وقال وفقا لما نقلته وكالة X إن…)
        if not _followed_by_report(words, k) and not (k < len(words) and words[k].has(lex.time_words)) \
                and k < len(words) and not words[k].key.startswith(("ب", "ان", "ال")) \
                and not match_phrase(words, k, lex.prepositions):
            return i + 1
        cues.append(Cue(i, None, Direction.FORWARD, None, _recipients(words, None, k)))
        return k
    if bare and vkey in _VERBS_WITH_SOURCE_OBJECT and not (end < len(words) and words[end].key == "عن"):
        return i + 1  # نقلت الجرحى: نقل without عن carries people or goods, not a report
    via = _recipients(words, phrase, end)
    end = _past_parenthesis(words, end)
    if vkey in _VERBS_WITH_SOURCE_OBJECT and end < len(words) and words[end].key == "عن":
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


def _preposition_cues(words: Sequence[Word], i: int, n: int, cues: list[Cue]) -> int:
    lex = lexicon()
    k = i + n
    if k < len(words) and words[k].key == "ما":
        k += 1
    if k < len(words) and any(words[k].key.startswith(v) and len(words[k].key) - len(v) <= 3 for v in lex.speech
                              if len(v) >= 3):
        k += 1
    k = _skip(words, k)
    phrase = scan_phrase(words, k) if k < len(words) else None
    if phrase is None or _bad_first_word(words[phrase.first]):
        return i + n
    kind = _phrase_kind(words, phrase)
    if kind is None:
        return i + n
    opening = all(w.is_punct or w.key in ("و", "ف") for w in words[:i])
    direction = Direction.FORWARD if opening else Direction.BACKWARD
    cues.append(Cue(i, phrase, direction, kind, _recipients(words, phrase, phrase.last + 1)))
    return phrase.last + 1


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
    # a cue begins only at a preposition phrase's first word or a reporting verb: the others are passed over
    for k in [k for k, w in enumerate(words) if _may_begin_cue(w.key, w.forms)]:
        if k < i:
            continue
        i = k
        n = match_phrase(words, i, lex.prepositions)
        if n:
            i = _preposition_cues(words, i, n, cues)
        elif is_speech_verb(words, i) and not words[i].is_number:
            i = _verb_cues(words, i, cues)
        else:
            i += 1
    return cues


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _may_begin_cue(key: str, forms: tuple[str, ...]) -> bool:
    """Whether ``find_cues`` can read a cue at a word: a form begins a preposition phrase, or the
    word (maybe after و/ف) is a reporting verb (``is_speech_verb`` then decides with the context)."""
    lex = lexicon()
    firsts = lex.prepositions.by_first
    return any(f in firsts for f in forms) or key in lex.speech or _verb_key_of(key) in lex.speech


def recipient_spans(words: Sequence[Word], k: int) -> tuple[int, int] | None:
    """The outlet named by ``لـ`` + media at ``words[k]``, as character offsets."""
    start = is_recipient_start(words, k)
    if start is None:
        return None
    return words[start].start, words[media_end(words, start)].end
