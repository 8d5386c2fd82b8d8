"""Event trigger lexicon: compiled once, matched on the normalised view, reported in original offsets.

A term is a whole word (or words) of the view with an optional leading clitic and article and an
optional attached pronoun; ``compile_terms`` states that as a regular expression. Finding every
term of the lexicon in a document that way tries a large alternation at every character, so the
event stage uses ``TermIndex`` instead: the view's words are looked up once per distinct word in
a table of the terms' cores, and the regular expressions' leftmost-first choices are replayed word
by word, giving the same matches (``tests/events/test_event_triggers.py`` compares the two).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import cast

from tabayyun.lexicon import load_json
from tabayyun.text.normalize import WORD_CACHE_SIZE, NormalizedText, document_view, fold_view, normalize_key

# A trigger may carry a leading conjunction/preposition and the article (والاشتباكات، بقصف، للغارات).
_PREFIX = r"(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)"
# and an attached pronoun or the accusative alef (هجومه، هجوما، سيطرتها)
_SUFFIX = r"(?:ا|ه|ها|هم|هما|ين|ان)?"
_LEFT = r"(?<![\w])"
_RIGHT = r"(?![\w])"


@dataclass(frozen=True, slots=True)
class TriggerRule:
    name: str
    event_type: str
    sub_event_type: str
    generic: bool
    tags: tuple[str, ...]
    pattern: re.Pattern[str]
    purposive: bool = False  # with the preposition of purpose it names an aim (للسيطرة على)


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger found in the text: ``start``/``end`` index the original text."""

    rule: TriggerRule
    start: int
    end: int


_NEXT_PREFIX = r"(?:ال)?"


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _term_pattern(term: str) -> str:
    words = normalize_key(term).split()
    parts = []
    for i, word in enumerate(words):
        bare = _bare(word)
        prefix = _PREFIX if i == 0 else _NEXT_PREFIX
        parts.append(prefix + re.escape(bare) + _SUFFIX)
    return r"\s+".join(parts)


def compile_terms(terms: list[str]) -> re.Pattern[str]:
    """One pattern for a list of lexicon terms over a ``key_view``: whole words, with an optional
    leading clitic and article on the first word, an optional article on the others, and an
    optional attached pronoun or accusative alef."""
    return _alternation(terms)


def _ordered(terms: Sequence[str]) -> list[str]:
    # longest first so that "قصف جوي" wins over "قصف" inside one rule
    return sorted(set(terms), key=len, reverse=True)


def _alternation(terms: list[str]) -> re.Pattern[str]:
    body = "|".join(_term_pattern(t) for t in _ordered(terms))
    return re.compile(f"{_LEFT}(?:{body}){_RIGHT}")


def _language(pattern: str, letters: str, longest: int) -> frozenset[str]:
    """Every string of at most ``longest`` of ``letters`` that ``pattern`` matches in full."""
    compiled = re.compile(pattern)
    return frozenset("".join(p) for n in range(longest + 1) for p in itertools.product(letters, repeat=n)
                     if compiled.fullmatch("".join(p)))


# the finite languages of the clitic and ending patterns above, spelled out
_FIRST_PREFIXES = _language(_PREFIX, "وفبلكا", 4)
_NEXT_PREFIXES = _language(_NEXT_PREFIX, "ال", 2)
_SUFFIXES = _language(_SUFFIX, "اهمني", 3)
_AFFIX_LENGTHS = sorted({len(p) for p in _FIRST_PREFIXES | _NEXT_PREFIXES})
_VIEW_WORD = re.compile(r"\w+")
_WORD_CACHE_LIMIT = WORD_CACHE_SIZE  # cleared when full: a worker's memory stays level

# (term set, term, word position in the term, words in the term)
_Entry = tuple[int, int, int, int]


_GROUP = re.Match.group  # a match's text, without a Python call per word
_NO_TERM: tuple[tuple[_Entry, ...], frozenset[tuple[int, int, int]]] = ((), frozenset())
_FIRST = itemgetter(0)


