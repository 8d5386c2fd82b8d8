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


def normalize(original: str, *, fold_ta_marbuta: bool = False, lower: bool = True) -> NormalizedText:
    """Build the normalised view of ``original`` with its offset map."""
    out: list[str] = []
    starts = array("i")
    ends = array("i")
    for i, ch in enumerate(original):
        norm = _normalize_char(ch, fold_ta_marbuta)
        if not norm:
            continue
        if lower and norm.isascii():
            norm = norm.lower()
        out.append(norm)
        for _ in norm:
            starts.append(i)
            ends.append(i + 1)
    return NormalizedText(original, "".join(out), starts, ends)


_SPACES = re.compile(r"\s+")
_KEY_PUNCT = re.compile(r"[\"'«»“”„‘’()\[\]{}:;,.!?\-–—_/\\|*+=<>~`]")
_ARTICLE = re.compile(r"(?<!\S)ال(?=\S{2,})")


@lru_cache(maxsize=65536)
def normalize_key(text: str, *, drop_article: bool = False) -> str:
    """A spelling-insensitive matching key: no diacritics, unified letters, folded ta marbuta,
    no punctuation, single spaces. With ``drop_article`` the definite article goes too
    (البوكمال and بوكمال give one key)."""
    view = normalize(text, fold_ta_marbuta=True).text
    key = _SPACES.sub(" ", _KEY_PUNCT.sub(" ", view)).strip()
    if drop_article:
        key = _ARTICLE.sub("", key)
    return key


def compact_key(text: str) -> str:
    """The key without spaces, for names written both split and joined (البو كمال = البوكمال)."""
    return normalize_key(text, drop_article=True).replace(" ", "")
