"""Where an article's body ends: trailing related-link blocks and comment prompts.

News pages append "شاهد أيضاً", "اقرأ المزيد", "اخترنا لك" blocks of other headlines after
the article. Their text stays in the document (offsets never move) but extraction stops
at the returned offset.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tabayyun.lexicon import load_lines
from tabayyun.text.normalize import normalize_key


@lru_cache(maxsize=1)
def _markers() -> frozenset[str]:
    return frozenset(normalize_key(line) for line in load_lines("lexicon", "boilerplate_markers.txt"))


_LINE = re.compile(r"[^\n]*(?:\n|$)")
_BULLET = re.compile(r"^\s*[•●▪■◦\-–*|]\s*")


def body_end(text: str) -> int | None:
    """Offset of the first boilerplate line in the last part of the article, or None.

    A marker counts only after the first third of the text and on a line of its own (or
    opening a short line), so that a sentence which merely says "اقرأ المزيد" stays body.
    """
    markers = _markers()
    minimum = len(text) // 3
    for m in _LINE.finditer(text):
        if m.start() < minimum or m.start() == m.end():
            continue
        line = _BULLET.sub("", m.group().strip())
        key = normalize_key(line).rstrip(" :")
        if not key:
            continue
        if key in markers or (len(key) <= 40 and any(key.startswith(k + " ") or key.startswith(k + ":")
                                                     for k in markers)):
            return m.start()
    return None


def repeated_lines(text: str, min_words: int = 4) -> tuple[tuple[int, int], ...]:
    """Ranges of lines that repeat an earlier line word for word (headline teasers shown as
    a bullet and again as a paragraph): extraction skips them, the text keeps them."""
    seen: set[str] = set()
    ranges: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        key = normalize_key(_BULLET.sub("", m.group().strip()))
        if len(key.split()) < min_words:
            continue
        if key in seen:
            ranges.append((m.start(), m.end()))
        seen.add(key)
    return tuple(ranges)
