"""Bytes to text: BOM-aware, UTF-8 first, legacy Arabic code pages detected, binary refused.

The decoded text is the document's original: offsets index it exactly as Python reads a
text file (universal newlines: CRLF and CR become LF; a UTF-8 BOM stays as U+FEFF so
that offsets agree with any reader that opens the file as plain UTF-8).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class DecodeError(ValueError):
    """The bytes are not text in an encoding we can read."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


# Code pages seen in Arabic news archives, tried in this order when UTF-8 fails.
_LEGACY = ("cp1256", "iso8859_6", "cp720", "mac_arabic")


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate (a JSON "\\ud800" escape decodes to one; it is not a
    character and cannot be stored as UTF-8) replaced by U+FFFD, and how many there were.
    One code point for one, so every offset stays as it was."""
    if not _SURROGATE.search(text):
        return text, 0
    return _SURROGATE.subn("\ufffd", text)


def _universal_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 50)


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode article bytes; raise DecodeError with advice when they are not text."""
    if not data.strip():
        raise DecodeError("the file is empty: nothing to analyse")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(_universal_newlines(data.decode("utf-16")), "utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"the file starts with a UTF-16 mark but is not valid UTF-16 ({exc})") from exc
    if declared:
        try:
            return Decoded(_universal_newlines(data.decode(declared)), declared)
        except (UnicodeDecodeError, LookupError) as exc:
            raise DecodeError(f"the file is not valid {declared} ({exc}); drop --encoding to detect it") from exc
    if _looks_binary(data):
        raise DecodeError("the file looks binary (NUL or control bytes), not an article: "
                          "give .txt, .html, .json or .jsonl files")
    try:
        return Decoded(_universal_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes (a truncated download, a bad copy) is still UTF-8: keep the
    # text, mark each damaged byte with U+FFFD and say so in the encoding name
    repaired = data.decode("utf-8", errors="replace")
    damaged = repaired.count("\ufffd")
    if damaged <= max(3, len(repaired) // 200) and _arabic_share(repaired) > 0.5:
        return Decoded(_universal_newlines(repaired), f"utf-8 ({damaged} invalid bytes replaced by U+FFFD)")
    best: Decoded | None = None
    best_share = -1.0
    candidates: list[str] = list(_LEGACY)
    try:
        from charset_normalizer import from_bytes

        guess = from_bytes(data).best()
        if guess is not None and guess.encoding not in candidates:
            candidates.append(guess.encoding)
    except ImportError:  # detection is an optional refinement; the code pages above still apply
        pass
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        share = _arabic_share(text)
        if share > best_share:
            best, best_share = Decoded(_universal_newlines(text), encoding), share
    if best is None or best_share < 0.2:
        raise DecodeError("the file is neither UTF-8 nor a legacy Arabic encoding (Windows-1256, ISO-8859-6); "
                          "convert it to UTF-8 or pass --encoding NAME")
    return best