class TermIndex:
    """Several lists of terms (each as ``compile_terms`` would match it) found in one pass over a
    view's words: every match ``pattern.finditer`` would give, per list, as view (start, end)."""

    # not a dataclass: holds a growing per-word cache
    def __init__(self, term_lists: Sequence[Sequence[str]]) -> None:
        self._cores: dict[str, list[_Entry]] = {}
        for set_id, terms in enumerate(term_lists):
            for term_id, term in enumerate(_ordered(terms)):
                words = normalize_key(term).split()
                if not words or not all(_VIEW_WORD.fullmatch(w) for w in words):
                    raise ValueError(f"event trigger term {term!r} must be whole words once normalised")
                for pos, word in enumerate(words):
                    self._cores.setdefault(_bare(word), []).append((set_id, term_id, pos, len(words)))
        # every core with each ending it may carry, spelled out: a word's rest after a clitic is looked up
        # once instead of being cut at every ending length
        self._endings: dict[str, list[_Entry]] = {}
        for core, entries in self._cores.items():
            for suffix in _SUFFIXES:
                self._endings.setdefault(core + suffix, []).extend(entries)
        self._sets = len(term_lists)
        self._words: dict[str, tuple[tuple[_Entry, ...], frozenset[tuple[int, int, int]]]] = {}

    def _lookup(self, word: str) -> tuple[tuple[_Entry, ...], frozenset[tuple[int, int, int]]]:
        """The terms this view word can begin, and the term words it can be (with its clitics and
        ending set aside)."""
        found = self._words.get(word)
        if found is not None:
            return found
        entries: set[_Entry] = set()
        for p in _AFFIX_LENGTHS:
            prefix = word[:p]
            first, later = prefix in _FIRST_PREFIXES, prefix in _NEXT_PREFIXES
            if not (first or later) or len(prefix) < p:
                continue
            for entry in self._endings.get(word[p:], ()):
                if (first if entry[2] == 0 else later):
                    entries.add(entry)
        # the terms it can begin (in set and alternation order), and every (set, term, position) it can
        # be; most words are none, and share one empty entry
        found = (tuple(e for e in sorted(entries) if e[2] == 0), frozenset(e[:3] for e in entries)) if entries \
            else _NO_TERM
        if len(self._words) >= _WORD_CACHE_LIMIT:
            self._words.clear()
        self._words[word] = found
        return found

    def find(self, text: str) -> list[list[tuple[int, int]]]:
        """Per term list, the (start, end) of each match in ``text``, left to right, not overlapping."""
        matches = list(_VIEW_WORD.finditer(text))
        words = list(map(_GROUP, matches))
        get, lookup = self._words.get, self._lookup
        # each distinct word looked up once, then every word read through map and compress: no Python
        # step per word (a document's words repeat; most begin no term)
        entries = {w: get(w) or lookup(w) for w in set(words)}
        looked = list(map(entries.__getitem__, words))
        found: list[list[tuple[int, int]]] = [[] for _ in range(self._sets)]
        resume = [0] * self._sets  # the word a list's next match may start at (finditer goes on after a match)
        for i in compress(range(len(looked)), map(_FIRST, looked)):  # the words that begin some term
            best: dict[int, tuple[int, int]] = {}
            for set_id, term_id, _, n in looked[i][0]:
                if i < resume[set_id] or (set_id in best and best[set_id][0] <= term_id):
                    continue
                if n == 1 or self._rest_matches(text, matches, looked, i, (set_id, term_id), n):
                    best[set_id] = (term_id, n)
            for set_id, (_, n) in best.items():
                found[set_id].append((matches[i].start(), matches[i + n - 1].end()))
                resume[set_id] = i + n
        return found

    @staticmethod
    def _rest_matches(text: str, matches: list[re.Match[str]],
                      looked: list[tuple[tuple[_Entry, ...], frozenset[tuple[int, int, int]]]],
                      i: int, term: tuple[int, int], n: int) -> bool:
        """Whether words i+1 .. i+n-1 carry on the term, each after white space only."""
        if i + n > len(matches):
            return False
        for k in range(1, n):
            if not text[matches[i + k - 1].end():matches[i + k].start()].isspace() or (*term, k) not in looked[i + k][1]:
                return False
        return True


