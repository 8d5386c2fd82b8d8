"""Private offset-keeping tokenizer and sentence splitter shaped like ANERcorp's tokenization."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, chain, compress, count, islice, pairwise
from operator import itemgetter
from typing import NamedTuple

# Clitics stay attached (ANERcorp does not segment them); decimals and thousands stay whole;
# every other non-space, non-word character is a token of its own.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_TOKEN_RE = re.compile(rf"\d+(?:[.,\u066b\u066c]\d+)+|[\w{_MARKS}]+|[^\w\s{_MARKS}]")
_SENTENCE_END = frozenset({".", "!", "?", "\u061f", "\u06d4"})
# every non-space character is in a token, so each token is the white space before it and itself:
# findall gives both as strings (no match object per token), and their lengths summed give the offsets
_SPACED_TOKEN_RE = re.compile(rf"(\s*)({_TOKEN_RE.pattern})")
_BLANK_LINE = re.compile(r"\n\s*\n")  # inside the white space between two tokens: a paragraph break
_WORD = itemgetter(1)


class RawToken(NamedTuple):
    """A token and its offsets in the raw text (a tuple: tokenizing builds one per word)."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[RawToken]:
    """Split raw text into tokens whose offsets index `text` exactly."""
    return [RawToken(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]


def sentence_words(text: str) -> list[tuple[list[str], list[tuple[int, int]]]]:
    """``sentences`` as (words, their (start, end) offsets) per sentence, without token objects
    (what tagging a document needs); the boundaries are found over whole lists, not token by token."""
    pieces = _SPACED_TOKEN_RE.findall(text)
    if not pieces:
        return []
    words = list(map(_WORD, pieces))
    # the offsets where each piece ends: (end of the space before token 0, end of token 0, ...)
    piece_ends = list(accumulate(map(len, chain.from_iterable(pieces))))
    starts = piece_ends[0::2]
    spans = list(zip(starts, islice(piece_ends, 1, None, 2), strict=True))
    # after a run of end marks, and before the first token after a blank line (two line breaks);
    # (j, word before j): the word after is read only after an end mark
    n = len(words)
    # (the end marks found by compress over a membership map: no Python step per word, and there are few)
    ends = compress(count(1), map(_SENTENCE_END.__contains__, words))
    cuts = {j for j in ends if j < n and words[j] not in _SENTENCE_END}
    cuts.update(j for m in _BLANK_LINE.finditer(text) if 0 < (j := bisect_left(starts, m.end())) < n)
    bounds = [0, *sorted(cuts), len(words)]
    return [(words[a:b], spans[a:b]) for a, b in pairwise(bounds)]


def sentences(text: str) -> list[list[RawToken]]:
    """Tokenize and group into sentences: after a run of end marks, and at blank lines."""
    out: list[list[RawToken]] = []
    current: list[RawToken] = []
    previous_end = 0
    for token in tokenize(text):
        if current and (
            (token.start - previous_end >= 2 and text.count("\n", previous_end, token.start) >= 2)
            or (current[-1].text in _SENTENCE_END and token.text not in _SENTENCE_END)
        ):
            out.append(current)
            current = []
        current.append(token)
        previous_end = token.end
    if current:
        out.append(current)
    return out
