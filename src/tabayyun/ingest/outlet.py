"""Which outlet published an article, read from its byline or dateline when no manifest says.

Signals, strongest first:
1. a byline or dateline near the top: "شام تايمز – فلان", "دمشق- الوطن", "الرياض - واس";
2. a statement made *to* the outlet: "أكد لـ«شام تايمز»", "مصادر للميادين", "كشفت مصادر لوكالة سبوتنيك";
3. the outlet's own sources: "مصادر الميادين" (an outlet calls its sources by its own name).
A name relayed by the article ("نقلت وكالة سبوتنيك عن…") is an intermediary, not the outlet.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.text.normalize import normalize, normalize_key

_QUOTE = "[\"'«»“”„]"
_DASH = "[-–—]"
_MEDIA_NOUN = "(?:صحيفة|جريدة|وكالة|قناة|موقع|شبكة|إذاعة)"
_TOLD_CONTEXT = re.compile(
    "(?:قال|قالت|أكد|أكدت|اكد|اكدت|أوضح|اوضح|أوضحت|كشف|كشفت|صرح|صرحت|أفاد|أفادت|افاد|افادت|أشار|أشارت|"
    "مصادر|مصدر|مسؤول|تؤكد|يؤكد|تحدث|تحدثت|قالوا)"
)


@dataclass(frozen=True, slots=True)
class Outlet:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None


@lru_cache(maxsize=1)
def known_outlets() -> tuple[Outlet, ...]:
    data = load_json("lexicon", "outlets.json")
    return tuple(Outlet(o["id"], o["name"], tuple(o["aliases"]), o.get("kind", "outlet"), o.get("country"))
                 for o in data["outlets"])


def _alias_pattern(alias: str) -> str:
    # match on the normalised view: alef/ya forms unified, so build the pattern from the normalised alias
    return re.escape(normalize(alias).text).replace(r"\ ", r"\s+")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[Outlet, re.Pattern[str], re.Pattern[str]], ...]:
    out = []
    for outlet in known_outlets():
        names = "|".join(sorted((_alias_pattern(a) for a in outlet.aliases), key=len, reverse=True))
        told = re.compile(rf"(?:\sلـ?\s*|\sل)(?:{_MEDIA_NOUN}\s+)?{_QUOTE}?\s*(?:{names})(?![\w])")
        own = re.compile(rf"مصادر\s+{_QUOTE}?(?:{names})(?![\w])")
        out.append((outlet, told, own))
    return tuple(out)


@lru_cache(maxsize=1)
def _alias_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for outlet in known_outlets():
        for alias in outlet.aliases:
            keys[normalize_key(alias)] = outlet.id
    return keys


# bylines and datelines are short lines of dash- or bar-separated parts: "دمشق- الوطن- وكالات"
_BYLINE_SPLIT = re.compile(r"\s*[-–—|/:]\s*|\s{2,}")


def _byline_outlets(text: str, lines: int = 6, max_line: int = 160) -> set[str]:
    found: set[str] = set()
    keys = _alias_keys()
    for line in [ln for ln in text[:1500].splitlines() if ln.strip()][:lines]:
        if len(line) > max_line:
            continue
        for part in _BYLINE_SPLIT.split(line.strip()):
            outlet_id = keys.get(normalize_key(part))
            if outlet_id:
                found.add(outlet_id)
    return found


def infer_outlet(text: str) -> Outlet | None:
    """The outlet that most probably published ``text``, or None when nothing says."""
    view = normalize(text).text
    scores: Counter[str] = Counter()
    by_id = {o.id: o for o in known_outlets()}
    for outlet_id in _byline_outlets(text):
        scores[outlet_id] += 10
    for outlet, told, own in _patterns():
        for m in told.finditer(view):
            context = view[max(0, m.start() - 60):m.start()]
            if _TOLD_CONTEXT.search(context):
                scores[outlet.id] += 3
        scores[outlet.id] += 2 * len(own.findall(view))
    if not scores or scores.most_common(1)[0][1] == 0:
        return None
    best, score = scores.most_common(1)[0]
    return by_id[best] if score >= 2 else None
