"""Event trigger lexicon: compiled once, matched on the normalised view, reported in original offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from tabayyun.lexicon import load_json
from tabayyun.text.normalize import NormalizedText, document_view, fold_view, normalize_key

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


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger found in the text: ``start``/``end`` index the original text."""

    rule: TriggerRule
    start: int
    end: int


def _term_pattern(term: str) -> str:
    words = normalize_key(term).split()
    parts = []
    for i, word in enumerate(words):
        bare = word[2:] if word.startswith("ال") and len(word) > 4 else word
        prefix = _PREFIX if i == 0 else r"(?:ال)?"
        parts.append(prefix + re.escape(bare) + _SUFFIX)
    return r"\s+".join(parts)


def compile_terms(terms: list[str]) -> re.Pattern[str]:
    """One pattern for a list of lexicon terms over a ``key_view``: whole words, with an optional
    leading clitic and article on the first word, an optional article on the others, and an
    optional attached pronoun or accusative alef."""
    return _alternation(terms)


def _alternation(terms: list[str]) -> re.Pattern[str]:
    # longest first so that "قصف جوي" wins over "قصف" inside one rule
    body = "|".join(_term_pattern(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(f"{_LEFT}(?:{body}){_RIGHT}")


@lru_cache(maxsize=1)
def trigger_rules() -> tuple[TriggerRule, ...]:
    data = load_json("lexicon", "event_triggers.json")
    return tuple(
        TriggerRule(t["name"], t["event_type"], t["sub_event_type"], bool(t.get("generic", False)),
                    tuple(t.get("tags", ())), _alternation(t["terms"]))
        for t in data["triggers"]
    )


@lru_cache(maxsize=1)
def tag_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_json("lexicon", "event_triggers.json")
    return tuple((t["tag"], _alternation(t["terms"])) for t in data["tag_only"])


@lru_cache(maxsize=1)
def marker_patterns() -> dict[str, re.Pattern[str]]:
    data = load_json("lexicon", "event_triggers.json")
    return {"air": _alternation(data["air_markers"]), "mob": _alternation(data["mob_markers"]),
            "suicide": _alternation(data["suicide_markers"])}


@lru_cache(maxsize=1)
def acled() -> dict[str, object]:
    data: dict[str, object] = load_json("lexicon", "acled.json")
    return data


def absorbs(stronger: str, weaker: str) -> bool:
    """ACLED precedence: does sub-event type ``stronger`` replace ``weaker`` at one place and time?"""
    table = cast(dict[str, list[str]], acled()["absorbs"])
    return weaker in table.get(stronger, ())


def key_view(text: str, end: int | None = None) -> NormalizedText:
    """The matching view of ``text[:end]``: the same folding as ``normalize_key``."""
    return fold_view(document_view(text, end))


def find_triggers(view: NormalizedText, start: int = 0, end: int | None = None) -> list[TriggerHit]:
    """Trigger hits in the original range [start, end), longest first where they overlap."""
    hits: list[TriggerHit] = []
    for rule in trigger_rules():
        for m in rule.pattern.finditer(view.text):
            s, e = view.to_original(m.start(), m.end())
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
    return [view.to_original(m.start(), m.end())[0] for m in marker_patterns()[kind].finditer(view.text)]


def tag_offsets(view: NormalizedText) -> list[tuple[int, str]]:
    """Original start offsets of tag-only phrases (prison break, hostages, curfew), sorted."""
    found = [(view.to_original(m.start(), m.end())[0], tag)
             for tag, pattern in tag_rules() for m in pattern.finditer(view.text)]
    return sorted(found)
