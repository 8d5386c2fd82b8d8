"""Batched Viterbi decoding of the trained CRF with emission scores cached per word type.

crfsuite scores every attribute of every token through a string dictionary, which made it the
slowest step of tagging. A CRF's emission score is a sum over the token's attributes, and nearly
all of them depend on one word type at one window offset: so each (word type, offset) gets its
label-score vector once, a token's emission is the sum of a few cached vectors, and the Viterbi
recursion runs over all sentences of a document at once in numpy. The decoder takes the weights of
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
_BATCH_CELLS = 1 << 18  # sentences x padded length decoded at once (a few MB of scores)
_PAIRS_LIMIT = 200_000  # weighted stem bigrams remembered
# a document's last steps, once this few sentences go on, are decoded sentence by sentence in a
# plain loop: a numpy step costs about 4 microseconds of calls, a plain step about half of one per sentence
_TAIL_SENTENCES = 6



def _bounds(sentences: Sequence[Sequence[str]]) -> list[int]:
    """Where each sentence starts in the concatenated tokens, and the end of the last."""
    return [0, *accumulate(len(words) for words in sentences)]


class CrfDecoder:
    """Tags sentences with a CRF's weights (one crfsuite model or an average), caching per-word-type emission vectors."""

    # not a dataclass: owns growing caches
    def __init__(self, weights: CrfWeights, extractor: FeatureExtractor, frequent: FrequentWords | None = None) -> None:
        self.labels: list[str] = list(weights.labels)
        self._label_names = np.array(self.labels, dtype=object)  # label number -> its name, for whole paths
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
        # per window offset: attribute without its "offset:" prefix -> row, for the neighbour attributes
        self._offset_ids: list[dict[str, int]] = []
        for offset in extractor.offsets():
            prefix = f"{offset}:"
            self._offset_ids.append({a[len(prefix):]: i for a, i in self._ids.items() if a.startswith(prefix)})
        self._adjacent = [abs(o) == 1 for o in extractor.offsets()]
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
        # per label, the transition weights into it from each label (the tail's plain loop reads these)
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
        self._entry_rows = np.zeros((_INITIAL_ROWS, 1 + len(self._offset_ids)), dtype=np.intp)
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
        padded, reach = padded[order], lengths[order]
        # reach is decreasing: the lines longer than k are the first (count - #lines of length <= k)
        alive: list[int] = (count - np.searchsorted(reach[::-1], np.arange(padded.shape[1]), side="right")).tolist()
        matrix = self._matrix
        acc = matrix[padded[:, 0]]
        for k in range(1, len(alive)):
            acc[:alive[k]] += matrix[padded[:alive[k], k]]
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
        return 1 + len(self._offset_ids)

    def attribute_rows(self, norm: str) -> Segments:
        """The weight-matrix rows (indexes into the model's sorted attribute names) of a normalised
        word's own attributes and of those it gives each window offset, in attribute order."""
        own, neighbour, near, _ = self._extractor.feature_strings(norm)
        # (map and list comprehensions: a generator per list costs more than the lookups; row 0 is a row)
        segments = [tuple([i for i in map(self._ids.get, own) if i is not None])]
        for by_offset, adjacent in zip(self._offset_ids, self._adjacent, strict=True):
            segments.append(tuple([i for i in map(by_offset.get, near if adjacent else neighbour) if i is not None]))
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
            self._add_entries(list(listed), self._segment_rows[numbers].reshape(len(listed), self.segments_per_word))
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
            self._learn(compress(words, map(is_, maybe, repeat(None))))
            known = list(map(self._words.__getitem__, words))
        else:
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
        entries = self._entry_rows[ids]
        padded[at] = entries
        first = np.array(bounds[:-1], dtype=np.intp) + 2 * window * np.arange(len(sentences))  # each sentence's first padding place
        places = np.arange(window)
        padded[first[:, None] + places, 1:] = self._pad_left.T
        padded[(first + window + np.diff(bounds))[:, None] + places, 1:] = self._pad_right.T
        neighbours = table[padded[at[:, None] + self._offset_steps, self._offset_columns]]
        scores = table[entries[:, 0]] + table[extra].sum(axis=1)
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
        # batches padded to their longest sentence: one run-on "sentence" of a badly punctuated
        # page must not pad every other sentence of the document to its length
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
        """Viterbi over non-empty sentences sorted longest first, all at once; and their stems.

        A document has thousands of steps and their calls, not their arithmetic, cost the time: a
        step is five calls on views made once per run of steps over the same sentences. Once only a
        few sentences go on (the longest sentence alone, often for dozens of steps), each goes on by
        itself in a plain loop (``_tail``): the same additions and comparisons, without the calls."""
        lengths = np.array([len(s) for s in sentences])
        flat, stems = self._emissions(sentences)
        count, longest, n = len(sentences), int(lengths[0]), len(self.labels)
        # position-major: one step's emissions and back pointers are one contiguous block
        emissions = np.zeros((longest, count, n))
        emissions[np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths),
                  np.repeat(np.arange(count), lengths)] = flat
        # sorted longest first: at step t the first alive[t] sentences are still going, and those
        # whose last position is t are rows ends[t][0]:ends[t][1]
        alive = (count - np.cumsum(np.bincount(lengths, minlength=longest + 1))).tolist()
        ends = {t: (alive[t + 1], alive[t]) for t in range(longest) if alive[t + 1] < alive[t]}
        # the steps from `split` on are the tail's: only its first `tailing` sentences are still going
        split = next((t for t in range(1, longest) if alive[t] <= _TAIL_SENTENCES), longest)
        tailing = alive[split] if split < longest else 0
        score = emissions[0].copy()
        last = np.zeros(count, dtype=np.intp)
        back = np.zeros((split, count, n), dtype=np.intp)
        back_flat = back.reshape(split, count * n)
        # step[b, j, i]: sentence b reaching label j from label i, the labels come from on the last
        # axis: its argmax reads contiguous memory (on another axis numpy copies the array first)
        transitions = self._transitions.T[None, :, :]
        step = np.empty((count, n, n))  # one buffer for every step: no allocation in the loop
        # the best score is read at the argmax (np.take at flat indexes) rather than reduced again
        # with np.maximum: the same number, at a third of the cost for nine labels
        firsts = np.arange(count * n) * n  # where each (sentence, label) line of step begins
        at = np.empty(count * n, dtype=np.intp)
        add, take = np.add, np.take
        if 0 in ends:
            a, b = ends[0]
            last[a:b] = score[a:b].argmax(axis=1)
        t = 1
        for stop in sorted({e + 1 for e in ends if 1 <= e < split} | {split}):  # the same sentences go on from t to stop
            k = alive[t]
            score_k, step_k = score[:k], step[:k]
            score_from, argmax = score_k[:, None, :], step_k.argmax
            lines, at_k, score_k_flat, step_k_flat = firsts[:k * n], at[:k * n], score_k.reshape(-1), step_k.reshape(-1)
            for emitted, pointers, pointers_flat in zip(emissions[t:stop, :k], back[t:stop, :k],
                                                        back_flat[t:stop, :k * n], strict=True):
                add(score_from, transitions, out=step_k)
                argmax(axis=2, out=pointers)
                add(lines, pointers_flat, out=at_k)
                take(step_k_flat, at_k, out=score_k_flat)
                add(score_k, emitted, out=score_k)
            t = stop
            if t - 1 in ends:
                a, b = ends[t - 1]
                last[a:b] = score[a:b].argmax(axis=1)
        path = np.zeros((longest, count), dtype=np.intp)
        starts = np.cumsum(lengths) - lengths
        for b in range(tailing):  # each sentence still going at `split`: its labels from split - 1 on
            size = int(lengths[b])
            first = int(starts[b])
            path[split - 1:size, b] = self._tail(score[b].tolist(), flat[first + split:first + size].tolist())
        rows = np.arange(count) * n  # where each sentence's pointers begin in a step's block
        for t in range(split - 1, -1, -1):
            if t in ends:
                a, b = ends[t]
                path[t, a:b] = last[a:b]  # sentences whose last token is t start their path here
            if t:
                # the pointers of the sentences not begun yet are read too: their rows are unused
                take(back_flat[t], add(rows, path[t]), out=path[t - 1])
        names = self._label_names[path.T]
        sizes = lengths.tolist()
        return ([names[b, :size].tolist() for b, size in enumerate(sizes)],
                [stems[a:b] for a, b in pairwise([0, *accumulate(sizes)])])

    def _tail(self, score: list[float], emitted: list[list[float]]) -> list[int]:
        """The best labels of one sentence from the step before its ``emitted`` rows to its end,
        given the scores of that step: the Viterbi of ``_decode`` (each label's best score, the
        first label that reaches it, plus its emission), one step after another over Python floats
        (the same sums, so the same labels)."""
        n = len(score)
        into = self._transitions_into
        pointers: list[list[int]] = []
        for row in emitted:
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
                now[j] = best + row[j]
                best_from[j] = where
            score = now
            pointers.append(best_from)
        label = max(range(n), key=score.__getitem__)  # the first of the best, as argmax
        labels = [label]
        for best_from in reversed(pointers):
            label = best_from[label]
            labels.append(label)
        labels.reverse()
        return labels