@lru_cache(maxsize=1)
def trigger_rules() -> tuple[TriggerRule, ...]:
    data = load_json("lexicon", "event_triggers.json")
    return tuple(
        TriggerRule(t["name"], t["event_type"], t["sub_event_type"], bool(t.get("generic", False)),
                    tuple(t.get("tags", ())), _alternation(t["terms"]), bool(t.get("purposive", False)))
        for t in data["triggers"]
    )


@lru_cache(maxsize=1)
def tag_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_json("lexicon", "event_triggers.json")
    return tuple((t["tag"], _alternation(t["terms"])) for t in data["tag_only"])


# context markers that retype a trigger (event_triggers.json "<kind>_markers")
MARKERS = ("air", "mob", "suicide", "civilian", "casualty")


@lru_cache(maxsize=1)
def marker_patterns() -> dict[str, re.Pattern[str]]:
    data = load_json("lexicon", "event_triggers.json")
    return {kind: _alternation(data[f"{kind}_markers"]) for kind in MARKERS}


@lru_cache(maxsize=1)
def _index() -> TermIndex:
    """Every term list of the lexicon in one index: the trigger rules, then the tag-only rules,
    then the context markers, in the order ``trigger_rules`` and ``tag_rules`` give them."""
    data = load_json("lexicon", "event_triggers.json")
    return TermIndex([*(t["terms"] for t in data["triggers"]), *(t["terms"] for t in data["tag_only"]),
                      *(data[f"{kind}_markers"] for kind in MARKERS)])


@lru_cache(maxsize=2)
def _matches(view_text: str) -> list[list[tuple[int, int]]]:
    """The matches of every term list in a key view (cached: the stage asks for triggers, markers and tags)."""
    return _index().find(view_text)


@lru_cache(maxsize=1)
def acled() -> dict[str, object]:
    data: dict[str, object] = load_json("lexicon", "acled.json")
    return data


def is_instant(sub_event_type: str) -> bool:
    """An incident over in a moment (a bombing, an air strike): its toll is dated by its day."""
    return sub_event_type in cast(list[str], acled()["instant"])


def absorbs(stronger: str, weaker: str) -> bool:
    """ACLED precedence: does sub-event type ``stronger`` replace ``weaker`` at one place and time?"""
    table = cast(dict[str, list[str]], acled()["absorbs"])
    return weaker in table.get(stronger, ())


def compatible_tactics(a: str, b: str) -> bool:
    """One tactic as two reports may code it: the same sub-event type, or one that the other
    absorbs (a suicide bombing is also "an attack")."""
    return a == b or absorbs(a, b) or absorbs(b, a)


def key_view(text: str, end: int | None = None) -> NormalizedText:
    """The matching view of ``text[:end]``: the same folding as ``normalize_key``."""
    return fold_view(document_view(text, end))


def find_triggers(view: NormalizedText, start: int = 0, end: int | None = None) -> list[TriggerHit]:
    """Trigger hits in the original range [start, end), longest first where they overlap."""
    hits: list[TriggerHit] = []
    found = _matches(view.text)
    for rule, spans in zip(trigger_rules(), found, strict=False):
        for vs, ve in spans:
            s, e = view.to_original(vs, ve)
            if s >= start and (end is None or e <= end):
                hits.append(TriggerHit(rule, s, e))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[TriggerHit] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            continue  # contained in or overlapping a longer trigger already kept
        kept.append(h)
    return kept


def marker_offsets(view: NormalizedText, kind: str) -> list[int]:
    """Original start offsets of a context marker (air, mob, suicide) over the whole view, sorted."""
    spans = _matches(view.text)[len(trigger_rules()) + len(tag_rules()) + MARKERS.index(kind)]
    return [view.to_original(s, e)[0] for s, e in spans]


def tag_offsets(view: NormalizedText) -> list[tuple[int, str]]:
    """Original start offsets of tag-only phrases (prison break, hostages, curfew), sorted."""
    first = len(trigger_rules())
    spans = _matches(view.text)
    found = [(view.to_original(s, e)[0], tag) for k, (tag, _) in enumerate(tag_rules()) for s, e in spans[first + k]]
    return sorted(found)
