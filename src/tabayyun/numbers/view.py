"""A token stream over the normalised view of a text, shared by the number and date matchers.

Matchers compare normalised forms (one alef, Western digits, ي for ى) but must report
original offsets, so each token keeps its range in the view and ``Viewed.span`` maps a
token range back to the original text. Phrases from the lexicon are matched token by
token, with a leading clitic (و ف ب ل ك, لل for ل + article) allowed on the first word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, chain, compress, islice
from operator import itemgetter, truth
from typing import NamedTuple

from tabayyun.text.normalize import WORD_CACHE_SIZE, NormalizedText, document_view, normalize_text

# a digit group keeps its separators (1,050 / 2.5); letters and digits never share a token,
# so "والـ130" gives "وال" + "130" and "2015م" gives "2015" + "م"
_TOKEN_RE = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+)|(?P<punct>\S)")

# (clitic, what the stem gains): لل is ل + the article, whose alef is elided in writing
_CLITICS: tuple[tuple[str, str], ...] = (
    ("وبال", "ال"), ("وكال", "ال"), ("فبال", "ال"), ("وال", "ال"), ("فال", "ال"), ("بال", "ال"),
    ("كال", "ال"), ("ولل", "ال"), ("فلل", "ال"), ("لل", "ال"),
    ("وب", ""), ("ول", ""), ("فب", ""), ("فل", ""), ("وك", ""),
    ("و", ""), ("ف", ""), ("ب", ""), ("ل", ""), ("ك", ""),
)


# the clitics by their first letter, in the order above: a new word is tried only against those it
# can begin with
_CLITICS_BY_LETTER = {first: tuple(c for c in _CLITICS if c[0][0] == first) for first in {c[0][0] for c in _CLITICS}}


class VTok(NamedTuple):
    """A token of the normalised view; ``start``/``end`` are view offsets (a tuple: a document
    has one per word)."""

    text: str
    start: int
    end: int
    kind: str  # num | word | punct


_STARTERS_LIMIT = 100_000  # words remembered per phrase table


@dataclass(frozen=True, slots=True)
class Viewed:
    """A text's normalised view and its tokens, up to a cut-off."""

    view: NormalizedText
    tokens: tuple[VTok, ...]
    # the distinct spellings of its word tokens: the numbers and dates stages pick the words that may
    # start an expression from them (decided once per spelling)
    words: frozenset[str]
    # the indexes of its number tokens (an expression may begin at any of them)
    numbers: tuple[int, ...] = ()

    def starting(self, starters: AbstractSet[str]) -> list[int]:
        """Indexes of the number tokens and of the words in ``starters``, in order: where the numbers
        and dates stages read an expression (found by map and compress, no Python step per token;
        a word token's text is never a number's)."""
        words = compress(range(len(self.tokens)), map(starters.__contains__, map(_TEXT, self.tokens)))
        return sorted(chain(self.numbers, words))

    def span(self, first: int, last: int, skip: int = 0) -> tuple[int, int]:
        """Original range of tokens ``first``..``last`` (inclusive), dropping ``skip``
        leading view characters of the first token (a clitic)."""
        return self.view.to_original(self.tokens[first].start + skip, self.tokens[last].end)


@lru_cache(maxsize=8)
def viewed(text: str, end: int | None = None) -> Viewed:
    """Tokens of the normalised view of ``text[:end]`` (cached: both stages read the same text)."""
    view = document_view(text, end)
    # every non-space character is in a token, so each token is the white space before it and
    # itself: findall gives them as strings (no match object per token), their lengths summed give
    # the offsets, which group matched gives the kind; tuple.__new__ straight away (a named tuple's
    # own constructor is a Python call per token), fed by map and zip: no Python step per token
    pieces = _SPACED_TOKEN_RE.findall(view.text)
    piece_ends = list(accumulate(map(len, chain.from_iterable(map(_SPACE_AND_TOKEN, pieces)))))
    kinds = list(map(_KINDS.__getitem__, zip(map(truth, map(_NUM, pieces)), map(truth, map(_WORD, pieces)), strict=True)))
    texts = list(map(_TOKEN, pieces))
    tokens = tuple(map(_new_vtok, zip(texts, piece_ends[0::2], islice(piece_ends, 1, None, 2), kinds, strict=True)))
    return Viewed(view, tokens, frozenset(compress(texts, map("word".__eq__, kinds))),
                  tuple(compress(range(len(tokens)), map("num".__eq__, kinds))))


