"""The attribute rows of the most frequent words, computed when the model is built and shipped with it.

The first time a process meets a word type, the decoder builds the word's attributes
(``FeatureExtractor.feature_strings``) and looks each one up among the model's weights: about
forty microseconds a type, and a news article brings dozens of types a process has not met yet.
The most frequent normalised forms of general Arabic (``frequencies.tsv.gz``, from wordfreq) come
back in every run, so their attribute rows (own and per window offset, as indexes into the model's
sorted attribute names) are stored in ``frequent_words.npz.xz`` and read at load.

The table carries a fingerprint of every model file the attributes depend on. A table whose
fingerprint does not match (a retrained model, an edited gazetteer or name list) is not used: its
words are computed like any other, so a stale table can slow tagging down but never change a tag.
``tabayyun train-ner`` writes a fresh table; ``scripts/build_ner_frequent.py`` rebuilds it alone.
"""

from __future__ import annotations

import hashlib
import io
import logging
import lzma
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

FREQUENT_FILE = "frequent_words.npz.xz"
DEFAULT_WORDS = 100_000

Segments = list[tuple[int, ...]]  # attribute rows: the word's own, then one list per window offset


def fingerprint(paths: Iterable[Path]) -> str:
    """SHA-256 over the names and bytes of the files (missing files count as absent)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
        digest.update(b"\1")
    return digest.hexdigest()


class FrequentWords:
    """Normalised word -> its attribute rows, read from a table built for one model. The distinct
    attribute lists (``segments``) are numbered; a word is one segment number per list."""

    # not a dataclass: a lookup index over packed arrays
    def __init__(self, norms: Sequence[str], words: np.ndarray, lengths: np.ndarray, ids: np.ndarray) -> None:
        self._index = {norm: k for k, norm in enumerate(norms)}
        self._words = words.astype(np.int64)  # (words, lists per word): segment numbers
        self.lengths = lengths.astype(np.int64)  # attributes per segment
        self._starts = np.concatenate([[0], np.cumsum(self.lengths)])[:-1]
        self._ids = ids.astype(np.intp)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, norm: object) -> bool:
        return norm in self._index

    @property
    def segment_count(self) -> int:
        return len(self.lengths)

    def segment_numbers(self, norm: str) -> list[int] | None:
        """The segment number of each of the word's attribute lists (None: not in the table)."""
        k = self._index.get(norm)
        return None if k is None else self._words[k].tolist()

    def position(self, norm: str) -> int | None:
        """The word's line in the table (None: not in it), for ``numbers_at``."""
        return self._index.get(norm)

    def numbers_at(self, positions: list[int]) -> np.ndarray:
        """``segment_numbers`` of the words at these lines, one line each: one numpy call for all
        the new words of a document, not one per word."""
        return self._words[positions]

    def segments(self, norm: str) -> Segments | None:
        numbers = self.segment_numbers(norm)
        if numbers is None:
            return None
        return [tuple(self._ids[self._starts[n]:self._starts[n] + self.lengths[n]].tolist()) for n in numbers]

    def padded(self, numbers: np.ndarray, pad: int) -> np.ndarray:
        """The attribute rows of the given segments, one line each, filled up with ``pad``."""
        lengths = self.lengths[numbers]
        longest = int(lengths.max(initial=0))
        columns = np.arange(longest)
        at = np.minimum(self._starts[numbers][:, None] + columns, max(len(self._ids) - 1, 0))
        return np.where(columns < lengths[:, None], self._ids[at] if len(self._ids) else pad, pad)


def frequent_norms(frequencies: dict[str, int], count: int, normalize: Callable[[str], str]) -> list[str]:
    """The ``count`` most frequent words of a frequency table (centibels: smaller is more frequent),
    normalised, without repeats."""
    ranked = sorted(frequencies, key=lambda w: (frequencies[w], w))
    return list(dict.fromkeys(normalize(w) for w in ranked[:count]))


def save(path: Path, norms: Sequence[str], rows: Callable[[str], Segments], stamp: str, per_word: int) -> None:
    """Compute the rows of every word and write the table (byte-identical for identical input)."""
    numbers: dict[tuple[int, ...], int] = {}
    words: list[int] = []
    for norm in norms:
        segments = rows(norm)
        if len(segments) != per_word:
            raise ValueError(f"{norm!r} has {len(segments)} attribute lists, expected {per_word}")
        words.extend(numbers.setdefault(segment, len(numbers)) for segment in segments)
    lengths = [len(segment) for segment in numbers]
    ids = [i for segment in numbers for i in segment]
    if any(n > 255 for n in lengths) or any(i > 65535 for i in ids):
        raise ValueError("attribute lists too long or too many attributes for the table's 8/16-bit fields")
    buffer = io.BytesIO()
    np.savez(buffer, fingerprint=np.array(stamp), per_word=np.array(per_word),
             norms=np.frombuffer("\n".join(norms).encode("utf-8"), dtype=np.uint8),
             words=np.array(words, dtype=np.uint32).reshape(len(norms), per_word),
             lengths=np.array(lengths, dtype=np.uint8), ids=np.array(ids, dtype=np.uint16))
    path.write_bytes(lzma.compress(buffer.getvalue(), preset=9 | lzma.PRESET_EXTREME))


def load(path: Path, stamp: str, per_word: int) -> FrequentWords | None:
    """The table at ``path`` if it was built for the model files of fingerprint ``stamp``; None otherwise."""
    if not path.is_file():
        return None
    try:
        with np.load(io.BytesIO(lzma.decompress(path.read_bytes())), allow_pickle=False) as data:
            if str(data["fingerprint"]) != stamp or int(data["per_word"]) != per_word:
                log.warning("%s was built for other model files: not used (rebuild it with "
                            "scripts/build_ner_frequent.py)", path)
                return None
            norms = data["norms"].tobytes().decode("utf-8").split("\n")
            return FrequentWords(norms, data["words"], data["lengths"], data["ids"])
    except (lzma.LZMAError, OSError, ValueError, KeyError) as exc:
        log.warning("%s cannot be read (%s): not used (rebuild it with scripts/build_ner_frequent.py)", path, exc)
        return None
