"""Batched Viterbi decoding of the trained CRF with emission scores cached per word type.

crfsuite scores every attribute of every token through a string dictionary, which made it the
slowest step of tagging. A CRF's emission score is a sum over the token's attributes, and nearly
all of them depend on one word type at one window offset: so each (word type, offset) gets its
label-score vector once, a token's emission is the sum of a few cached vectors, and the Viterbi
recursion runs over all sentences of a document at once in numpy. The decoder takes the weights of
a crfsuite model or of an average of several (`weights.py`); `tests/ner/test_ner_viterbi.py` checks
it tags exactly like crfsuite on one model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tabayyun.ner.features import FeatureExtractor, Features
from tabayyun.ner.weights import CrfWeights

_INITIAL_ROWS = 4096
_ROWS_LIMIT = 400_000  # cached vectors before the caches start again (bounded memory on long runs)
_BATCH_CELLS = 1 << 18  # sentences x padded length decoded at once (a few MB of scores)


class CrfDecoder:
    """Tags sentences with a CRF's weights (one crfsuite model or an average), caching per-word-type emission vectors."""

    # not a dataclass: owns growing caches
    def __init__(self, weights: CrfWeights, extractor: FeatureExtractor) -> None:
        self.labels: list[str] = list(weights.labels)
        index = {label: i for i, label in enumerate(self.labels)}
        n = len(self.labels)
        self._weights: dict[bytes, np.ndarray] = {}
        for (attribute, label), weight in weights.state_features.items():
            vector = self._weights.setdefault(attribute.encode(), np.zeros(n))
            vector[index[label]] += weight
        self._transitions = np.zeros((n, n))
        for (before, after), weight in weights.transitions.items():
            self._transitions[index[before], index[after]] = weight
        self._extractor = extractor
        self._offsets = [at - extractor.config.window for _, at in extractor.slots()]
        self._reset()

    def _reset(self) -> None:
        n = len(self.labels)
        self._table = np.zeros((_INITIAL_ROWS, n))  # row 0 stays zero: "no attribute"
        self._size = 1
        self._words: dict[str, tuple[int, tuple[int, ...], str]] = {}
        self._pairs: dict[tuple[str, str], tuple[int, int]] = {}
        self._marks: dict[Features, int] = {(): 0}
        pads = self._extractor.padding()
        self._pad_left = [tuple(self._row(f) for f in slot) for slot in pads[0]]
        self._pad_right = [tuple(self._row(f) for f in slot) for slot in pads[1]]

    def _row(self, features: Features) -> int:
        """Table row holding the summed label scores of `features` (0 when none has a weight)."""
        weights = self._weights
        vectors = [weights[f] for f in features if f in weights]
        if not vectors:
            return 0
        if self._size == len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        self._table[self._size] = np.sum(vectors, axis=0)
        self._size += 1
        return self._size - 1

    def _word(self, word: str) -> tuple[int, tuple[int, ...], str]:
        entry = self._words.get(word)
        if entry is None:
            own, neighbours, stem = self._extractor.word_features(word)
            entry = (self._row(own), tuple(self._row(f) for f in neighbours), stem)
            self._words[word] = entry
        return entry

    def _pair(self, left: str, right: str) -> tuple[int, int]:
        entry = self._pairs.get((left, right))
        if entry is None:
            as_left, as_right = self._extractor.pair_features(left, right)
            entry = (self._row(as_left), self._row(as_right))
            self._pairs[left, right] = entry
        return entry

    def _emissions(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """(tokens, labels) emission scores of all tokens of `sentences`, concatenated."""
        extractor = self._extractor
        bigrams = extractor.config.bigrams
        own: list[int] = []
        extra: list[tuple[int, ...]] = []  # per token: span mark row (gazetteer, seen names), bigram rows if any
        windows: list[tuple[int, ...]] = []  # neighbour rows of every position, sentence pads included
        positions: list[int] = []
        marks_cache = self._marks
        for words in sentences:
            entries = [self._word(w) for w in words]
            stems = [e[2] for e in entries]
            windows.extend(self._pad_left)
            positions.extend(range(len(windows), len(windows) + len(words)))
            windows.extend(e[1] for e in entries)
            windows.extend(self._pad_right)
            own.extend(e[0] for e in entries)
            marks = []
            for mark in extractor.span_marks(stems):
                row = marks_cache.get(mark)
                if row is None:
                    row = marks_cache[mark] = self._row(mark)
                marks.append(row)
            if bigrams:
                ends = ["^", *stems, "$"]
                pairs = [self._pair(ends[i], ends[i + 1]) for i in range(len(ends) - 1)]
                # the pair left of a token is seen from its right word (`bl=`), the pair right of it from its left
                extra.extend(zip(marks, (p[0] for p in pairs[:-1]), (p[1] for p in pairs[1:]), strict=True))
            else:
                extra.extend((m,) for m in marks)
        table = self._table
        scores = table[np.array(own, dtype=np.intp)] + table[np.array(extra, dtype=np.intp)].sum(axis=1)
        window = np.array(windows, dtype=np.intp)
        at = np.array(positions, dtype=np.intp)
        for k, offset in enumerate(self._offsets):
            scores += table[window[at + offset, k]]
        return scores

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for each sentence (the same as crfsuite's Viterbi on the same features)."""
        if self._size > _ROWS_LIMIT:
            self._reset()
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        # batches padded to their longest sentence: one run-on "sentence" of a badly punctuated
        # page must not pad every other sentence of the document to its length
        start = 0
        while start < len(order):
            longest = len(sentences[order[start]])
            stop = min(len(order), start + max(1, _BATCH_CELLS // longest))
            batch = order[start:stop]
            for i, tags in zip(batch, self._decode([sentences[i] for i in batch]), strict=True):
                out[i] = tags
            start = stop
        return out

    def _decode(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Viterbi over non-empty sentences sorted longest first, all at once."""
        lengths = np.array([len(s) for s in sentences])
        flat = self._emissions(sentences)
        count, longest, n = len(sentences), int(lengths[0]), len(self.labels)
        emissions = np.zeros((count, longest, n))
        starts = np.concatenate([[0], np.cumsum(lengths)])
        for b in range(count):
            emissions[b, : lengths[b]] = flat[starts[b] : starts[b + 1]]
        # sorted longest first: at step t the first `alive[t]` sentences are still going
        alive = (count - np.cumsum(np.bincount(lengths, minlength=longest + 1))).tolist()
        score = emissions[:, 0, :].copy()
        back = np.zeros((count, longest, n), dtype=np.intp)
        transitions = self._transitions[None, :, :]
        for t in range(1, longest):
            k = alive[t]
            candidates = score[:k, :, None] + transitions
            back[:k, t] = candidates.argmax(axis=1)
            score[:k] = candidates.max(axis=1) + emissions[:k, t]
        last = score.argmax(axis=1)
        path = np.zeros((count, longest), dtype=np.intp)
        current = np.zeros(count, dtype=np.intp)
        rows = np.arange(count)
        for t in range(longest - 1, -1, -1):
            k, ended = alive[t], alive[t + 1]
            current[ended:k] = last[ended:k]  # sentences whose last token is t start their path here
            path[:k, t] = current[:k]
            if t:
                current[:k] = back[rows[:k], t, current[:k]]
        labels = self.labels
        return [[labels[y] for y in path[b, : lengths[b]].tolist()] for b in range(count)]
