"""Sentence and token segmentation over the original text, aware of attached clitics.

Tokens keep their original offsets. A leading clitic glued to a number (والـ١٣٠, بـ5)
becomes its own token so that the number is a token by itself; clitics glued to words
stay in the token and are marked by ``stem_offset`` (ANERcorp-style tokens, so that the
NER model and the matchers see the same units).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter

from tabayyun.model import Sentence, Token
from tabayyun.text.normalize import WORD_CACHE_SIZE, normalize_text

_DIGIT = r"[0-9\u0660-\u0669\u06F0-\u06F9]"
_NUMBER = rf"{_DIGIT}+(?:[.,\u066B\u066C]{_DIGIT}+)*"
_WORD = r"[^\W\d_\u0660-\u0669\u06F0-\u06F9]+|[\u0640\u064B-\u065F\u0670]+"
# a clitic (و ف ب ل ك ال لل and their combinations) glued to a number, with optional tatweel or hyphen
_CLITIC_NUMBER = rf"(?P<clitic>(?:[وف]?(?:[بلك]|ال|لل)|[وف])[\u0640\-]*)(?P<num>{_NUMBER})"
_TOKEN_RE = re.compile(
    rf"{_CLITIC_NUMBER}|(?P<number>{_NUMBER}(?:[\u0640]*))|(?P<word>(?:{_WORD})(?:[\u0640\u064B-\u065F\u0670\u200c\u200d]|{_WORD})*)|(?P<punct>\S)"
)

# (space before, token, clitic, its number, number, word, mark): the pattern's groups after the first two
_SPACED_TOKEN_RE = re.compile(rf"(\s*)({_TOKEN_RE.pattern})")
_SPACE_AND_TOKEN, _TOKEN_TEXT, _CLITIC = itemgetter(0, 1), itemgetter(1), itemgetter(2)
_NORM, _STEM_OFFSET = itemgetter(0), itemgetter(1)

_PROCLITICS = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "و", "ف", "ب", "ل", "ك")
# by their first letter, in the order above: a word is tried only against those it can begin with
_PROCLITICS_BY_LETTER = {first: tuple(c for c in _PROCLITICS if c[0] == first) for first in {c[0] for c in _PROCLITICS}}

# Sentence ends: . ! ? ؟ and line breaks. A dot between digits (1.5) or after a single
# letter (initials such as "أ.") does not end a sentence.
# (every end begins with one of [.!?؟\n]: saying so first lets the engine skip other characters quickly)
_SENTENCE_END = re.compile(r"(?=[.!?؟\n])(?:(?<!\d)(?<!\b\w)[.!?؟]+[\"'»”)]*(?=\s|$)|\n\s*\n|\n)")


def clitic_stem_offset(word: str) -> int:
    """Where the stem starts after leading clitics, keeping at least three letters of stem.
    A word that merely begins with one of these letters (بيروت، وزارة) is not split: the
    caller decides with a lexicon; here only the article-bearing forms are split confidently."""
    for clitic in _PROCLITICS_BY_LETTER.get(word[:1], ()):
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            if clitic.endswith("ال"):
                return len(clitic) - 2  # keep the article with the stem: والحسكة -> الحسكة
            if clitic.endswith("لل"):
                return len(clitic)  # ل + elided article: للحسكة -> حسكة
            if word[len(clitic):].startswith("ال"):
                return len(clitic)
    return 0


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _token_norm(surface: str) -> str:
    return normalize_text(surface, fold_ta_marbuta=True)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _word_info(surface: str) -> tuple[str, int]:
    """(norm, stem offset) of a word token: computed once per spelling."""
    return _token_norm(surface), clitic_stem_offset(surface)


# A frozen dataclass's __init__ is a Python call that sets each field through object.__setattr__:
# a document's tokens are made as blank objects and filled field by field through the slots'
# descriptors, each field of all tokens in one C loop (the same objects, at about 60 % of the cost)
_NEW = object.__new__
_FIELD_SETTERS = tuple(getattr(Token, name).__set__ for name in ("start", "end", "text", "norm", "stem_offset"))


def _tokens(*columns: Sequence[object]) -> list[Token]:
    """Tokens from columns of their fields (start, end, text, norm, stem offset), as ``map(Token, ...)``."""
    tokens: list[Token] = list(map(_NEW, repeat(Token, len(columns[0]))))
    for put, column in zip(_FIELD_SETTERS, columns, strict=True):
        list(map(put, tokens, column))
    return tokens


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    stop = len(text) if end is None else end
    # every non-space character is in a token, so each match is the white space before a token and
    # the token: findall gives both as strings (no match object per token) and their lengths summed
    # give the offsets; the tokens are built by map, with no Python step per token
    pieces = _SPACED_TOKEN_RE.findall(text, start, stop)
    texts = list(map(_TOKEN_TEXT, pieces))
    bounds = list(accumulate(map(len, chain.from_iterable(map(_SPACE_AND_TOKEN, pieces))), initial=start))
    starts = bounds[1::2]
    # a number, a punctuation mark or a word is told by its spelling alone, so one cache per
    # spelling gives its (norm, stem offset); a number's or a mark's offset is 0 (no clitic letters)
    infos = list(map(_word_info, texts))
    tokens = _tokens(starts, bounds[2::2], texts, list(map(_NORM, infos)), list(map(_STEM_OFFSET, infos)))
    glued = list(compress(range(len(pieces)), map(_CLITIC, pieces)))
    if not glued:
        return tokens
    # a clitic glued to a number is a token of its own, before the number's
    out: list[Token] = []
    done = 0
    for i in glued:
        out.extend(tokens[done:i])
        clitic, number, cs = pieces[i][2], pieces[i][3], starts[i]
        ns = cs + len(clitic)
        out.append(Token(cs, ns, clitic, _token_norm(clitic)))
        out.append(Token(ns, ns + len(number), number, _token_norm(number)))
        done = i + 1
    out.extend(tokens[done:])
    return out


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]``, trimmed of surrounding white space."""
    stop = len(text) if end is None else end
    sentences: list[Sentence] = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, stop):
        _append_trimmed(text, cursor, m.end(), sentences)
        cursor = m.end()
    _append_trimmed(text, cursor, stop, sentences)
    return sentences


def _append_trimmed(text: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e, text[s:e]))
