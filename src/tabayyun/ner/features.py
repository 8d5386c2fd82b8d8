"""CRF feature extraction for Arabic tokens, cached per word type because it dominates tagging time."""

from __future__ import annotations

import copy
import gzip
import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import chain, compress, count
from pathlib import Path

from mypy_extensions import mypyc_attr

from tabayyun.ner.seen import SeenIndex, SeenNames
from tabayyun.text.normalize import translation_list

# Orthographic normalisation used only inside features (the text itself is never rewritten).
_NORMALIZE = translation_list(str.maketrans(
    {
        "\u0623": "\u0627",  # alef hamza above
        "\u0625": "\u0627",  # alef hamza below
        "\u0622": "\u0627",  # alef madda
        "\u0671": "\u0627",  # alef wasla
        "\u0649": "\u064a",  # alef maqsura -> ya
        "\u0629": "\u0647",  # ta marbuta -> ha
        **{chr(c): None for c in range(0x064B, 0x0660)},  # harakat
        "\u0670": None,
        "\u0640": None,  # tatweel
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
))

# The clitic inventory is part of the trained model's feature contract, so it lives with the
# code that the model was trained with rather than in an editable data file.
_CONJUNCTIONS = ("\u0648", "\u0641")  # و ف
_PREPOSITIONS = ("\u0628", "\u0643", "\u0644")  # ب ك ل
_ARTICLE = "\u0627\u0644"  # ال
_LAM_ARTICLE = "\u0644\u0644"  # لل = ل + ال
_MIN_STEM = 2
_CACHE_LIMIT = 180_000  # word types whose features are kept (a full cache starts again: bounded memory)


def normalize(word: str) -> str:
    """Feature-view normalisation: alef/ya/ta marbuta folding, no diacritics or tatweel, lowercase."""
    return word.translate(_NORMALIZE).lower()


def strip_clitics(norm: str) -> tuple[str, str]:
    """Split a normalised word into (proclitics, stem) for و ف ب ل ك ال لل, keeping stems >= 2 chars."""
    prefix = ""
    rest = norm
    if rest[:1] in _CONJUNCTIONS and len(rest) - 1 > _MIN_STEM:
        prefix, rest = rest[0], rest[1:]
    if rest.startswith(_LAM_ARTICLE) and len(rest) - 2 > _MIN_STEM:
        return prefix + _LAM_ARTICLE, rest[2:]
    if rest[:1] in _PREPOSITIONS and rest[1:3] == _ARTICLE and len(rest) - 3 >= _MIN_STEM:
        return prefix + rest[:3], rest[3:]
    if rest.startswith(_ARTICLE) and len(rest) - 2 >= _MIN_STEM:
        return prefix + _ARTICLE, rest[2:]
    if rest[:1] in _PREPOSITIONS and len(rest) - 1 > _MIN_STEM:
        # a bare preposition is ambiguous with a root letter (بغداد); the CRF weighs both readings
        return prefix + rest[0] + "?", rest[1:]
    return prefix, rest


def shape(word: str) -> str:
    """Coarse script/shape class of a token."""
    if word.isdigit():
        return "D"
    if all("\u0600" <= c <= "\u06ff" for c in word):
        return "A"
    if word.isascii() and word.isalpha():
        return "L" if word.islower() else "C"
    if any(c.isdigit() for c in word):
        return "N"
    if not any(c.isalnum() for c in word):
        return "P"
    return "M"


@mypyc_attr(native_class=False)  # pickled with the FeatureExtractor (below): mypyc's frozen dataclasses do not unpickle
@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Switches recorded next to the model so that tagging rebuilds exactly the training features."""

    window: int = 2
    affixes: int = 3
    char_ngrams: bool = False
    clusters: bool = False
    bigrams: bool = False
    memory_window: int = 0  # sentences either side feeding `mem=` features; 0 switches them off
    triggers: bool = False  # `tr=LABEL` for title/trigger words (data file), on the word and its window
    neighbour_affixes: int = 0  # stem prefix/suffix lengths also given to the window
    propagate_window: int = 0  # sentences either side the document consistency rules look (consistency.py); 0: off
    frequencies: bool = False  # general-language frequency of the word, its stem, its article and inflected forms
    names: bool = False  # external name lists (organisations.tsv, names.tsv: xPER/xLOC/xORG) beside ANERgazet
    seen_names: int = 0  # parts of train for the out-of-fold dictionary of annotated names (seen.py); 0: off
    name_parts: bool = False  # `gp=LABEL-F/M/L|n/x`: the word begins, is inside or ends names of the lists

    @classmethod
    def load(cls, path: Path) -> FeatureConfig:
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")


def load_gazetteer(path: Path) -> dict[tuple[str, ...], str]:
    """Read `LABEL<TAB>entry` lines into {stems of the entry: label}."""
    entries: dict[tuple[str, ...], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, entry = line.partition("\t")
        key = entry_key(entry)
        if key:
            entries.setdefault(key, label)
    return entries


def entry_key(entry: str) -> tuple[str, ...]:
    """Gazetteer lookup key: the clitic-stripped stems of an entry's words."""
    return tuple(strip_clitics(normalize(w))[1] for w in entry.split())


def load_clusters(path: Path) -> dict[str, str]:
    """Read `stem<TAB>id-id-id` lines (coarse to fine cluster ids of a normalised stem), gzipped
    when the name ends in .gz."""
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        word, _, cluster = line.partition("\t")
        if word and cluster:
            out[word] = cluster
    return out


def load_triggers(path: Path) -> dict[str, str]:
    """Read `LABEL<TAB>word` lines into {stem: label}: words that announce a name of that type."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, word = line.partition("\t")
        key = strip_clitics(normalize(word.strip()))[1]
        if key:
            out.setdefault(key, label)
    return out


def load_frequencies(path: Path) -> dict[str, int]:
    """Read gzipped `word<TAB>cB` lines (normalised word, frequency in centibels below 1: 0 is every word).

    Half a million lines are read at every tagger load: one decompression and one comprehension."""
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    return {word: int(bucket) for word, _, bucket in (line.partition("\t") for line in text.splitlines()) if word and bucket}


# Suffixes of plural, dual and feminine forms (normalised: ة is ه). A stem whose inflected forms are
# common is a noun or an adjective; a name rarely inflects.
_INFLECTIONS = ("\u0627\u062a", "\u0648\u0646", "\u064a\u0646", "\u0627\u0646", "\u0647", "\u064a\u0647")
_COMMON_CB = 600  # an inflected form counts when it is at least as frequent as 10^-6
_BAND_CB = 50  # frequency bands of half a decade
_AL_RANGE = 3  # article affinity bands clipped to ±3 half-decades
_NOUN_FORMS = 2  # a list word with this many common inflected forms is a noun (a head or a description)


def frequency_features(freq: Mapping[str, int], norm: str, stem: str) -> list[str]:
    """How general Arabic uses the word: frequency bands of the word and its stem, how much more
    often the stem takes the article, and how many inflected forms are common.

    Names never seen in training are told apart from common words by these: "بوش" is frequent but
    "البوش" is not, and "كتاب" has "كتابات"; the counts come from a large corpus (wordfreq), not from
    the annotated text.
    """
    word_cb = freq.get(norm)
    stem_cb = freq.get(stem)
    out = ["fw=" + (str(word_cb // _BAND_CB) if word_cb else "-"), "fs=" + (str(stem_cb // _BAND_CB) if stem_cb else "-")]
    with_article = freq.get(_ARTICLE + stem)
    if stem_cb and with_article:
        diff = (with_article - stem_cb) // _BAND_CB
        out.append("fal=" + str(max(-_AL_RANGE, min(_AL_RANGE, diff))))
    else:
        out.append("fal=" + ("none" if stem_cb else "only" if with_article else "-"))
    out.append("finf=" + str(inflected_forms(freq, stem)))
    return out


def inflected_forms(freq: Mapping[str, int], stem: str) -> int:
    """How many plural, dual and feminine forms of the stem are common words (0 to 6)."""
    base = stem[:-1] if stem.endswith("\u0647") else stem
    return sum(1 for suffix in _INFLECTIONS if freq.get(base + suffix, _COMMON_CB + 1) <= _COMMON_CB)


Features = tuple[bytes, ...]


def _name_parts(multi: Mapping[tuple[str, ...], str]) -> dict[str, tuple[str, ...]]:
    """Stem -> `gp=LABEL-F/M/L` marks: where the stem stands in the multi-word names of the lists.

    The multi-word marks (`gzB=`/`gzI=`) fire only on a list name written out in full. News names a
    person in full once and then by the last name ("أينشتاين" of "ألبرت أينشتاين"), and writes
    organisations the lists do not hold with the same heads and endings ("البنك ..."). Off in the
    shipped model: +0.54 F1 on 5-fold CV over ANERcorp train (ORG +2.2) but -0.60 on the test
    split (MODEL_CARD.md, "What was tried")."""
    parts: dict[str, set[str]] = {}
    for key, label in multi.items():
        for i, stem in enumerate(key):
            where = "F" if i == 0 else "L" if i == len(key) - 1 else "M"
            parts.setdefault(stem, set()).add(f"gp={label}-{where}")
    return {stem: tuple(sorted(marks)) for stem, marks in parts.items()}


_WordEntry = tuple[Features, tuple[Features, ...], str]  # own, per-offset neighbour, stem


# copied (``with_seen_names``) and pickled to the training processes: a Python class in the compiled
# build too (setup.py; its methods are compiled), as mypyc's own classes cannot be copied without
# their __init__; no effect on the pure-Python package
@mypyc_attr(native_class=False)
class FeatureExtractor:
    """Turns a tokenised sentence into crfsuite attribute lists (bytes, which crfsuite takes as is)."""

    # not a dataclass: holds a mutable per-word cache
    def __init__(
        self,
        config: FeatureConfig,
        gazetteer: Mapping[tuple[str, ...], str],
        clusters: Mapping[str, str] | None = None,
        known: frozenset[bytes] | None = None,
        triggers: Mapping[str, str] | None = None,
        frequencies: Mapping[str, int] | None = None,
        seen_names: SeenNames | None = None,
    ) -> None:
        self.config = config
        self._seen = SeenIndex(seen_names or {})
        # Attributes the model has weights for: dropping the rest before crfsuite sees them
        # halves tagging time and changes no score.
        self._known = known
        self._single = {k[0]: v for k, v in gazetteer.items() if len(k) == 1}
        self._multi = {k: v for k, v in gazetteer.items() if len(k) > 1}
        self._multi_first = {k[0] for k in self._multi}
        # first stem -> the lengths of the names it begins, longest first
        lengths: dict[str, set[int]] = {}
        for k in self._multi:
            lengths.setdefault(k[0], set()).add(len(k))
        self._multi_lengths = {first: sorted(ns, reverse=True) for first, ns in lengths.items()}
        self._max_len = max((len(k) for k in self._multi), default=1)
        self._parts = _name_parts(self._multi) if config.name_parts else {}
        self._clusters = clusters or {}
        self._triggers = triggers or {}
        self._frequencies = frequencies or {}
        self._offsets = [o for o in range(-config.window, config.window + 1) if o != 0]
        edges = {o: (f"{o}:{'BOS' if o < 0 else 'EOS'}".encode(),) for o in self._offsets}
        # Padding entries for the positions before and after a sentence: the adjacent one carries
        # the BOS/EOS marks, the farther ones nothing. With them the tagging loop needs no bounds checks.
        adjacent = tuple(edges[o] for o in self._offsets)
        nothing: tuple[Features, ...] = tuple(() for _ in self._offsets)
        self._pad_left = [nothing] * (config.window - 1) + [adjacent]
        self._pad_right = [adjacent] + [nothing] * (config.window - 1)
        self._slots = [(k, config.window + o) for k, o in enumerate(self._offsets)]
        self._mark_beginnings = self._beginnings()
        self._cache: dict[str, _WordEntry] = {}
        self._pairs: dict[tuple[str, str], tuple[Features, Features]] = {}

    def _word(self, word: str) -> _WordEntry:
        entry = self._cache.get(word)
        if entry is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            entry = self._compute(word)
            self._cache[word] = entry
        return entry

    def _compute(self, word: str) -> _WordEntry:
        cur, neighbour, near, stem = self.feature_strings(normalize(word))
        nbs = tuple(
            self._keep(f"{o}:{f}".encode() for f in (near if abs(o) == 1 else neighbour)) for o in self._offsets
        )
        return self._keep(f.encode() for f in cur), nbs, stem

    def feature_strings(self, norm: str) -> tuple[list[str], list[str], list[str], str]:
        """The attributes of a normalised word before they are encoded and filtered: its own, those it
        gives the tokens two or more places away and the adjacent ones (without the offset prefix), and
        its stem. Everything a word contributes depends on its normalised form alone."""
        prefix, stem = strip_clitics(norm)
        shp = shape(norm)
        gz = self._single.get(stem)
        # `w=` only where it differs from `st=`: two always co-firing attributes cost tagging time
        word_feature = ["w=" + norm] if norm != stem else []
        cur = ["b", *word_feature, "st=" + stem, "pf=" + prefix, "sh=" + shp, "len=" + str(min(len(stem), 8))]
        for n in range(1, self.config.affixes + 1):
            if len(stem) > n:
                cur.append(f"p{n}={stem[:n]}")
                cur.append(f"s{n}={stem[-n:]}")
        if len(norm) > 3:
            cur.append("ws2=" + norm[-2:])
        if self.config.char_ngrams and len(stem) > 3:
            padded = f"<{stem}>"
            cur.extend("g=" + padded[i : i + 3] for i in range(len(padded) - 2))
        levels = self._cluster_levels(stem)
        cur.extend(levels)
        if norm != stem and norm in self._clusters:
            cur.extend("w" + f for f in self._cluster_levels(norm))
        trigger = self._triggers.get(stem)
        if trigger is not None:
            cur.append("tr=" + trigger)
        if gz is not None:
            cur.append("gz=" + gz)
        parts = self._parts.get(stem)
        if parts is not None:
            # "البنك" heads many organisations and "أينشتاين" ends a person's name; only the first
            # inflects like a noun, and the model weighs the two kinds of list words apart
            noun = inflected_forms(self._frequencies, stem) >= _NOUN_FORMS
            cur.extend(f"{part}|{'n' if noun else 'x'}" for part in parts)
        if self.config.frequencies:
            cur.extend(frequency_features(self._frequencies, norm, stem))
        neighbour = [*word_feature, "st=" + stem, "sh=" + shp, "pf=" + prefix]
        if len(stem) > 2:
            neighbour.append("s2=" + stem[-2:])
        for n in range(1, self.config.neighbour_affixes + 1):
            if len(stem) > n:
                neighbour.append(f"p{n}={stem[:n]}")
                if n != 2:
                    neighbour.append(f"s{n}={stem[-n:]}")
        if gz is not None:
            neighbour.append("gz=" + gz)
        if trigger is not None:
            neighbour.append("tr=" + trigger)
        near = neighbour + levels[:3]  # clusters (not the finest level) for the adjacent words only
        return cur, neighbour, near, stem

    def _cluster_levels(self, key: str) -> list[str]:
        if not self._clusters:
            return []
        cluster = self._clusters.get(key)
        if cluster is None:
            return ["c=rare"]  # seen at most once in the unlabeled text
        return [f"c{k}={c}" for k, c in enumerate(cluster.split("-"))]

    def _keep(self, feats: Iterable[bytes]) -> Features:
        known = self._known
        return tuple(feats) if known is None else tuple(f for f in feats if f in known)

    def with_seen_names(self, names: SeenNames) -> FeatureExtractor:
        """The same extractor with another dictionary of names seen in training (out-of-fold training)."""
        other = copy.copy(self)  # shares the word caches: word attributes do not depend on the dictionary
        other._seen = SeenIndex(names)
        other._mark_beginnings = other._beginnings()
        return other

    def _span_marks(self, stems: Sequence[str]) -> list[Features]:
        marks = self._gazetteer_marks(stems)
        if not self.config.seen_names:
            return marks
        seen = self._seen.marks(stems)
        if not any(seen):
            return marks
        if not any(marks):
            return seen
        return [g + s for g, s in zip(marks, seen, strict=True)]

    def _gazetteer_marks(self, stems: Sequence[str]) -> list[Features]:
        """`gzB=`/`gzI=` marks of the longest multi-word list name starting at each stem, left to
        right (a name's words start no other)."""
        marks: list[Features] = [()] * len(stems)
        lengths = self._multi_lengths
        if not self._multi or lengths.keys().isdisjoint(stems):
            return marks
        resume = 0
        for i in [i for i, stem in enumerate(stems) if stem in lengths]:
            if i < resume:
                continue
            found = self._name_at(stems, i, lengths[stems[i]], len(stems))
            if found is not None:
                resume = _mark_name(marks, i, *found)
        return marks

    def _name_at(self, stems: Sequence[str], i: int, sizes: Iterable[int], end: int) -> tuple[str, int] | None:
        """The longest multi-word list name starting at stem ``i`` and ending by ``end`` (``sizes``:
        the lengths of the names starting with that stem, longest first): (label, length)."""
        for n in sizes:
            label = self._multi.get(tuple(stems[i : i + n])) if n <= end - i else None
            if label is not None:
                return label, n
        return None

    def _bigrams(self, stems: Sequence[str]) -> list[Features]:
        padded = ["^", *stems, "$"]
        pairs = [self._pair(padded[i], padded[i + 1]) for i in range(len(padded) - 1)]
        # the pair right of token i is the pair left of token i+1
        return [pairs[i][0] + pairs[i + 1][1] for i in range(len(stems))]

    def _pair(self, left: str, right: str) -> tuple[Features, Features]:
        """(`bl=` attribute for the right word, `br=` attribute for the left word) of one stem bigram."""
        key = (left, right)
        entry = self._pairs.get(key)
        if entry is None:
            if len(self._pairs) >= _CACHE_LIMIT:
                self._pairs.clear()
            entry = (self._keep((f"bl={left}|{right}".encode(),)), self._keep((f"br={left}|{right}".encode(),)))
            self._pairs[key] = entry
        return entry

    def word_features(self, word: str) -> tuple[Features, tuple[Features, ...], str]:
        """(attributes of the word itself, attributes it gives each window offset, its stem)."""
        return self._word(word)

    def pair_features(self, left: str, right: str) -> tuple[Features, Features]:
        """Attributes one stem bigram gives its right word and its left word."""
        return self._pair(left, right)

    def span_marks(self, stems: Sequence[str]) -> list[Features]:
        """Attributes of names matched over several tokens of a sentence's stems: multi-word
        gazetteer entries (`gzB=`/`gzI=`) and, if configured, names seen in training (`td*=`)."""
        return self._span_marks(stems)

    def document_marks(self, stems: Sequence[str], bounds: Sequence[int]) -> dict[int, Features]:
        """``span_marks`` of every sentence of a document at once (its stems one after another,
        sentence k is ``stems[bounds[k]:bounds[k + 1]]``), only at the tokens that have marks: names
        are tried only where ``mark_candidates`` allows one, and most tokens have none."""
        candidates = sorted(set(self.mark_candidates(stems)))
        if not candidates:
            return {}
        marks = self._gazetteer_marks_at(stems, bounds, candidates)
        if not self.config.seen_names:
            return marks
        seen = self._seen.marks_at(stems, bounds, candidates)
        for i, more in seen.items():
            marks[i] = marks.get(i, ()) + more
        return marks

    def _gazetteer_marks_at(self, stems: Sequence[str], bounds: Sequence[int], candidates: Iterable[int]) -> dict[int, Features]:
        """``_gazetteer_marks`` of every sentence of a document, as ``document_marks`` reads them."""
        out: dict[int, Features] = {}
        lengths = self._multi_lengths
        resume = 0
        for i in candidates:
            sizes = lengths.get(stems[i]) if i >= resume else None
            if sizes is None:
                continue
            found = self._name_at(stems, i, sizes, bounds[bisect_right(bounds, i)])
            if found is not None:
                resume = _mark_name(out, i, *found)
        return out

    def mark_candidates(self, stems: Sequence[str]) -> Iterator[int]:
        """Positions in ``stems`` (a document's sentences one after another) where a span mark may
        begin: the first two stems of a multi-word name, or a one-word seen name. ``span_marks``
        gives nothing to a sentence without one; found by map and compress, no Python step per stem
        (the pairs run one stem short of the end: zip is not strict)."""
        pairs, singles, firsts = self._mark_beginnings
        # a pair is built and looked up only where its first stem begins one (a string's hash is
        # cached, a new tuple's is not): a few stems in a hundred
        last = len(stems) - 1
        return chain([i for i in compress(count(), map(firsts.__contains__, stems))
                      if i < last and (stems[i], stems[i + 1]) in pairs],
                     compress(count(), map(singles.__contains__, stems)))

    def _beginnings(self) -> tuple[frozenset[tuple[str, str]], frozenset[str], frozenset[str]]:
        """(the first two stems of every name, the one-stem names, the first stems of the pairs)."""
        pairs = frozenset((key[0], key[1]) for key in self._multi)
        singles: frozenset[str] = frozenset()
        if self.config.seen_names:
            seen_pairs, singles = self._seen.beginnings()
            pairs |= seen_pairs
        return pairs, singles, frozenset(first for first, _ in pairs)

    def padding(self) -> tuple[list[tuple[Features, ...]], list[tuple[Features, ...]]]:
        """Window entries standing for the positions before and after a sentence."""
        return self._pad_left, self._pad_right

    def slots(self) -> list[tuple[int, int]]:
        """(window slot, position in the padded sentence relative to the token) pairs."""
        return self._slots

    def stem(self, word: str) -> str:
        """Normalised, clitic-stripped form (the gazetteer and memory key)."""
        entry = self._cache.get(word)
        return entry[2] if entry is not None else strip_clitics(normalize(word))[1]

    def offsets(self) -> list[int]:
        """The window offsets, in the order of the neighbour attributes of ``word_features``."""
        return self._offsets

    def keeps(self, attribute: str) -> bool:
        """Whether the extractor passes this attribute on (all do without a list of known attributes)."""
        return self._known is None or attribute.encode() in self._known

    def sentence(self, words: Sequence[str], extra: Sequence[Features] | None = None) -> list[Features]:
        """Attribute lists for every token of one sentence, plus per-token `extra` attributes."""
        entries = [self._word(w) for w in words]
        stems = [e[2] for e in entries]
        marks = self._span_marks(stems)
        bigrams = self._bigrams(stems) if self.config.bigrams else None
        padded = [*self._pad_left, *(e[1] for e in entries), *self._pad_right]
        slots = self._slots
        out: list[Features] = []
        for i, entry in enumerate(entries):
            feats = list(entry[0])
            feats.extend(marks[i])
            if bigrams is not None:
                feats.extend(bigrams[i])
            if extra is not None:
                feats.extend(extra[i])
            for k, at in slots:
                feats.extend(padded[i + at][k])
            out.append(tuple(feats))
        return out


def _mark_name(marks: list[Features] | dict[int, Features], i: int, label: str, n: int) -> int:
    """Mark a list name of ``n`` stems at ``i`` (``gzB=`` then ``gzI=``); the stem after it."""
    marks[i] = (f"gzB={label}".encode(),)
    for j in range(i + 1, i + n):
        marks[j] = (f"gzI={label}".encode(),)
    return i + n
