"""Names seen in the annotated training text, as evidence for the same names in new text.

The CRF has a weight for every training word, but inside the training set every name is one it
has seen, so it cannot learn how far "this was a PER elsewhere" should be trusted, and a
multi-word name seen before gets no span-level evidence at all. So the annotated names become a
dictionary: stems of the name -> its most frequent label. In training a sentence sees only the
names of the *other* parts of the corpus (out of fold, contiguous parts, documents never split
across a boundary by more than one part); at tagging time a document sees all of train, just as a
held-out fold saw the rest. Marks: `td=` (one-word name), `tdB=`/`tdI=` (first/other words of a
longer one), and the adjacent tokens' non-inside marks as `-1:`/`1:`.
Measured on 5-fold CV over ANERcorp train: +0.46 F1 (10 parts instead of 5: the same).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from mypy_extensions import mypyc_attr

from tabayyun.ner.conll import contiguous_parts
from tabayyun.ner.scoring import chunks

SeenNames = dict[tuple[str, ...], str]
MAX_WORDS = 6  # longer annotated names are rare and never repeat verbatim
_MIN_SINGLE = 3  # a one-word name of two letters is a particle or an abbreviation too often
_HEADER = "# Names annotated in the training text (stems), most frequent label. Written by `tabayyun train-ner`.\n"


def collect(stems: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> SeenNames:
    """{stems of an annotated name: its most frequent label} over the given sentences."""
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for sentence_stems, sentence_tags in zip(stems, tags, strict=True):
        for start, end, label in chunks(sentence_tags):
            if end - start <= MAX_WORDS:
                votes.setdefault(tuple(sentence_stems[start:end]), Counter())[label] += 1
    # ties: the alphabetically first label, so that the dictionary does not depend on input order
    return {key: min(counter, key=lambda label: (-counter[label], label)) for key, counter in votes.items()}


def out_of_fold(
    stems: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], folds: int
) -> list[tuple[range, SeenNames]]:
    """`folds` contiguous parts of the sentences, each with the dictionary of the other parts' names."""
    return [
        (part, collect([*stems[: part.start], *stems[part.stop :]], [*tags[: part.start], *tags[part.stop :]]))
        for part in contiguous_parts(len(stems), folds)
    ]


@mypyc_attr(native_class=False)  # pickled with the FeatureExtractor that holds it (features.py)
class SeenIndex:
    """A dictionary of seen names indexed by first stem, for matching in the tagging loop."""

    __slots__ = ("_longest", "names")

    def __init__(self, names: SeenNames) -> None:
        self.names = names
        self._longest: dict[str, int] = {}  # first stem -> words of the longest name it starts
        for key in names:
            if len(key) > 1 or len(key[0]) >= _MIN_SINGLE:
                self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))

    def beginnings(self) -> tuple[frozenset[tuple[str, str]], frozenset[str]]:
        """The first two stems of every seen name of several words, and the names of one word that
        ``marks`` reads: a sentence with neither gets no mark."""
        return (frozenset((key[0], key[1]) for key in self.names if len(key) > 1),
                frozenset(key[0] for key in self.names if len(key) == 1 and len(key[0]) >= _MIN_SINGLE))

    def marks_at(self, stems: Sequence[str], bounds: Sequence[int], candidates: Iterable[int]) -> dict[int, tuple[bytes, ...]]:
        """``marks`` of every sentence of a document at once (its stems one after another, sentence
        k is ``stems[bounds[k]:bounds[k + 1]]``), only at the tokens that have one; tried only at
        ``candidates`` (in order, among them every position ``beginnings`` allows a name at)."""
        out: dict[int, tuple[bytes, ...]] = {}
        longest, names = self._longest, self.names
        resume = 0
        for i in candidates:
            most = longest.get(stems[i]) if i >= resume else None
            if most is None:
                continue
            k = bisect_right(bounds, i)
            first, end = bounds[k - 1], bounds[k]
            for n in range(min(most, end - i), 0, -1):
                label = names.get(tuple(stems[i : i + n]))
                if label is not None and (n > 1 or len(stems[i]) >= _MIN_SINGLE):
                    head = ("tdB=" if n > 1 else "td=") + label
                    out[i] = (*out.get(i, ()), head.encode())
                    if i > first:
                        out[i - 1] = (*out.get(i - 1, ()), ("1:" + head).encode())
                    if i + 1 < end:
                        out[i + 1] = (*out.get(i + 1, ()), ("-1:" + head).encode())
                    for j in range(i + 1, i + n):
                        out[j] = (*out.get(j, ()), ("tdI=" + label).encode())
                    resume = i + n
                    break
        return out

    def marks(self, stems: Sequence[str]) -> list[tuple[bytes, ...]]:
        """Per-token attributes: the longest seen name starting at each token (left to right), and
        the adjacent tokens' `td=`/`tdB=` marks."""
        count = len(stems)
        out: list[tuple[bytes, ...]] = [()] * count
        longest, names = self._longest, self.names
        if longest.keys().isdisjoint(stems):
            return out  # most sentences name nothing seen in training
        resume = 0
        for i in [i for i, stem in enumerate(stems) if stem in longest]:
            if i < resume:
                continue
            for n in range(min(longest[stems[i]], count - i), 0, -1):
                label = names.get(tuple(stems[i : i + n]))
                if label is not None and (n > 1 or len(stems[i]) >= _MIN_SINGLE):
                    head = ("tdB=" if n > 1 else "td=") + label
                    out[i] += (head.encode(),)
                    if i > 0:
                        out[i - 1] += (("1:" + head).encode(),)
                    if i + 1 < count:
                        out[i + 1] += (("-1:" + head).encode(),)
                    for j in range(i + 1, i + n):
                        out[j] += (("tdI=" + label).encode(),)
                    resume = i + n
                    break
        return out


def save(path: Path, names: SeenNames) -> None:
    """`LABEL<TAB>stem stem ...` lines, sorted (the file is byte-identical for the same training data)."""
    lines = sorted(f"{label}\t{' '.join(key)}" for key, label in names.items())
    path.write_text(_HEADER + "\n".join(lines) + "\n", encoding="utf-8")


def load(path: Path) -> SeenNames:
    """Read a file written by `save` (stems are stored as the tagger computes them: no re-stemming)."""
    names: SeenNames = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, entry = line.partition("\t")
        key = tuple(entry.split(" "))
        if label and all(key):
            names[key] = label
    return names
