"""Content words: the words of a sentence that may tell one incident from another.

A word's key sets aside the conjunction, a preposition and the article before it (وبالسوق and
السوق give one key). Numbers, number words and the generic words of conflict, sourcing and time
(``lexicon/identity.json``) are no content words: two reports sharing them say nothing about
whether they speak of one event (``identity.py``).
"""

from __future__ import annotations

from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.numbers.words import first_number_word
from tabayyun.text.normalize import normalize_key

_PREFIXES = ("لل", "ال", "و", "ف", "ب", "ل", "ك")


def _strip(word: str) -> str:
    """A word without the conjunction, a preposition and the article before it (وبالسوق → سوق),
    set aside again and again while three letters remain: one key for the forms a name takes in
    a sentence (الفلوجة، بالفلوجة، وفي الفلوجة). A name that begins with such a letter loses it in
    every form alike, so its forms still meet."""
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix):]
                changed = True
                break
    return word


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    words = load_json("lexicon", "identity.json")["generic_words"]
    return frozenset(_strip(w) for phrase in words for w in normalize_key(phrase, drop_article=True).split() if w)


@lru_cache(maxsize=65536)
def _content_key(word: str) -> str | None:
    if any(ch.isdigit() for ch in word):
        return None
    key = _strip(word.rstrip("ء"))  # طوارئ and طواريء: one key
    spelled = word[:-1] + "ة" if word.endswith("ه") else word  # the key folds ta marbuta; number words keep it
    if len(key) < 3 or key in _generic() or first_number_word(spelled) is not None:
        return None
    return key


def content_words(text: str) -> frozenset[str]:
    """The keys of the words of ``text`` that may tell one incident from another."""
    out = set()
    for word in normalize_key(text, drop_article=True).split():
        key = _content_key(word)
        if key is not None:
            out.add(key)
    return frozenset(out)
