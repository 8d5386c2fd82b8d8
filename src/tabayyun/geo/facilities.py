"""Where a facility lies when the gazetteer does not know it: the place the text gives it.

A facility named after an organisation (مسجد قوات الطوارئ) says nothing of where it is; the
article does — a place inside its name (مستشفى عسير المركزي), right after it (في منطقة عسير،
بأبها), at another mention of the same facility, or earlier in its sentence. Only when the
text gives none does the place the article is mostly about stand in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from tabayyun.geo.gazetteer import Place

SENTENCE_ENDS = ".!؟?\n"
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
    for start, end in spans:
        after = [s for s in chosen if locates(text, end, s)]
        if after:
            out[start] = chosen[min(after)]
    return out


def local_place(start: int, end: int, text: str, chosen: Mapping[int, Place],
                inner: Mapping[int, Place]) -> Place | None:
    """A place named inside the facility's name, or right after it in the same sentence."""
    if start in inner:
        return inner[start]
    after = [s for s in chosen if end <= s <= end + AFTER_REACH]
    if after and not any(ch in text[end:min(after)] for ch in SENTENCE_ENDS):
        return chosen[min(after)]  # not a dateline on the next line
    return None


def sentence_place(start: int, text: str, chosen: Mapping[int, Place]) -> Place | None:
    """The last place below country level named earlier in the facility's sentence (… بأبها
    (جنوب غربي السعودية)، بينهم طلاب بمعهد القوات): a country says too little where it is."""
    boundary = max(text.rfind(ch, 0, start) for ch in SENTENCE_ENDS)
    before = [s for s, p in chosen.items() if boundary < s < start and p.level != "country"]
    return chosen[max(before)] if before else None


def facility_places(facilities: Sequence[tuple[str, int, int]], text: str, chosen: Mapping[int, Place],
                    inner: Mapping[int, Place], fallback: Place | None) -> dict[int, Place]:
    """Start offset -> place of each facility given as (id, start, end). Mentions of one id are
    one facility: a headline's bare مسجد قوة الطوارئ lies where the body puts it, not at the
    organisation's seat or the dateline's city."""
    local = {start: local_place(start, end, text, chosen, inner) for _, start, end in facilities}
    by_id: dict[str, Place] = {}
    for fid, start, _ in sorted(facilities, key=lambda f: f[1]):
        place = local[start]
        if place is not None:
            by_id.setdefault(fid, place)
    out: dict[int, Place] = {}
    for fid, start, _ in facilities:
        place = local[start] or by_id.get(fid) or sentence_place(start, text, chosen) or fallback
        if place is not None:
            out[start] = place
    return out
