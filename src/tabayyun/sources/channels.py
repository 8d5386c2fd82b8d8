"""Channels a statement went through that no لـ or عبر names: the platform a reporting verb
implies (غرد: tweeted) and the platform a narrator says reactions were posted on.

Data: ``reporting_verbs.json`` ('implied_channels') and ``source_nouns.json`` ('platforms').
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.sources.lexicon import lexicon
from tabayyun.sources.words import Word, key_set, match_phrase

# the head a platform's name may follow (موقع التواصل، موقع تويتر) and the adjective after it
_PLATFORM_HEADS = frozenset({"موقع", "مواقع", "منصه", "حساب"})
_PLATFORM_TAILS = frozenset({"الاجتماعي", "الاجتماعيه"})
_PLATFORM_GAP = 2  # words between two parts of one platform name (موقع التواصل الاجتماعي تويتر)


@lru_cache(maxsize=1)
def _implied() -> dict[str, str]:
    table = load_json("lexicon", "reporting_verbs.json").get("implied_channels", {})
    return {key: channel for channel, entries in table.items() for key in key_set(entries)}


def implied_channel(w: Word) -> str | None:
    """The channel a reporting verb names by itself (وغرد -> تويتر)."""
    channels = _implied()
    return next((channels[f] for f in w.forms if f in channels), None)


def platform_span(words: Sequence[Word]) -> tuple[int, int] | None:
    """(first, last) word indexes of the social platform a sentence names (على موقع التواصل
    الاجتماعي تويتر), or None."""
    platforms = lexicon().platforms
    firsts = platforms.by_first
    if not any(f in firsts for w in words for f in w.forms):
        return None  # no word of the sentence begins a platform's name
    hits: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        n = match_phrase(words, i, platforms)
        if not n:
            i += 1
            continue
        if hits and i - hits[-1][1] > _PLATFORM_GAP:
            break  # a second, separate mention
        hits.append((i, i + n - 1))
        i += n
    if not hits:
        return None
    first, last = hits[0][0], hits[-1][1]
    if first > 0 and words[first - 1].key in _PLATFORM_HEADS:
        first -= 1
    while last + 1 < len(words) and words[last + 1].key in _PLATFORM_TAILS:
        last += 1
    return first, last
