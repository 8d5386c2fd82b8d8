"""What surrounds an event trigger: its clause, place, actors, date and death toll."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from importlib import import_module

from tabayyun.model import AnalyzedDoc, Claim, EntityLabel, Mention, Precision, Sentence, TimeExpr
from tabayyun.sources.words import clitic_forms
from tabayyun.spanindex import derived, span_index
from tabayyun.text.normalize import normalize_key

PLACE_LABELS = frozenset({EntityLabel.LOC, EntityLabel.FAC})
ACTOR_LABELS = frozenset({EntityLabel.ORG, EntityLabel.PER, EntityLabel.MISC})

# Smaller is more specific. A facility or neighbourhood beats its town, the town its province.
_PRECISION_RANK = {
    "facility": 0, "fac": 0, "admin3": 3, "admin2": 3, "admin1": 4, "point": 0, "site": 0, "building": 0,
    "neighbourhood": 1, "neighborhood": 1, "district_city": 1, "village": 1, "quarter": 1,
    "town": 2, "city": 2, "locality": 2, "populated_place": 2,
    "district": 3, "subdistrict": 3, "adm3": 3, "adm2": 3,
    "governorate": 4, "province": 4, "adm1": 4, "region": 4, "state": 4,
    "country": 6, "adm0": 6, "continent": 7,
}
_DEFAULT_RANK = 3

# clause breaks inside a sentence: Arabic and Latin commas, semicolons, colons, dashes
_CLAUSE_BREAK = re.compile(r"[،,؛;:\u2013\u2014]")


def place_rank(m: Mention) -> int:
    if m.label == EntityLabel.FAC:
        return 0
    return _PRECISION_RANK.get((m.geo_precision or "").lower(), _DEFAULT_RANK)


def is_place(m: Mention) -> bool:
    return m.label in PLACE_LABELS


def clause_bounds(text: str, sentence: Sentence, offset: int) -> tuple[int, int]:
    """The clause of ``sentence`` that holds ``offset`` (between commas, semicolons, colons)."""
    start, end = sentence.start, sentence.end
    for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if m.start() < offset:
            start = m.end()
        elif m.start() >= offset:
            end = m.start()
            break
    return start, end


def best_place(places: Sequence[Mention], start: int, end: int, anchor: int, before_first: bool = False) -> Mention | None:
    """The most specific place mention in [start, end), then the nearest to ``anchor``;
    a place with coordinates beats one without. With ``before_first`` (a whole sentence searched),
    a place named before the trigger wins a tie: the site leads the sentence ("شهد مسجد X تفجيرا"),
    places after the trigger often say where the victims came from."""
    inside = span_index(places).inside(start, end)
    if not inside:
        return None
    return min(inside, key=lambda m: (m.lat is None, place_rank(m), before_first and m.start > anchor,
                                      abs(m.start - anchor)))


def antecedent(text: str, start: int, end: int, places: Sequence[Mention]) -> Mention | None:
    """The place named earlier that [start, end) refers back to by its head noun with the
    article ("في محيط السجن" after "سجن الصناعة", "داخل المدينة" after "مدينة الرقة"): the
    latest such place before ``start``."""
    forms = {f for w in normalize_key(text[start:end]).split() if w.startswith(("ال", "وال", "بال", "لل", "فال"))
             for f in clitic_forms(w)}
    if not forms:
        return None
    # the latest place by start (the first in layer order of equal starts) whose head, with the article,
    # is one of the forms
    if not span_index(places).sorted:
        for m in sorted((m for m in places if m.end <= start), key=lambda m: -m.start):
            words = normalize_key(m.text, drop_article=True).split()
            if words and len(words[0]) >= 3 and "ال" + words[0] in forms:
                return m
        return None
    heads = derived(tuple(places), _places_by_head)
    found: tuple[int, int, Mention] | None = None
    for form in forms:
        bucket = heads.get(form)
        if bucket is None:
            continue
        starts, entries = bucket
        i = bisect_left(starts, start) - 1
        while i >= 0 and entries[i][1].end > start:
            i -= 1
        while i > 0 and starts[i - 1] == starts[i] and entries[i - 1][1].end <= start:
            i -= 1
        if i >= 0 and (found is None or (starts[i], -entries[i][0]) > (found[0], -found[1])):
            found = (starts[i], entries[i][0], entries[i][1])
    return found[2] if found is not None else None


def _places_by_head(places: tuple[Mention, ...]) -> dict[str, tuple[list[int], list[tuple[int, Mention]]]]:
    """"ال" + the first word of each place's name (three letters or more) -> the starts and the
    (position, place) of its places, in layer order."""
    heads: dict[str, tuple[list[int], list[tuple[int, Mention]]]] = {}
    for k, m in enumerate(places):
        words = normalize_key(m.text, drop_article=True).split()
        if words and len(words[0]) >= 3:
            starts, entries = heads.setdefault("ال" + words[0], ([], []))
            starts.append(m.start)
            entries.append((k, m))
    return heads


def main_place(doc: AnalyzedDoc, places: Sequence[Mention]) -> Mention | None:
    """The article's main place: the most often named town-level (or finer) place, counting the
    headline and lead twice; provinces and countries only when nothing finer is named."""
    if not places:
        return None
    sentences = doc.layer("sentences")
    lead_end = sentences[1].end if len(sentences) > 1 else (sentences[0].end if sentences else 0)
    weight: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for m in places:
        key = m.entity_id or m.text
        weight[key] += 2 if m.start < lead_end else 1
        if key not in first or (first[key].lat is None and m.lat is not None):
            first[key] = m
    return min(first.values(),
               key=lambda m: (place_rank(m) > 3, m.lat is None, -weight[m.entity_id or m.text], m.start))


def nearby_actors(mentions: Sequence[Mention], start: int, end: int, anchor: int,
                  limit: int = 3) -> list[Mention]:
    """Distinct actors (organisations, people) named in [start, end), nearest to the trigger first."""
    # media and platforms report an event, they do not take part in it (ذكرت سانا، بيان على منصة إكس)
    inside = sorted((m for m in span_index(mentions).inside(start, end) if m.label in ACTOR_LABELS
                     and m.actor_type != "Media"),
                    key=lambda m: abs(m.start - anchor))
    seen: set[str] = set()
    out: list[Mention] = []
    for m in inside:
        key = m.entity_id or m.canonical or m.text
        if key in seen:
            continue
        seen.add(key)
        out.append(m)
        if len(out) == limit:
            break
    return out


def fatalities(claims: Sequence[Claim], start: int, end: int) -> int | None:
    """The largest death toll claimed in [start, end): ACLED keeps one figure per event."""
    tolls = [c.high if c.high is not None else c.low for c in span_index(claims).starting_in(start, end)
             if c.measure == "killed"]
    values = [int(v) for v in tolls if v is not None]
    return max(values) if values else None


DateLookup = Callable[[AnalyzedDoc, int], "date | None"]


@lru_cache(maxsize=1)
def _times_lookup() -> DateLookup | None:
    """The times stage's ``date_for_offset`` when that stage is installed."""
    try:
        module = import_module("tabayyun.stages.times")
    except ImportError:
        return None
    func = getattr(module, "date_for_offset", None)
    return func if callable(func) else None


