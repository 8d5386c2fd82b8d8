"""Longest-match lookup of known names (KB aliases, gazetteer names) over a document's tokens.

Names and text are compared on compact keys: no diacritics, unified letters, no article,
no spaces (البو كمال = البوكمال). A clitic glued to the first word (و ف ب ل ك, لل) is set
aside, so that وبالحسكة and للحسكة find الحسكة; the match starts after the clitic, so the
mention's text is the name itself.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import lru_cache, partial
from itertools import chain, compress, repeat
from operator import attrgetter, itemgetter, not_
from typing import Generic, NamedTuple, TypeVar

from tabayyun.entities.match import Match
from tabayyun.model import Token
from tabayyun.spanindex import derived
from tabayyun.text.normalize import WORD_CACHE_SIZE, normalize_key

P = TypeVar("P")

# leading clitics set aside on a phrase's first word, longest first; "لل" stands for ل + ال
CLITICS = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
DASHES = frozenset("-–—")
_MARKS = frozenset(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u0640"}


class WordKey(NamedTuple):
    """One token as the matcher sees it (a tuple: a document has one per word)."""

    position: int  # position in the token list
    start: int
    end: int
    key: str  # compact key of the whole token ('' for punctuation)
    variants: tuple[tuple[int, str], ...]  # (original offset where the stem starts, key without clitic)
    dash: bool = False


def token_key(text: str) -> str:
    return normalize_key(text, drop_article=True).replace(" ", "")


def _letter_offset(text: str, letters: int) -> int:
    """Index in ``text`` after ``letters`` letters, diacritics and tatweel skipped."""
    seen = 0
    for i, ch in enumerate(text):
        if ch in _MARKS:
            continue
        if seen == letters:
            return i
        seen += 1
    return len(text)


# the clitics by their first letter, in the order of CLITICS: a word is tried only against those it
# can begin with (most words begin with none; each new word of a document used to test all twenty)
_CLITICS_BY_LETTER = {first: tuple(c for c in CLITICS if c[0] == first) for first in {c[0] for c in CLITICS}}


def _clitic_variants(text: str) -> tuple[tuple[int, str], ...]:
    plain = normalize_key(text)
    out: list[tuple[int, str]] = []
    for c in _CLITICS_BY_LETTER.get(plain[:1], ()):
        if plain.startswith(c) and len(plain) - len(c) >= 2:
            if c.endswith("ال"):
                cut = len(c) - 2  # keep the article in the mention: بالحسكة -> الحسكة
                rest = plain[cut:]
            elif c.endswith("لل"):
                cut = len(c)  # للحسكة -> حسكة (the article's alef is elided in writing)
                rest = "ال" + plain[cut:]
            else:
                cut = len(c)
                rest = plain[cut:]
            key = token_key(rest)
            if len(key) >= 2:
                out.append((_letter_offset(text, cut), key))
    return tuple(out)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _surface_keys(surface: str) -> tuple[str, tuple[tuple[int, str], ...], bool]:
    """(key, clitic variants relative to the token, whether it is a dash) of a token's surface: the
    key is '' for a dash and for a token without letters or digits. (The clitic variants are
    computed only here: this cache is theirs too, a second one on them would never be hit.)"""
    if surface in DASHES:
        return "", (), True
    key = token_key(surface)
    if not key or not any(ch.isalpha() or ch.isdigit() for ch in key):
        return "", (), False
    return key, _clitic_variants(surface), False


_new_word_key = partial(tuple.__new__, WordKey)  # a named tuple's own constructor is a Python call per token
_T_START, _T_END, _T_TEXT = attrgetter("start"), attrgetter("end"), attrgetter("text")
_FIRST, _CLITIC_VARIANTS, _DASH = itemgetter(0), itemgetter(1), itemgetter(2)


def word_keys(text: str, tokens: Sequence[Token]) -> list[WordKey]:
    """The matcher's words of ``tokens`` (in order, without overlaps), with an empty word at the end
    of the token before each line break between two tokens: a line break ends every name (headlines,
    bylines and paragraphs are not run on).

    Built column by column by map and zip (no Python step per token): only the words with a clitic
    reading, a dash or no key, and the line breaks, are read one by one."""
    n = len(tokens)
    if not n:
        return []
    starts, ends = list(map(_T_START, tokens)), list(map(_T_END, tokens))
    keyed = list(map(_surface_keys, map(_T_TEXT, tokens)))
    keys = list(map(_FIRST, keyed))
    # ((start, key),) for each: a zip of one iterable gives 1-tuples
    variants: list[tuple[tuple[int, str], ...]] = list(zip(zip(starts, keys, strict=True), strict=True))
    dashes = list(map(_DASH, keyed))
    for i in compress(range(n), map(not_, keys)):
        variants[i] = ()  # a dash or a token without letters or digits
    for i in compress(range(n), map(_CLITIC_VARIANTS, keyed)):
        start = starts[i]
        variants[i] = ((start, keys[i]), *[(start + off, k) for off, k in keyed[i][1]])
    # the tokens with a line break between them and the token before (a token holds none)
    first, last = starts[0], starts[-1]
    breaks: list[int] = []
    at = text.find("\n", first, last)
    while at >= 0:
        i = bisect_right(starts, at, breaks[-1] if breaks else 1)
        breaks.append(i)
        at = text.find("\n", starts[i], last)
    if not breaks:
        return list(map(_new_word_key, zip(range(n), starts, ends, keys, variants, dashes, strict=True)))
    out: list[WordKey] = []
    done = 0
    for i in breaks:
        out.extend(map(_new_word_key, zip(range(len(out), len(out) + i - done), starts[done:i], ends[done:i],
                                          keys[done:i], variants[done:i], dashes[done:i], strict=True)))
        out.append(_new_word_key((len(out), ends[i - 1], ends[i - 1], "", (), False)))
        done = i
    out.extend(map(_new_word_key, zip(range(len(out), len(out) + n - done), starts[done:], ends[done:],
                                      keys[done:], variants[done:], dashes[done:], strict=True)))
    return out


_KEY, _VARIANTS, _READING = itemgetter(3), itemgetter(4), itemgetter(1)  # WordKey.key, .variants; a variant's key


class _Readings(NamedTuple):
    """A word list's keys, and the readings of its words with a clitic reading (a third of them) one
    after another with the word each belongs to: built once per list (a tuple) and read by every
    ``with_reading`` of the document (surnames, toponym, facility and organisation heads, person
    starts) without a Python step per word."""

    keys: list[str]
    readings: list[str]
    owners: list[int]


def _readings(words: Sequence[WordKey]) -> _Readings:
    several = list(compress(range(len(words)), map(_SEVERAL.__lt__, map(len, map(_VARIANTS, words)))))
    variants = list(map(_VARIANTS, map(words.__getitem__, several)))
    return _Readings(list(map(_KEY, words)), list(map(_READING, chain.from_iterable(variants))),
                     list(chain.from_iterable(map(repeat, several, map(len, variants)))))


def with_reading(words: Sequence[WordKey], keys: Collection[str]) -> list[int]:
    """Indexes (in order) of the words with a key one of whose readings is in ``keys``: the key
    itself, or the key without a clitic. The keys are tested by map and compress over the list's
    columns (built once for a tuple), without a Python step per word."""
    cols = derived(words, _readings) if isinstance(words, tuple) else _readings(words)
    test = keys.__contains__
    found = set(compress(range(len(words)), map(test, cols.keys))).union(compress(cols.owners, map(test, cols.readings)))
    return sorted(i for i in found if cols.keys[i])


def readings(words: Sequence[WordKey]) -> Iterator[str]:
    """The keys of every reading of every word (with repeats), read without a Python step per word."""
    return map(_READING, chain.from_iterable(map(_VARIANTS, words)))


def with_key(words: Sequence[WordKey], keys: Collection[str]) -> list[int]:
    """Indexes (in order) of the words whose key (as written, clitics and all) is in ``keys``."""
    return [i for i in compress(range(len(words)), map(keys.__contains__, map(_KEY, words))) if words[i].key]


_SEVERAL = 1  # a word with more than one reading has a clitic reading


class PhraseIndex(Generic[P]):
    """Names -> payloads, looked up by compact key over token sequences."""

    # not a dataclass: the index and its prefix set are built incrementally by add()
    def __init__(self) -> None:
        self.entries: dict[str, list[P]] = {}
        self.prefixes: set[str] = set()

    def add(self, name: str, payload: P) -> None:
        key = token_key(name)
        if len(key) < 2:
            return
        bucket = self.entries.setdefault(key, [])
        if payload not in bucket:
            bucket.append(payload)
        for i in range(1, len(key) + 1):
            self.prefixes.add(key[:i])

    def add_all(self, names: Iterable[str], payload: P) -> None:
        for n in names:
            self.add(n, payload)

    def may_start(self, word: WordKey) -> bool:
        """Whether some name may begin at this word (any of its keys begins a name)."""
        prefixes = self.prefixes
        return any(key in prefixes for _, key in word.variants)

    def matches(self, words: Sequence[WordKey]) -> list[Match[P]]:
        """Every name found starting at every word (all lengths), unstripped forms first."""
        found: list[Match[P]] = []
        n = len(words)
        for i, w in enumerate(words):
            if not w.key:
                continue
            for offset, key0 in w.variants:
                if key0 not in self.prefixes:
                    continue
                key, j = key0, i
                while True:
                    hit = self.entries.get(key)
                    if hit:
                        found.append(Match(i, j, offset, words[j].end, tuple(hit), offset != w.start))
                    k = j + 1
                    while k < n and words[k].dash:
                        k += 1
                    if k >= n or not words[k].key:
                        break
                    key += words[k].key
                    if key not in self.prefixes:
                        break
                    j = k
        return found
