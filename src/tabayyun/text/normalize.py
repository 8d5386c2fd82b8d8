"""Arabic normalisation into a view that carries a map back to the original offsets.

Normalising changes string lengths (diacritics and tatweel vanish, a presentation-form
ligature becomes two letters), so every character of the normalised view records the
original range it came from. Matchers work on the view; spans are reported in original
offsets through ``NormalizedText.to_original``.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

# Marks that carry no letter: harakat, Quranic annotation marks, superscript alef, tatweel,
# and the invisible bidi / zero-width controls that copy-paste from web pages leaves behind.
_DROP = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u2060"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي",
    "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ڪ": "ك",
    "ہ": "ه", "ھ": "ه", "ە": "ه",
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
}
_LETTERS.update({chr(0x0660 + i): str(i) for i in range(10)})  # Eastern Arabic digits
_LETTERS.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian digits

# entries of each per-word cache (a word's key, norm, clitic readings...): least recently used
# words go first. A dozen caches of this size hold the frequent spellings of news text (2,000
# articles ran no slower than with 1 << 17), and a worker's memory levels off near 500 MB
# instead of growing past 1 GB as caches of 1 << 17 filled over a 30,000-article run.
WORD_CACHE_SIZE = 1 << 15

# used only for matching keys: ta marbuta and final ha are one letter to a matcher
_KEY_LETTERS = {"ة": "ه"}


def _char_map(fold_ta_marbuta: bool) -> dict[str, str]:
    table = dict(_LETTERS)
    if fold_ta_marbuta:
        table.update(_KEY_LETTERS)
    return table


@lru_cache(maxsize=4096)
def _normalize_char(ch: str, fold_ta_marbuta: bool) -> str:
    """The normalised form of one original character ('' when it is dropped)."""
    if ch in _DROP:
        return ""
    table = _char_map(fold_ta_marbuta)
    if ch in table:
        return table[ch]
    code = ord(ch)
    # Arabic presentation forms (FB50–FDFF, FE70–FEFF) and compatibility digits decompose via NFKC
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed == ch:  # unassigned code point in the block: keep it as it is
            return ch
        return "".join(_normalize_char(c, fold_ta_marbuta) for c in decomposed)
    return ch


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised view of ``original``; ``starts[i]``/``ends[i]`` give the original
    range of view character ``i``."""

    original: str
    text: str
    starts: array
    ends: array

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open range of the view to the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range {start}:{end} is outside the normalised text of length {len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.text) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def original_slice(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]


# every character whose normalised form is not itself: the marks dropped, the letters unified
# and the presentation forms decomposed (all other characters stand for themselves)
_CHANGED = frozenset(_DROP) | frozenset(_LETTERS) | frozenset(_KEY_LETTERS) | frozenset(
    chr(c) for c in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)])


@lru_cache(maxsize=4)
def _table(fold_ta_marbuta: bool, lower: bool) -> dict[int, str | None]:
    """``str.translate`` table giving each character its normalised form (None: dropped),
    built from ``_normalize_char`` so that both agree by construction."""
    table: dict[int, str | None] = {}
    chars = set(_CHANGED) | ({chr(c) for c in range(ord("A"), ord("Z") + 1)} if lower else set())
    for ch in chars:
        norm = _normalize_char(ch, fold_ta_marbuta)
        if lower and norm.isascii():
            norm = norm.lower()
        if norm != ch:
            table[ord(ch)] = norm or None
    return table


# ``str.translate`` looks each character up in its table and takes a missing one (a LookupError)
# as itself: with a dict of the few characters that change, every other character of a text raised
# and cleared a KeyError (about 110 ns a character, 0.5 s over the text of 2,000 articles). A list
# with an entry for every character of the basic plane raises nothing (about 60 ns a character);
# a character above it still raises an IndexError and stays itself, as before.
_PLANE = 0x10000


@lru_cache(maxsize=1)
def _identity_chars() -> tuple[str, ...]:
    """Every character of the basic plane, shared by the translation lists (5 MB once)."""
    return tuple(map(chr, range(_PLANE)))


def translation_list(mapping: dict[int, str | None]) -> list[str | None]:
    """The ``str.translate`` table of ``mapping`` (from ``str.maketrans``) as a list indexed by
    code point: the same translation, faster."""
    table: list[str | None] = list(_identity_chars())
    for code, to in mapping.items():
        if not 0 <= code < _PLANE:
            raise ValueError(f"translation of U+{code:04X}: outside the basic plane")
        table[code] = to
    return table


@lru_cache(maxsize=4)
def _translation(fold_ta_marbuta: bool, lower: bool) -> list[str | None]:
    return translation_list(_table(fold_ta_marbuta, lower))


