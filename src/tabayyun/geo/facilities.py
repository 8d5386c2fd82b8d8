"""Where a facility lies when the gazetteer does not know it: the place the text gives it.

A facility named after an organisation (مسجد قوات الطوارئ) says nothing of where it is; the
article does — a place inside its name (مستشفى عسير المركزي), right after it (في منطقة عسير،
بأبها), at another mention of the same facility, or earlier in its sentence. Only when the
text gives none does the place the article is mostly about stand in.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache

from tabayyun.geo.gazetteer import Place
from tabayyun.lexicon import load_json
from tabayyun.text.normalize import normalize_key

SENTENCE_ENDS = ".!؟?\n"
_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_ENDS)}]")
AFTER_REACH = 25  # characters between a facility and a place that locates it (… في منطقة عسير)
# what joins a place to the larger place it lies in or is located from, matched up to that place:
# "قطاع الطوال بمنطقة جازان"، "مناطق تابعة لناحية ديرلوك"، "دار سعد شمال عدن"، "بلدة دوما قرب نابلس"،
# "مديرية دار سعد القريبة من مدينة عدن"، "قضاء X في ولاية Y"
LOCATING = re.compile(
    r"\s*[«»\"“”]?\s*[،,]?\s*(?:(?:ال)?(?:تابع|تابعة|واقع|واقعة|قريب|قريبة|مجاور|مجاورة)\s+(?:من\s+)?)?"
    r"(?:في|ب|بـ|ل|لـ|قرب|بقرب|بالقرب\s+من|على\s+مقربة\s+من|قريبا\s+من|"
    r"(?:[بفو]?(?:شمال|جنوب|شرق|غرب)ي?(?:\s+(?:شرق|غرب)ي?)?))?\s*$")


def locates(text: str, end: int, start: int) -> bool:
    """Whether the words between a place ending at ``end`` and one starting at ``start`` (at most
    ``AFTER_REACH`` characters) say that the first lies in or by the second."""
    return end < start <= end + AFTER_REACH and LOCATING.match(text, end, start) is not None


def located_places(spans: Sequence[tuple[int, int]], text: str, chosen: Mapping[int, Place]) -> dict[int, Place]:
    """Start offset -> the known place each unknown place (start, end) is located in or from by the
    words right after it (دار سعد شمال عدن، قضاء X في ولاية Y): it lies at or by that place."""
    out: dict[int, Place] = {}
    starts = sorted(chosen)  # the places after each span are found by bisection, not by reading them all
    for start, end in spans:
        # ``locates`` reads only a place starting within AFTER_REACH characters after the span; the first
        # (nearest) one it accepts
        lo, hi = bisect_right(starts, end), bisect_right(starts, end + AFTER_REACH)
        after = next((s for s in starts[lo:hi] if locates(text, end, s)), None)
        if after is not None:
            out[start] = chosen[after]
    return out


class _Text:
    """The known places by start and the sentence ends of one article, sorted for bisection: a long
    article has thousands of facilities and places, and reading them all for each costs the square
    of its length."""

    # not a dataclass: derived lookups over a mapping it does not own
    def __init__(self, text: str, chosen: Mapping[int, Place]) -> None:
        self.text = text
        self.chosen = chosen
        self.starts = sorted(chosen)
        self.ends = [m.start() for m in _SENTENCE_END.finditer(text)]

    def local_place(self, start: int, end: int, inner: Mapping[int, Place]) -> Place | None:
        """A place named inside the facility's name, or right after it in the same sentence."""
        if start in inner:
            return inner[start]
        k = bisect_left(self.starts, end)
        if k < len(self.starts) and self.starts[k] <= end + AFTER_REACH:
            after = self.starts[k]
            if not any(ch in self.text[end:after] for ch in SENTENCE_ENDS):
                return self.chosen[after]  # not a dateline on the next line
        return None

    def sentence_place(self, start: int) -> Place | None:
        """The last place below country level named earlier in the facility's sentence (… بأبها
        (جنوب غربي السعودية)، بينهم طلاب بمعهد القوات): a country says too little where it is."""
        k = bisect_left(self.ends, start)
        boundary = self.ends[k - 1] if k > 0 else -1
        i = bisect_left(self.starts, start) - 1
        while i >= 0 and self.starts[i] > boundary:
            if self.chosen[self.starts[i]].level != "country":
                return self.chosen[self.starts[i]]
            i -= 1
        return None



@lru_cache(maxsize=1)
def named_after_nouns() -> frozenset[str]:
    """Facility nouns whose name honours a place rather than locating it (``name_patterns.json``)."""
    return frozenset(normalize_key(w) for w in load_json("kb", "name_patterns.json").get("named_after_nouns", ()))


def _first_word(name: str) -> str:
    words = normalize_key(name, drop_article=True).split()
    return words[0] if words else ""


def facility_places(facilities: Sequence[tuple[str, int, int]], text: str, chosen: Mapping[int, Place],
                    inner: Mapping[int, Place], fallback: Place | None) -> dict[int, Place]:
    """Start offset -> place of each facility given as (id, start, end). Mentions of one id are
    one facility: a headline's bare مسجد قوة الطوارئ lies where the body puts it, not at the
    organisation's seat or the dateline's city."""
    if not facilities:
        return {}
    places = _Text(text, chosen)
    # a street or square named after a place (شارع أسيوط) is not in it: only the text around locates it
    honoured = {start for _, start, end in facilities if _first_word(text[start:end]) in named_after_nouns()}
    local = {start: places.local_place(start, end, {} if start in honoured else inner) for _, start, end in facilities}
    by_id: dict[str, Place] = {}
    for fid, start, _ in sorted(facilities, key=lambda f: f[1]):
        place = local[start]
        if place is not None:
            by_id.setdefault(fid, place)
    out: dict[int, Place] = {}
    for fid, start, _ in facilities:
        place = local[start] or by_id.get(fid) or places.sentence_place(start) or fallback
        if place is not None:
            out[start] = place
    return out
