"""Word views over a document's tokens, shared by the attribution and claim matchers.

A ``Word`` keeps the token's original offsets and adds what the matchers compare: the
normalised form and its clitic-free candidates (والمصادر -> مصادر, لوكالة -> وكالة), so that a
lexicon lookup is one set membership test per candidate.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache, partial
from itertools import compress
from operator import attrgetter, itemgetter, not_
from typing import NamedTuple

from tabayyun.model import AnalyzedDoc, Token
from tabayyun.spanindex import derived
from tabayyun.text.normalize import WORD_CACHE_SIZE, normalize_key
from tabayyun.text.segment import tokenize

# clause-internal punctuation that ends a source phrase or a claim window
CLAUSE_PUNCT = frozenset({",", "،", ";", "؛", ":", ".", "!", "?", "؟", "(", ")", "[", "]", "-", "–", "—", "|", "…"})
QUOTES = frozenset({"\"", "'", "«", "»", "“", "”", "„", "‘", "’"})

_CONJ = ("و", "ف")
_PREP = ("بال", "لل", "كال", "ال", "ب", "ل", "ك")
# by their first letter, in the order above: a new key is tried only against those it can begin with
_PREP_BY_LETTER = {first: tuple(p for p in _PREP if p[0] == first) for first in {p[0] for p in _PREP}}


class Word(NamedTuple):
    """One token of a sentence with matching keys; ``i`` is its index in the sentence word list
    (a tuple: a document has one per token). ``forms`` are ``clitic_forms(key)``: what is decided
    once per form list may be cached by the key."""

    i: int
    start: int
    end: int
    text: str
    key: str
    forms: tuple[str, ...]

    @property
    def is_punct(self) -> bool:
        return not any(ch.isalnum() for ch in self.text)

    @property
    def is_quote(self) -> bool:
        return self.text in QUOTES

    @property
    def is_clause_punct(self) -> bool:
        return self.text in CLAUSE_PUNCT or self.key in CLAUSE_PUNCT

    @property
    def is_number(self) -> bool:
        return self.key[:1].isdigit()

    def has(self, lexicon: frozenset[str]) -> bool:
        return any(f in lexicon for f in self.forms)

    def match(self, lexicon: frozenset[str]) -> str | None:
        for f in self.forms:
            if f in lexicon:
                return f
        return None


@lru_cache(maxsize=WORD_CACHE_SIZE)
def clitic_forms(key: str) -> tuple[str, ...]:
    """The key and its readings with a leading conjunction, preposition or article set aside,
    longest first; every reading keeps at least two letters."""
    out = [key]
    bases = [key]
    for c in _CONJ:
        if key.startswith(c) and len(key) - len(c) >= 2:
            bases.append(key[len(c):])
            out.append(key[len(c):])
    for base in bases:
        for p in _PREP_BY_LETTER.get(base[:1], ()):
            if base.startswith(p) and len(base) - len(p) >= 2:
                rest = base[len(p):]
                out.append(rest)
                if p in ("بال", "كال", "لل"):
                    out.append("ال" + rest)
        if base.startswith("ال") and len(base) > 4:
            out.append(base[2:])
    seen: dict[str, None] = dict.fromkeys(out)
    return tuple(seen)


def key_set(entries: Iterable[str]) -> frozenset[str]:
    """Normalise lexicon entries the way token keys are normalised."""
    return frozenset(normalize_key(e) for e in entries if e and not e.startswith("_"))


class PhraseSet:
    """Multi-word lexicon entries as tuples of keys, indexed by their first key: a sentence is
    matched by one dictionary probe per form of each word instead of trying every entry."""

    # not a dataclass: the index is derived from the entries once
    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases: tuple[tuple[str, ...], ...] = tuple(sorted(set(phrases), key=len, reverse=True))
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            by_first.setdefault(phrase[0], []).append(phrase)
        # the rest of each phrase, longest first, under its first key
        self.by_first: dict[str, tuple[tuple[str, ...], ...]] = {k: tuple(p[1:] for p in v)
                                                                  for k, v in by_first.items()}

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.phrases)

    def __len__(self) -> int:
        return len(self.phrases)

    def match(self, words: Sequence[Word], i: int) -> int:
        """Length in words of the longest phrase starting at ``words[i]`` (0 when none)."""
        best = 0
        if i >= len(words):
            return best
        by_first = self.by_first
        for form in words[i].forms:
            rests = by_first.get(form)
            if rests is None:
                continue
            for rest in rests:
                n = len(rest) + 1
                if n <= best:
                    break
                if i + n <= len(words) and all(rest[k] in words[i + 1 + k].forms for k in range(n - 1)):
                    best = n
                    break
        return best

    def anywhere(self, words: Sequence[Word]) -> bool:
        """Whether any phrase starts at any word (read only at the words with a form that begins one)."""
        firsts = self.by_first.keys()
        # (the words with a form that begins one found by map and compress: no Python step per word)
        begins = compress(range(len(words)), map(not_, map(firsts.isdisjoint, map(_WORD_FORMS, words))))
        return any(self.match(words, i) for i in list(begins))


class LabelledPhrases:
    """(phrase keys, label) pairs in a fixed order, indexed by first key: ``label_at`` gives the
    label of the first pair whose phrase starts at a word."""

    # not a dataclass: the index is derived from the pairs once
    def __init__(self, pairs: Iterable[tuple[tuple[str, ...], str]]) -> None:
        self.pairs: tuple[tuple[tuple[str, ...], str], ...] = tuple(pairs)
        by_first: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
        for n, (keys, label) in enumerate(self.pairs):
            by_first.setdefault(keys[0], []).append((n, keys[1:], label))
        self.by_first = {k: tuple(v) for k, v in by_first.items()}

    def __iter__(self) -> Iterator[tuple[tuple[str, ...], str]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def label_at(self, words: Sequence[Word], i: int) -> str | None:
        pair = self.pair_at(words, i)
        return pair[1] if pair is not None else None

    def pair_at(self, words: Sequence[Word], i: int) -> tuple[tuple[str, ...], str] | None:
        """The first pair (in the fixed order) whose phrase starts at ``words[i]``, or None."""
        rank = len(self.pairs)
        if i >= len(words):
            return None
        for form in words[i].forms:
            for n, rest, _ in self.by_first.get(form, ()):
                if n >= rank:
                    break
                if i + 1 + len(rest) <= len(words) and all(rest[k] in words[i + 1 + k].forms for k in range(len(rest))):
                    rank = n
                    break
        return self.pairs[rank] if rank < len(self.pairs) else None


def phrase_keys(entries: Iterable[str]) -> PhraseSet:
    """Multi-word lexicon entries as tuples of keys, longest first."""
    return PhraseSet(keys for e in entries if e.strip() and (keys := tuple(normalize_key(e).split())))


def _keys(norm: str, text: str) -> tuple[str, tuple[str, ...]]:
    """(key, clitic forms) of a token with this norm and surface."""
    return _norm_keys(norm) if norm else _norm_keys(normalize_key(text))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _norm_keys(norm: str) -> tuple[str, tuple[str, ...]]:
    """``_keys`` of a token with a norm, which alone decides them: cached by it (a cache of one
    string argument looks the string up as it is, where two arguments build a tuple per call, and
    spellings with one norm share an entry)."""
    key = norm.rstrip("ـ")
    return key, clitic_forms(key)


_new_word = partial(tuple.__new__, Word)  # a named tuple's own constructor is a Python call per token


def _word(i: int, token: Token) -> Word:
    return _new_word((i, token.start, token.end, token.text, *_keys(token.norm, token.text)))


def doc_tokens(doc: AnalyzedDoc) -> Sequence[Token]:
    tokens = doc.layer("tokens")
    if tokens:
        return tokens
    return tokenize(doc.text, 0, doc.document.extraction_end)


def _token_start(token: Token) -> int:
    return token.start


class _Columns(NamedTuple):
    """A document's tokens as columns of what a ``Word`` holds (all but its index in the sentence):
    built once per tokens layer and sliced for each sentence, so that the attribution and claim
    stages, which read every sentence's words, make no Python call per token."""

    starts: list[int]
    ends: list[int]
    texts: list[str]
    keys: list[str]
    forms: list[tuple[str, ...]]