@lru_cache(maxsize=4)
def _uneven(fold_ta_marbuta: bool, lower: bool) -> re.Pattern[str] | None:
    """The characters whose normalised form is not one character long (dropped or decomposed)."""
    chars = [chr(c) for c, norm in _table(fold_ta_marbuta, lower).items() if norm is None or len(norm) != 1]
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]") if chars else None


def normalize_text(original: str, *, fold_ta_marbuta: bool = False, lower: bool = True) -> str:
    """The text of ``normalize(original)`` without its offset map."""
    return original.translate(_translation(fold_ta_marbuta, lower))


def normalize(original: str, *, fold_ta_marbuta: bool = False, lower: bool = True) -> NormalizedText:
    """Build the normalised view of ``original`` with its offset map."""
    text = original.translate(_translation(fold_ta_marbuta, lower))
    uneven = _uneven(fold_ta_marbuta, lower)
    identity = _identity(len(original) + 1)
    starts = array("i")
    ends = array("i")
    done = 0  # original characters mapped so far
    # characters that normalise to one character map to themselves (slices of 0, 1, 2, ...);
    # only the others need care
    for m in uneven.finditer(original) if uneven is not None else ():
        i = m.start()
        starts += identity[done:i]
        ends += identity[done + 1:i + 1]
        width = len(_normalize_char(original[i], fold_ta_marbuta))
        starts.extend([i] * width)
        ends.extend([i + 1] * width)
        done = i + 1
    starts += identity[done:len(original)]
    ends += identity[done + 1:len(original) + 1]
    return NormalizedText(original, text, starts, ends)


def _identity(size: int) -> array:
    """An array of 0, 1, 2, ... at least ``size`` long (one per power of two, shared)."""
    return _identity_of_bits(max(16, size.bit_length()))


@lru_cache(maxsize=8)
def _identity_of_bits(bits: int) -> array:
    return array("i", range(1 << bits))


@lru_cache(maxsize=4)
def document_view(text: str, end: int | None = None) -> NormalizedText:
    """The normalised view of ``text[:end]``, built once per document for every stage that reads
    it (numbers, dates and, folded through ``key_view``, event triggers)."""
    return normalize(text if end is None or end >= len(text) else text[:end])


def fold_view(view: NormalizedText) -> NormalizedText:
    """The same view with ta marbuta folded into ha, as ``normalize(..., fold_ta_marbuta=True)``
    gives it: one letter for another, so the offset map is shared (``str.replace`` per letter: a
    scan in C, where ``translate`` looked every character up)."""
    text = view.text
    for letter, folded in _KEY_LETTERS.items():
        text = text.replace(letter, folded)
    return NormalizedText(view.original, text, view.starts, view.ends)

_SPACES = re.compile(r"\s+")
_KEY_PUNCT = re.compile(r"[\"'«»“”„‘’()\[\]{}:;,.!?\-–—_/\\|*+=<>~`]")
_ARTICLE = re.compile(r"(?<!\S)ال(?=\S{2,})")
# what the two substitutions below would change: a key of one plain word (most calls) skips them
_KEY_UNCLEAN = re.compile(r"[\s\"'«»“”„‘’()\[\]{}:;,.!?\-–—_/\\|*+=<>~`]")


# longest text whose key is cached: names, words and phrases recur; a sentence or a body does
# not, and a cache of tens of thousands of those would hold hundreds of MB in a long-running worker
KEY_CACHE_CHARS = 64


def normalize_key(text: str, *, drop_article: bool = False) -> str:
    """A spelling-insensitive matching key: no diacritics, unified letters, folded ta marbuta,
    no punctuation, single spaces. With ``drop_article`` the definite article goes too
    (البوكمال and بوكمال give one key)."""
    if len(text) <= KEY_CACHE_CHARS:
        return _cached_key_without_article(text) if drop_article else _cached_key(text)
    return _key(text, drop_article)


# one cache per reading, each of one string argument: the cache looks the string up as it is (two
# arguments build a tuple per call, a million calls on 2,000 articles), and the words of the
# matchers' keys no longer push the names read without their article out of a shared cache
@lru_cache(maxsize=WORD_CACHE_SIZE)
def _cached_key(text: str) -> str:
    return _key(text, False)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _cached_key_without_article(text: str) -> str:
    return _key(text, True)


def _key(text: str, drop_article: bool) -> str:
    key = normalize_text(text, fold_ta_marbuta=True)
    if _KEY_UNCLEAN.search(key):  # (re's \s and str.strip agree on what white space is)
        key = _SPACES.sub(" ", _KEY_PUNCT.sub(" ", key)).strip()
    elif drop_article:
        # one word (no white space): the article can only open it, as _ARTICLE finds it
        return key[2:] if key.startswith("ال") and len(key) >= 4 else key
    if drop_article and "ال" in key:
        key = _ARTICLE.sub("", key)
    return key


def compact_key(text: str) -> str:
    """The key without spaces, for names written both split and joined (البو كمال = البوكمال)."""
    return normalize_key(text, drop_article=True).replace(" ", "")
