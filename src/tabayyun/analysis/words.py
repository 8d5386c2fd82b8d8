"""Name keys: one key for each way a mention spells a name, its generic words set aside.

Numbers and the generic words of conflict, places, sourcing and time (``lexicon/identity.json``:
مدينة، محافظة، قوات) are no part of a name's key: two reports sharing them say nothing about
whether they speak of one event (``identity.py``). Generic words are matched after the
conjunction, a preposition and the article before them are set aside (وبالمدينة → مدينة).
"""

from __future__ import annotations

from functools import lru_cache

from tabayyun.lexicon import load_json
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


def name_key(text: str) -> str | None:
    """One key for a name as a mention spells it: its content words joined, the generic ones
    set aside ("مدينة تعز" and "تعز" give one key; "دار سعد" stays whole, rarer than دار or سعد).
    Words are kept whole: a name is not a common word with a clitic (الكويت is not ويت)."""
    words = [w.rstrip("ء") for w in normalize_key(text, drop_article=True).split()]
    kept = [w for w in words if len(w) > 2 and not any(ch.isdigit() for ch in w) and _strip(w) not in _generic()]
    return "".join(kept) or None