def _columns(tokens: Sequence[Token]) -> _Columns:
    texts = list(map(_TEXT, tokens))
    norms = list(map(_NORM, tokens))
    keyed = list(map(_norm_keys, norms))  # (the cache's own lookup: no Python frame per token)
    for i in compress(range(len(norms)), map(not_, norms)):  # a token without a norm (made by hand)
        keyed[i] = _keys("", texts[i])
    return _Columns(list(map(_START, tokens)), list(map(_END, tokens)), texts,
                    list(map(_FIRST, keyed)), list(map(_SECOND, keyed)))


_START, _END, _TEXT, _NORM = attrgetter("start"), attrgetter("end"), attrgetter("text"), attrgetter("norm")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def words_between(tokens: Sequence[Token], start: int, end: int, starts: Sequence[int] | None = None) -> list[Word]:
    """Words of the tokens lying inside [start, end), indexed from 0. ``starts``: the tokens'
    starts, when the caller asks for many sentences (a bisection over them calls no Python
    function per step). A layer (a tuple) is read through its columns, built once per document."""
    if isinstance(tokens, tuple):
        cols = derived(tokens, _columns)
        lo = bisect.bisect_left(cols.starts, start)
        hi = bisect.bisect_left(cols.starts, end, lo=lo)
        return list(map(_new_word, zip(range(hi - lo), cols.starts[lo:hi], cols.ends[lo:hi], cols.texts[lo:hi],
                                       cols.keys[lo:hi], cols.forms[lo:hi], strict=True)))
    if starts is not None:
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo=lo)
    else:
        lo = bisect.bisect_left(tokens, start, key=_token_start)
        hi = bisect.bisect_left(tokens, end, lo=lo, key=_token_start)
    return [_new_word((i, t.start, t.end, t.text, *_keys(t.norm, t.text))) for i, t in enumerate(tokens[lo:hi])]


_WORD_TEXT, _WORD_KEY, _WORD_FORMS = itemgetter(3), itemgetter(4), itemgetter(5)  # Word.text, .key, .forms


def where_key(words: Sequence[Word], test: Callable[[str], bool]) -> list[int]:
    """Indexes of the words whose key passes ``test`` (a cached test of one string), found by map
    and compress: no Python step per word, where most words pass no test."""
    return list(compress(range(len(words)), map(test, map(_WORD_KEY, words))))


def where_text(words: Sequence[Word], test: Callable[[str], bool]) -> list[int]:
    """Indexes of the words whose text passes ``test`` (as ``where_key``)."""
    return list(compress(range(len(words)), map(test, map(_WORD_TEXT, words))))


def match_phrase(words: Sequence[Word], i: int, phrases: PhraseSet) -> int:
    """Length in words of the longest phrase starting at ``words[i]`` (0 when none). The first
    word may carry clitics; later words are compared on their forms too (وفقا لـ ما)."""
    return phrases.match(words, i)
