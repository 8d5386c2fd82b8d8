"""Batched Viterbi decoding of the trained CRF with emission scores cached per word type.

crfsuite scores every attribute of every token through a string dictionary, which made it the
slowest step of tagging. A CRF's emission score is a sum over the token's attributes, and nearly
all of them depend on one word type at one window offset: so each (word type, offset) gets its
label-score vector once, the emissions of all the tokens of a document are sums of a few cached
vectors gathered in numpy, and the Viterbi recursion runs over each sentence in a plain compiled
loop (``_path9``). The decoder takes the weights of
a crfsuite model or of an average of several (`weights.py`); `tests/ner/test_ner_viterbi.py` checks
it tags exactly like crfsuite on one model.

A word type's vectors depend on its normalised form alone (``FeatureExtractor.feature_strings``), so
spellings that normalise alike share them, and the vectors of a document's new words are summed
in one batch: each is the sum of its attributes' weight rows added one after another in attribute
order, exactly as ``np.sum`` of the rows gives it, and rows with the same attributes are one row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import accumulate, chain, compress, pairwise, repeat
from operator import is_
from typing import cast

import numpy as np

from tabayyun.ner.features import FeatureExtractor, Features, normalize, strip_clitics
from tabayyun.ner.frequent import FrequentWords, Segments
from tabayyun.ner.weights import CrfWeights

_INITIAL_ROWS = 4096
_ROWS_LIMIT = 250_000  # cached vectors before the caches start again (bounded memory on long runs)
_BATCH_CELLS = 1 << 18  # sentences x their longest length whose emissions are gathered at once (a few MB)
_PAIRS_LIMIT = 200_000  # weighted stem bigrams remembered



def _bounds(sentences: Sequence[Sequence[str]]) -> list[int]:
    """Where each sentence starts in the concatenated tokens, and the end of the last."""
    return [0, *accumulate(len(words) for words in sentences)]


class CrfDecoder:
    """Tags sentences with a CRF's weights (one crfsuite model or an average), caching per-word-type emission vectors."""

    # not a dataclass: owns growing caches
    def __init__(self, weights: CrfWeights, extractor: FeatureExtractor, frequent: FrequentWords | None = None) -> None:
        self.labels: list[str] = list(weights.labels)
        index = {label: i for i, label in enumerate(self.labels)}
        n = len(self.labels)
        vectors: dict[str, np.ndarray] = {}
        for (attribute, label), weight in weights.state_features.items():
            vector = vectors.setdefault(attribute, np.zeros(n))
            vector[index[label]] += weight
        # the attributes the extractor would pass on and the model weighs, as rows of one matrix
        kept = sorted(a for a in vectors if extractor.keeps(a))
        # and a last row of -0.0 that pads lists of rows to one length: x + -0.0 is x, bit for bit
        self._matrix = np.vstack([np.array([vectors[a] for a in kept]).reshape(len(kept), n), np.full((1, n), -0.0)])
        self._pad = len(kept)
        self._ids = {a: i for i, a in enumerate(kept)}
        self._byte_ids = {a.encode(): i for a, i in self._ids.items()}
        # a neighbour attribute without its "offset:" prefix -> its row at each window offset (-1: the
        # model does not weigh it there): one lookup of a new word's attribute for all the offsets
        offsets = list(extractor.offsets())
        by_attribute: dict[str, list[int]] = {}
        for k, offset in enumerate(offsets):
            prefix = f"{offset}:"
            for a, i in self._ids.items():
                if a.startswith(prefix):
                    by_attribute.setdefault(a[len(prefix):], [-1] * len(offsets))[k] = i
        self._neighbour_ids: dict[str, tuple[int, ...]] = {a: tuple(rows) for a, rows in by_attribute.items()}
        self._offset_count = len(offsets)
        self._adjacent_offsets = [k for k, o in enumerate(offsets) if abs(o) == 1]
        # stem bigrams with a weight, read every way a "bl=left|right" attribute can be split (stems may
        # hold "|"): a pair outside these has no bigram attribute, without building its two names
        self._bigram_rights: dict[str, set[str]] = {}
        for attribute in kept:
            if attribute.startswith(("bl=", "br=")):
                body = attribute[3:]
                for j, ch in enumerate(body):
                    if ch == "|":
                        self._bigram_rights.setdefault(body[:j], set()).add(body[j + 1:])
        self._transitions = np.zeros((n, n))
        for (before, after), weight in weights.transitions.items():
            self._transitions[index[before], index[after]] = weight
        # per label, the transition weights into it from each label (the Viterbi's plain loop reads these)
        self._transitions_into: list[list[float]] = self._transitions.T.tolist()
        self._extractor = extractor
        self._frequent = frequent
        self._offsets = [at - extractor.config.window for _, at in extractor.slots()]
        self._offset_steps = np.array(self._offsets, dtype=np.intp)
        self._offset_columns = np.arange(1, 1 + len(self._offsets), dtype=np.intp)
        self._reset()

    def _reset(self) -> None:
        n = len(self.labels)
        self._table = np.zeros((_INITIAL_ROWS, n))  # row 0 stays zero: "no attribute"
        self._size = 1
        # word type -> entry: the table rows of its own attributes and of each window offset's, and its stem
        self._words: dict[str, int] = {}
        self._norms: dict[str, int] = {}
        self._entry_rows = np.zeros((_INITIAL_ROWS, 1 + self._offset_count), dtype=np.intp)
        self._stems: list[str] = []
        self._pairs: dict[tuple[str, str], tuple[int, int]] = {}
        self._marks: dict[Features, int] = {(): 0}
        self._rows: dict[tuple[int, ...], int] = {(): 0}  # attribute rows summed -> table row
        # segment of the frequent-words table -> table row (-1: not summed yet)
        self._segment_rows = np.full(self._frequent.segment_count if self._frequent else 0, -1, dtype=np.int64)
        pads = self._extractor.padding()
        # per window slot: the rows of the positions before (after) a sentence, nearest last (first)
        self._pad_left = np.array([[self._row(f) for f in slot] for slot in pads[0]], dtype=np.intp).T
        self._pad_right = np.array([[self._row(f) for f in slot] for slot in pads[1]], dtype=np.intp).T

    def _row(self, features: Features) -> int:
        """Table row holding the summed label scores of `features` (0 when none has a weight)."""
        ids = self._byte_ids
        return self._sums([tuple(ids[f] for f in features if f in ids)])[0]

    def _reserve(self, rows: int) -> None:
        while self._size + rows > len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])

    def _add_sums(self, padded: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Append to the table the sums of lines of attribute rows (the first ``lengths`` of each line
        of ``padded``), each adding its rows in order as ``np.sum(rows, axis=0)`` does; returns their
        table rows. Longest lines first, so that each column adds only to the lines that reach it."""
        count = len(padded)
        order = np.argsort(-lengths, kind="stable")
        padded, reach = padded.take(order, axis=0), lengths.take(order)
        # reach is decreasing: the lines longer than k are the first (count - #lines of length <= k)
        alive: list[int] = (count - np.searchsorted(reach[::-1], np.arange(padded.shape[1]), side="right")).tolist()
        matrix = self._matrix
        # (rows gathered by take: a fancy index costs three to four times as much for the same copy)
        acc = matrix.take(padded[:, 0], axis=0)
        for k in range(1, len(alive)):
            acc[:alive[k]] += matrix.take(padded[:alive[k], k], axis=0)
        self._reserve(count)
        self._table[self._size:self._size + count] = acc  # line order[j] is summed in acc[j]
        rows = np.empty(count, dtype=np.intp)
        rows[order] = np.arange(self._size, self._size + count)
        self._size += count
        return rows

    def _sums(self, segments: Sequence[tuple[int, ...]]) -> list[int]:
        """Table rows for lists of attribute rows: each distinct list is summed once, all new ones in
        one batch."""
        known = self._rows
        out = [known.get(seg, -1) for seg in segments]
        new = list(dict.fromkeys(seg for seg, row in zip(segments, out, strict=True) if row < 0))
        if not new:
            return out
        lengths = np.fromiter(map(len, new), dtype=np.intp, count=len(new))
        padded = np.full((len(new), int(lengths.max())), self._pad, dtype=np.intp)
        padded[np.arange(padded.shape[1]) < lengths[:, None]] = np.fromiter(chain.from_iterable(new), dtype=np.intp)
        for seg, row in zip(new, self._add_sums(padded, lengths).tolist(), strict=True):
            known[seg] = row
        return [row if row >= 0 else known[seg] for seg, row in zip(segments, out, strict=True)]

    @property
    def segments_per_word(self) -> int:
        """Attribute lists per word type: its own and one per window offset."""
        return 1 + self._offset_count

    def attribute_rows(self, norm: str) -> Segments:
        """The weight-matrix rows (indexes into the model's sorted attribute names) of a normalised
        word's own attributes and of those it gives each window offset, in attribute order."""
        own, neighbour, near, _ = self._extractor.feature_strings(norm)
        # (map and list comprehensions: a generator per list costs more than the lookups; row 0 is a row)
        segments = [tuple([i for i in map(self._ids.get, own) if i is not None])]
        # each neighbour attribute looked up once for every offset (the dictionary is large, a lookup
        # mostly a wait for memory); an offset's rows in the order of its attributes: ``neighbour``
        # for all, then for the adjacent offsets the rest of ``near`` (``neighbour`` and more)
        rows: list[list[int]] = [[] for _ in range(self._offset_count)]
        looked = list(map(self._neighbour_ids.get, near))
        for ids in looked[:len(neighbour)]:
            if ids is not None:
                for k, row in enumerate(ids):
                    if row >= 0:
                        rows[k].append(row)
        for ids in looked[len(neighbour):]:
            if ids is not None:
                for k in self._adjacent_offsets:
                    if ids[k] >= 0:
                        rows[k].append(ids[k])
        segments.extend(map(tuple, rows))
        return segments

    def _learn(self, words: Iterable[str]) -> None:
        """Cache an entry for each word not seen yet; new normalised forms get their rows in one batch
        (from the frequent-words table's segments where it holds them): the segments not summed yet
        and the attribute lists not summed yet are summed together, one ``_add_sums`` per document."""
        cache, norms, table = self._words, self._norms, self._frequent
        new: dict[str, str] = {}
        listed: dict[str, int] = {}  # norm -> its line in the table
        computed: dict[str, Segments] = {}
        for word in [w for w in dict.fromkeys(words) if w not in cache]:
            norm = normalize(word)
            entry = norms.get(norm)
            if entry is not None:
                cache[word] = entry
                continue
            new[word] = norm
            if norm in listed or norm in computed:
                continue
            position = table.position(norm) if table is not None else None
            if position is not None:
                listed[norm] = position
            else:
                computed[norm] = self.attribute_rows(norm)
        # the table's segments met for the first time and the computed lists not summed yet, as lines
        # of attribute rows: summed in one batch
        lines: list[np.ndarray] = []
        reach: list[np.ndarray] = []
        numbers = np.empty(0, dtype=np.int64)
        missing = np.empty(0, dtype=np.int64)
        if listed and table is not None:
            numbers = table.numbers_at(list(listed.values())).ravel()
            missing = np.unique(numbers[self._segment_rows[numbers] < 0])
            if missing.size:
                empty = table.lengths[missing] == 0
                self._segment_rows[missing[empty]] = 0
                missing = missing[~empty]
                if missing.size:
                    lines.append(table.padded(missing, self._pad))
                    reach.append(table.lengths[missing])
        segments = [seg for segments in computed.values() for seg in segments]
        known = self._rows
        unsummed = list(dict.fromkeys(seg for seg in segments if seg not in known))
        if unsummed:
            lengths = np.fromiter(map(len, unsummed), dtype=np.intp, count=len(unsummed))
            padded = np.full((len(unsummed), int(lengths.max())), self._pad, dtype=np.intp)
            padded[np.arange(padded.shape[1]) < lengths[:, None]] = np.fromiter(chain.from_iterable(unsummed),
                                                                                dtype=np.intp)
            lines.append(padded)
            reach.append(lengths)
        if lines:
            if len(lines) == 2:
                width = max(lines[0].shape[1], lines[1].shape[1])
                both = np.full((len(lines[0]) + len(lines[1]), width), self._pad, dtype=np.intp)
                both[:len(lines[0]), :lines[0].shape[1]] = lines[0]
                both[len(lines[0]):, :lines[1].shape[1]] = lines[1]
                rows = self._add_sums(both, np.concatenate(reach).astype(np.intp))
            else:
                rows = self._add_sums(lines[0], reach[0].astype(np.intp))
            self._segment_rows[missing] = rows[:missing.size]
            for seg, row in zip(unsummed, rows[missing.size:].tolist(), strict=True):
                known[seg] = row
        if listed:
            self._add_entries(list(listed), self._segment_rows.take(numbers).reshape(len(listed), self.segments_per_word))
        if computed:
            flat = [known[seg] for seg in segments]
            self._add_entries(list(computed), np.array(flat, dtype=np.intp).reshape(len(computed), -1))
        for word, norm in new.items():
            cache[word] = norms[norm]

    def _add_entries(self, norms: list[str], rows: np.ndarray) -> None:
        first = len(self._stems)
        while first + len(norms) > len(self._entry_rows):
            self._entry_rows = np.concatenate([self._entry_rows, np.zeros_like(self._entry_rows)])
        self._entry_rows[first:first + len(norms)] = rows
        for k, norm in enumerate(norms):
            self._norms[norm] = first + k
            self._stems.append(strip_clitics(norm)[1])

    def stems(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """The stems of the words of sentences the decoder has just tagged."""
        entry, stem = self._words.__getitem__, self._stems.__getitem__
        try:
            return [list(map(stem, map(entry, words))) for words in sentences]
        except KeyError:  # words it has not tagged yet
            self._learn(chain.from_iterable(sentences))
            return [list(map(stem, map(entry, words))) for words in sentences]

    def _pair(self, left: str, right: str) -> tuple[int, int]:
        rights = self._bigram_rights.get(left)
        if rights is None or right not in rights:
            return 0, 0
        entry = self._pairs.get((left, right))
        if entry is None:
            ids = self._ids
            as_left, as_right = ids.get(f"bl={left}|{right}"), ids.get(f"br={left}|{right}")
            entry = (0 if as_left is None else self._sums([(as_left,)])[0],
                     0 if as_right is None else self._sums([(as_right,)])[0])
            if len(self._pairs) >= _PAIRS_LIMIT:
                self._pairs.clear()
            self._pairs[left, right] = entry
        return entry

    def _emissions(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[str]]:
        """(tokens, labels) emission scores of all tokens of `sentences`, concatenated, and their stems."""
        extractor = self._extractor
        bigrams = extractor.config.bigrams
        marks_cache = self._marks
        rights_of = self._bigram_rights
        words = list(chain.from_iterable(sentences))
        count = len(words)
        maybe = list(map(self._words.get, words))
        if None in maybe:  # the words met for the first time (found without a Python step per word)
            # learning adds entries and drops none: only the new words are looked up again (a second
            # pass over every word read the large word dictionary once more per token)
            fresh = list(compress(range(count), map(is_, maybe, repeat(None))))
            fresh_words = list(map(words.__getitem__, fresh))
            self._learn(fresh_words)
            for i, entry in zip(fresh, map(self._words.__getitem__, fresh_words), strict=True):
                maybe[i] = entry
        known = cast(list[int], maybe)
        ids = np.array(known, dtype=np.intp)
        stems = list(map(self._stems.__getitem__, known))
        bounds = _bounds(sentences)
        # each token's sentence
        sentence_of = np.repeat(np.arange(len(sentences)), np.diff(bounds))
        # span marks (multi-word list names, names seen in training): the few tokens that have any
        mark_rows = [0] * count
        for i, mark in extractor.document_marks(stems, bounds).items():
            row = marks_cache.get(mark)
            if row is None:
                row = marks_cache[mark] = self._row(mark)
            mark_rows[i] = row
        if bigrams:
            # every sentence's stems between "^" and "$", one after another: the pairs of the whole
            # document in one list, with a pair ("$", "^") between two sentences that no bigram has
            # (bigrams are read only where a weighted pair may begin)
            ends = list(chain.from_iterable(chain(("^",), stems[a:b], ("$",)) for a, b in pairwise(bounds)))
            as_left, as_right = [0] * len(ends), [0] * len(ends)
            for pair in compress(range(len(ends) - 1), map(rights_of.__contains__, ends)):
                if ends[pair + 1] in rights_of[ends[pair]]:
                    as_left[pair], as_right[pair] = self._pair(ends[pair], ends[pair + 1])
            # token i of sentence j: the pair left of it is pair i + 2j, seen from its right word
            # (`bl=`), the pair right of it pair i + 2j + 1, seen from its left word (`br=`)
            left = np.arange(count) + 2 * sentence_of
            extra = np.column_stack([np.array(mark_rows, dtype=np.intp), np.array(as_left, dtype=np.intp)[left],
                                     np.array(as_right, dtype=np.intp)[left + 1]])
        else:
            extra = np.array(mark_rows, dtype=np.intp).reshape(-1, 1)
        table = self._table
        # the window: every sentence's entries between `window` padding entries either side (their
        # rows for each offset are the padding rows), so that the neighbour at offset o of a token is
        # the entry o places from it: one gather per document, no bounds checks
        window, per_word = len(self._pad_left[0]), self.segments_per_word
        at = np.arange(count) + window * (2 * sentence_of + 1)  # each token's place among the padded entries
        padded = np.zeros((count + 2 * window * len(sentences), per_word), dtype=np.intp)
        entries = self._entry_rows.take(ids, axis=0)
        padded[at] = entries
        first = np.array(bounds[:-1], dtype=np.intp) + 2 * window * np.arange(len(sentences))  # each sentence's first padding place
        places = np.arange(window)
        padded[first[:, None] + places, 1:] = self._pad_left.T
        padded[(first + window + np.diff(bounds))[:, None] + places, 1:] = self._pad_right.T
        neighbours = table.take(padded.ravel().take((at[:, None] + self._offset_steps) * per_word + self._offset_columns),
                                axis=0)
        scores = table.take(entries[:, 0], axis=0)
        # span marks and weighted bigrams: a quarter of the tokens have one; the others' sum of zero
        # rows would add nothing (x + 0.0 is x, or +0.0 for x = -0.0: equal to it)
        marked = np.flatnonzero(extra.any(axis=1))
        if marked.size:
            scores[marked] += table.take(extra.take(marked, axis=0), axis=0).sum(axis=1)
        for k in range(len(self._offsets)):  # added one offset after another, in the order of the attributes
            scores += neighbours[:, k]
        return scores, stems

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for each sentence (the same as crfsuite's Viterbi on the same features)."""
        return self.tag_with_stems(sentences)[0]

    def tag_with_stems(self, sentences: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[list[str]]]:
        """IOB2 tags for each sentence and the stems of its words (as ``stems`` gives them), which
        tagging reads anyway: the document rules that follow need them."""
        if self._size > _ROWS_LIMIT:
            self._reset()
        out: list[list[str]] = [[] for _ in sentences]
        stems: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        # batches of sentences of about the same length, whose emissions are gathered together (the
        # Viterbi then goes sentence by sentence): a long document's scores are not all held at once
        start = 0
        while start < len(order):
            longest = len(sentences[order[start]])
            stop = min(len(order), start + max(1, _BATCH_CELLS // longest))
            batch = order[start:stop]
            for i, tags, words in zip(batch, *self._decode([sentences[i] for i in batch]), strict=True):
                out[i], stems[i] = tags, words
            start = stop
        return out, stems

    def _decode(self, sentences: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[list[str]]]:
        """Viterbi over non-empty sentences, one after another in a plain compiled loop over Python
        floats; and their stems.

        A numpy step over all of a document's sentences cost about ten calls (the step and the back
        pointers), a few microseconds each whatever they held, and a document has as many steps as
        its longest sentence; a plain step of one sentence, with the nine labels' scores and the
        transitions in local variables (``_path9``), costs about a third of a microsecond. Each
        label's best score is the first label that reaches it plus its emission, as numpy's
        ``argmax`` takes it, so the labels are the same."""
        flat, stems = self._emissions(sentences)
        n = len(self.labels)
        scores: list[float] = flat.ravel().tolist()
        into = self._transitions_into
        name = self.labels.__getitem__
        tags: list[list[str]] = []
        first = 0
        for words in sentences:
            size = len(words)
            if n == _UNROLLED_LABELS:
                path = _path9(scores, first * n, (first + size) * n, into)
            else:
                path = _path(scores, first * n, (first + size) * n, into)
            tags.append(list(map(name, path)))
            first += size
        return tags, [stems[a:b] for a, b in pairwise(_bounds(sentences))]


def _path(scores: list[float], start: int, stop: int, into: list[list[float]]) -> list[int]:
    """The best labels of one sentence whose emission rows are ``scores[start:stop]`` (one row of
    ``len(into)`` scores per token), ``into[j][i]`` the transition weight from label i into j: each
    step gives each label its best score (the first label that reaches it, as ``argmax``) plus its
    emission, one step after another; then the first best label at the end, and back."""
    n = len(into)
    score = scores[start:start + n]
    pointers: list[list[int]] = []
    for at in range(start + n, stop, n):
        now = [0.0] * n
        best_from = [0] * n
        for j in range(n):
            column = into[j]
            best = score[0] + column[0]
            where = 0
            for i in range(1, n):
                value = score[i] + column[i]
                if value > best:
                    best = value
                    where = i
            now[j] = best + scores[at + j]
            best_from[j] = where
        score = now
        pointers.append(best_from)
    label = score.index(max(score))  # the first of the best, as argmax
    labels = [label]
    for best_from in reversed(pointers):
        label = best_from[label]
        labels.append(label)
    labels.reverse()
    return labels


# the label count the model ships with (O and B-/I- of four types): its steps are written out
_UNROLLED_LABELS = 9


def _best9(s0: float, s1: float, s2: float, s3: float, s4: float, s5: float, s6: float, s7: float, s8: float,
           t0: float, t1: float, t2: float, t3: float, t4: float, t5: float, t6: float, t7: float, t8: float) -> tuple[float, int]:
    """The best of ``s[i] + t[i]`` over nine labels and the first label that gives it (``_path``'s inner loop)."""
    best = s0 + t0
    where = 0
    value = s1 + t1
    if value > best:
        best = value
        where = 1
    value = s2 + t2
    if value > best:
        best = value
        where = 2
    value = s3 + t3
    if value > best:
        best = value
        where = 3
    value = s4 + t4
    if value > best:
        best = value
        where = 4
    value = s5 + t5
    if value > best:
        best = value
        where = 5
    value = s6 + t6
    if value > best:
        best = value
        where = 6
    value = s7 + t7
    if value > best:
        best = value
        where = 7
    value = s8 + t8
    if value > best:
        best = value
        where = 8
    return best, where


def _path9(scores: list[float], start: int, stop: int, into: list[list[float]]) -> list[int]:
    """``_path`` for nine labels: the scores of a step and the transitions are local floats, not list items."""
    c00, c01, c02, c03, c04, c05, c06, c07, c08 = into[0]
    c10, c11, c12, c13, c14, c15, c16, c17, c18 = into[1]
    c20, c21, c22, c23, c24, c25, c26, c27, c28 = into[2]
    c30, c31, c32, c33, c34, c35, c36, c37, c38 = into[3]
    c40, c41, c42, c43, c44, c45, c46, c47, c48 = into[4]
    c50, c51, c52, c53, c54, c55, c56, c57, c58 = into[5]
    c60, c61, c62, c63, c64, c65, c66, c67, c68 = into[6]
    c70, c71, c72, c73, c74, c75, c76, c77, c78 = into[7]
    c80, c81, c82, c83, c84, c85, c86, c87, c88 = into[8]
    s0, s1, s2, s3, s4, s5, s6, s7, s8 = scores[start:start + 9]
    pointers: list[tuple[int, int, int, int, int, int, int, int, int]] = []
    for at in range(start + 9, stop, 9):
        n0, p0 = _best9(s0, s1, s2, s3, s4, s5, s6, s7, s8, c00, c01, c02, c03, c04, c05, c06, c07, c08)
        n1, p1 = _best9(s0, s1, s2, s3, s4, s5, s6, s7, s8, c10, c11, c12, c13, c14, c15, c16, c17, c18)
        n2, p2 = _best9(s0, s1, s2, s3, s4, s5, s6, s7, s8, c20, c21, c22, c23, c24, c25, c26, c27, c28)
        n3, p3 = _best9(s0, s1, s2, s3, s4, s5, s6, s7, s8, c30, c31, c32, c33, c34, c35, c36, c37, c38)
        n4, p4 = _best9(s0, s1, s2, s3, s4, s5, s6, s7, s8, c40, c41, c42, c43, c44, c45, c46, c47, c48)
        n5, p5 = _best9(s0, s1, s2, s3, s4, s5, s6, s7, s8, c50, c51, c52, c53, c54, c55, c56, c57, c58)
        n6, p6 = _best9(s0, s1, s2, s3, s4, s5, s6, s7, s8, c60, c61, c62, c63, c64, c65, c66, c67, c68)
        n7, p7 = _best9(s0, s1, s2, s3, s4, s5, s6, s7, s8, c70, c71, c72, c73, c74, c75, c76, c77, c78)
        n8, p8 = _best9(s0, s1, s2, s3, s4, s5, s6, s7, s8, c80, c81, c82, c83, c84, c85, c86, c87, c88)
        pointers.append((p0, p1, p2, p3, p4, p5, p6, p7, p8))
        s0 = n0 + scores[at + 0]
        s1 = n1 + scores[at + 1]
        s2 = n2 + scores[at + 2]
        s3 = n3 + scores[at + 3]
        s4 = n4 + scores[at + 4]
        s5 = n5 + scores[at + 5]
        s6 = n6 + scores[at + 6]
        s7 = n7 + scores[at + 7]
        s8 = n8 + scores[at + 8]
    score = [s0, s1, s2, s3, s4, s5, s6, s7, s8]
    label = score.index(max(score))  # the first of the best, as argmax
    labels = [label]
    for best_from in reversed(pointers):
        label = best_from[label]
        labels.append(label)
    labels.reverse()
    return labels