# a relative clause hanging on the trigger, after at most one adjective: "التفجير (الإجرامي) الذي
# استهدف السوق أمس الأول الجمعة" dates the bombing, whatever the sentence's main verb is dated
_RELATIVE = re.compile(r"\s+(?:[^\s،,.]+\s+)?(?:ال[تذ]ي|اللذين|اللتين|اللذان|اللتان|اللواتي)\s")
_RELATIVE_REACH = 160  # characters of the relative clause searched for its date


def relative_clause_date(doc: AnalyzedDoc, trigger_end: int, clause_end: int) -> date | None:
    """The day-precise date inside a relative clause that follows the trigger, if any."""
    m = _RELATIVE.match(doc.text, trigger_end)
    if m is None:
        return None
    stop = min(clause_end, m.end() + _RELATIVE_REACH)
    times: Sequence[TimeExpr] = doc.layer("times")
    inside = [t for t in span_index(times).starting_in(m.end(), stop) if t.kind == "date"
              and t.precision == Precision.DAY and t.value is not None]
    return min(inside, key=lambda t: t.start).value if inside else None


def event_date(doc: AnalyzedDoc, sentence: Sentence, offset: int, trigger_end: int,
               clause_end: int) -> tuple[date | None, Precision]:
    """The date an event happened: a date in the relative clause on the trigger, else the times
    stage's reading of the trigger's context, else the nearest dated expression before the
    trigger in its sentence, else the publication day."""
    own = relative_clause_date(doc, trigger_end, clause_end)
    if own is not None:
        return own, Precision.DAY
    lookup = _times_lookup()
    if lookup is not None:
        found = lookup(doc, offset)
        if found is not None:
            return found, Precision.DAY
    times: Sequence[TimeExpr] = doc.layer("times")
    starts = [t.start for t in times]
    lo, hi = bisect_left(starts, sentence.start), bisect_right(starts, sentence.end)
    dated = [t for t in times[lo:hi] if t.kind == "date" and t.value is not None]
    if dated:
        before = [t for t in dated if t.start <= offset] or dated
        chosen = max(before, key=lambda t: t.start) if before is not dated else min(dated, key=lambda t: t.start)
        return chosen.value, chosen.precision
    return doc.document.published, Precision.DAY