_new_vtok = partial(tuple.__new__, VTok)
_SPACED_TOKEN_RE = re.compile(rf"(\s*)({_TOKEN_RE.pattern})")  # (space, token, num, word, punct)
_SPACE_AND_TOKEN, _TOKEN, _NUM, _WORD = itemgetter(0, 1), itemgetter(1), itemgetter(2), itemgetter(3)
_KINDS = {(True, False): "num", (False, True): "word", (False, False): "punct"}  # (a number?, a word?) -> kind
_TEXT = itemgetter(0)  # VTok.text


def norm(word: str) -> str:
    """The view form of a lexicon entry (same normalisation as the text)."""
    return normalize_text(word).strip()


def norm_all(words: Iterable[str]) -> frozenset[str]:
    return frozenset(norm(w) for w in words)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def stems(word: str) -> tuple[tuple[int, str], ...]:
    """The word itself and its readings without a leading clitic, as (clitic length, stem);
    the stem keeps at least two letters."""
    out = [(0, word)]
    for clitic, gain in _CLITICS_BY_LETTER.get(word[:1], ()):
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            out.append((len(clitic) - len(gain), gain + word[len(clitic):]))
    return tuple(out)


def without_article(word: str) -> str | None:
    return word[2:] if word.startswith("ال") and len(word) > 3 else None


class PhraseTable:
    """Lexicon phrases (token tuples) matched at a token position, longest first."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        for p in phrases:
            toks = tuple(norm(p).split())
            if toks:
                self.phrases[toks] = p
        self.lengths = sorted({len(k) for k in self.phrases}, reverse=True)
        # quick rejection: most tokens start no phrase, and stems() is cached per word
        self.firsts = frozenset(k[0] for k in self.phrases)
        self.lasts = frozenset(k[-1] for k in self.phrases if len(k) > 1)
        self._starters: dict[str, bool] = {}  # word -> whether a phrase may start at it (clitics allowed)

    def _may_start(self, word: str, clitic: bool) -> bool:
        if not clitic:
            return word in self.firsts
        found = self._starters.get(word)
        if found is None:
            if len(self._starters) >= _STARTERS_LIMIT:
                self._starters.clear()
            found = self._starters[word] = any(stem in self.firsts for _, stem in stems(word))
        return found

    def starters(self, words: Iterable[str]) -> set[str]:
        """Those of ``words`` a phrase may start at (a clitic allowed): ``lookup_at`` finds nothing at the others."""
        # (one lookup of the remembered answer per word: ``w in known`` and then ``known[w]`` read the
        # large dictionary twice)
        known = self._starters.get
        out: set[str] = set()
        for w in set(words):
            found = known(w)
            if found is None:
                found = self._may_start(w, True)
            if found:
                out.add(w)
        return out

    def _words(self, tokens: tuple[VTok, ...], i: int, n: int) -> tuple[str, ...] | None:
        if i < 0 or i + n > len(tokens):
            return None
        return tuple(t.text for t in tokens[i:i + n])

    def match_at(self, tokens: tuple[VTok, ...], i: int, clitic: bool = True) -> tuple[int, int] | None:
        """Phrase starting at token ``i``: (index after it, clitic length on its first token)."""
        hit = self.lookup_at(tokens, i, clitic)
        return (hit[0], hit[1]) if hit else None

    def lookup_at(self, tokens: tuple[VTok, ...], i: int, clitic: bool = True) -> tuple[int, int, str] | None:
        """Like ``match_at``, also naming the lexicon entry that matched."""
        if not 0 <= i < len(tokens) or not self._may_start(tokens[i].text, clitic):
            return None
        for n in self.lengths:
            words = self._words(tokens, i, n)
            if words is None:
                continue
            for skip, stem in stems(words[0]) if clitic else ((0, words[0]),):
                entry = self.phrases.get((stem, *words[1:]))
                if entry is not None:
                    return i + n, skip, entry
        return None

    def match_before(self, tokens: tuple[VTok, ...], j: int) -> tuple[int, int] | None:
        """Phrase ending just before token ``j``: (its first token index, clitic length)."""
        if not 0 < j <= len(tokens) or not (tokens[j - 1].text in self.lasts or
                                             self._may_start(tokens[j - 1].text, True)):
            return None
        for n in self.lengths:
            words = self._words(tokens, j - n, n)
            if words is None:
                continue
            for skip, stem in stems(words[0]):
                if (stem, *words[1:]) in self.phrases:
                    return j - n, skip
        return None
