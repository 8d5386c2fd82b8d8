"""Where a facility lies when the gazetteer does not know it: the place the text gives it.

A facility named after an organisation (مسجد قوات الطوارئ) says nothing of where it is; the
article does — a place inside its name (مستشفى عسير المركزي), right after it (في منطقة عسير،
بأبها), at another mention of the same facility, or earlier in its sentence. Only when the
text gives none does the place the article is mostly about stand in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tabayyun.geo.gazetteer import Place

SENTENCE_ENDS = ".!؟?\n"
AFTER_REACH = 25  # characters between a facility and a place that locates it (… في منطقة عسير)


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
