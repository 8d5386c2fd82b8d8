"""What surrounds an event trigger: its clause, place, actors and date."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from datetime import date

from tabayyun.dates.anchor import date_for_offset
from tabayyun.geo.cues import cue_lexicon
from tabayyun.geo.facilities import AFTER_REACH, locates
from tabayyun.geo.precision import COARSE, specificity
from tabayyun.model import AnalyzedDoc, EntityLabel, Mention, Precision, Sentence, TimeExpr
from tabayyun.sources.words import clitic_forms
from tabayyun.spanindex import derived, span_index
from tabayyun.text.normalize import normalize_key

PLACE_LABELS = frozenset({EntityLabel.LOC, EntityLabel.FAC})
ACTOR_LABELS = frozenset({EntityLabel.ORG, EntityLabel.PER, EntityLabel.MISC})

# clause breaks inside a sentence: Arabic and Latin commas, semicolons, colons, dashes
_CLAUSE_BREAK = re.compile(r"[،,؛;:\u2013\u2014]")


def place_rank(m: Mention) -> int:
    """How specific a place mention is (``geo.precision``: smaller is finer)."""
    return specificity(m.geo_precision, m.label)


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


_TOWN = specificity("town")  # a place said to lie in a town or a larger unit is finer than it
_MEASURED_REACH = 80  # characters before a place searched for the distance it is a landmark of
_MEASURED_WORDS = 6  # words at most between a distance's unit and its landmark (إلى الشمال الشرقي من العاصمة)


def measured_from(text: str, m: Mention) -> bool:
    """Whether a sentence names ``m`` only to measure a site from it ("في بلدة سيفاري التي تبعد 600
    كيلومتر إلى الشمال الشرقي من العاصمة باماكو"، "على بعد 150 كيلومترا جنوب غرب العاصمة"): a
    distance's unit a few words before it, no clause break or "في" between."""
    window = text[max(0, m.start - _MEASURED_REACH):m.start]
    units = cue_lexicon().distance_units
    if units.isdisjoint(normalize_key(window).split()):
        return False  # the common case, read in one pass
    words = window.split()
    at = next((k for k in range(len(words) - 1, -1, -1) if normalize_key(words[k]) in units), None)
    if at is None:
        return False
    between = words[at + 1:]
    return len(between) <= _MEASURED_WORDS and not any(normalize_key(w) == "في" for w in between) \
        and not any(_CLAUSE_BREAK.search(w) for w in words[at:])


def located_from(m: Mention, places: Sequence[Mention], text: str) -> Mention | None:
    """The town or larger place right after ``m`` that the text locates it in or from (دار سعد
    شمال عدن، بلدة دوما قرب نابلس، قطاع الطوال بمنطقة جازان): ``m`` lies at or by it."""
    # ``locates`` reads only a place starting within AFTER_REACH characters after m
    for other in span_index(places).starting_in(m.end + 1, m.end + AFTER_REACH + 1):
        if locates(text, m.end, other.start) and (other.entity_id or other.text) != (m.entity_id or m.text) \
                and place_rank(other) >= _TOWN:
            return other
    return None


def effective_rank(m: Mention, places: Sequence[Mention], text: str) -> int:
    """A place's rank, finer than the place right after it that it is said to lie in (قطاع الطوال
    بمنطقة جازان: the sector, whatever the gazetteer knows of either)."""
    rank = place_rank(m)
    if rank >= COARSE:
        return rank  # a province located from a town is still a province (صلاح الدين شمال شرقي بعقوبة)
    other = located_from(m, places, text)
    return rank if other is None else min(rank, place_rank(other) - 1)


def best_place(places: Sequence[Mention], start: int, end: int, anchor: int, before_first: bool = False,
               text: str = "") -> Mention | None:
    """The most specific place mention in [start, end), then the nearest to ``anchor``;
    a place with coordinates beats one without. With ``before_first`` (a whole sentence searched),
    a place named before the trigger wins a tie: the site leads the sentence ("شهد مسجد X تفجيرا"),
    places after the trigger often say where the victims came from. With ``text``, a place said to
    lie in the next one is finer than it (``effective_rank``)."""
    inside = span_index(places).inside(start, end)
    if text:
        # a landmark a site is measured from is no site: with only such places, none is known here
        inside = [m for m in inside if not measured_from(text, m)]
    if not inside:
        return None
    if text:
        # "ولاية لوغار جنوب كابول": the town a province is placed from is a landmark, not the site
        landmarks = {id(other) for m in inside if place_rank(m) >= COARSE
                     and (other := located_from(m, inside, text)) is not None}
        inside = [m for m in inside if id(m) not in landmarks] or inside
    return min(inside, key=lambda m: (effective_rank(m, inside, text) if text else place_rank(m), m.lat is None,
                                      before_first and m.start > anchor, abs(m.start - anchor)))


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
               key=lambda m: (place_rank(m) >= COARSE, m.lat is None, -weight[m.entity_id or m.text], m.start))


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


# a relative clause hanging on the trigger, after at most one adjective: "التفجير (الإجرامي) الذي
# استهدف السوق أمس الأول الجمعة" dates the bombing, whatever the sentence's main verb is dated
_RELATIVE = re.compile(r"\s+(?:[^\s،,.]+\s+)?(?:ال[تذ]ي|اللذين|اللتين|اللذان|اللتان|اللواتي)\s")
# an indefinite noun's relative clause has no pronoun: "تفجير وقع الثلاثاء"
_OCCURRED = re.compile(r"\s+(?:وقع|وقعت|حدث|حدثت|جرى|جرت)\s")
_ANY_RELATIVE = re.compile(r"(?<!\S)[وف]?(?:ال[تذ]ي|الذين|اللذين|اللتين|اللذان|اللتان|اللواتي)(?!\S)")
_RELATIVE_REACH = 160  # characters of the relative clause searched for its date
_ASIDE_AFTER_WORDS = 2  # a relative clause cut this short by a comma goes on after an aside ("الذي وقع، أمس،")
_PLURAL = re.compile(r"(?:ات|ون|ين)$")  # a trigger in the sound plural


def refers_back(text: str, trigger_start: int, trigger_end: int) -> bool:
    """Whether the trigger is one event named by a relative clause ("الهجوم الذي استهدف"): an
    event the reader already knows of, not one the sentence reports. A plural ("التفجيرات التي
    تطال العراقيين") names a kind of violence, not one event to date."""
    return _RELATIVE.match(text, trigger_end) is not None and not _PLURAL.search(text, trigger_start, trigger_end)


def relative_clause_date(doc: AnalyzedDoc, trigger_end: int, clause_end: int) -> date | None:
    """The day-precise date inside a relative clause that follows the trigger, if any."""
    m = _RELATIVE.match(doc.text, trigger_end) or _OCCURRED.match(doc.text, trigger_end)
    if m is None:
        return None
    stop = min(clause_end, m.end() + _RELATIVE_REACH)
    if len(doc.text[m.end():clause_end].split()) <= _ASIDE_AFTER_WORDS:
        # "الحادث الذي وقع، صباح أول من أمس، في قرية سترة": the time stands between commas
        after = _CLAUSE_BREAK.search(doc.text, clause_end + 1, m.end() + _RELATIVE_REACH)
        stop = after.start() if after is not None else min(len(doc.text), m.end() + _RELATIVE_REACH)
    times: Sequence[TimeExpr] = doc.layer("times")
    inside = [t for t in span_index(times).starting_in(m.end(), stop) if t.kind == "date"
              and t.precision == Precision.DAY and t.value is not None]
    return min(inside, key=lambda t: t.start).value if inside else None


_SINCE = re.compile(r"(?:منذ|مُنذ)(?:\s+(?:مطلع|بداية|أوائل|منتصف|أواخر|نهاية))?\s*$")


def is_since(text: str, t: TimeExpr) -> bool:
    """A date after منذ (since) starts a period the sentence compares with ("الأسوأ منذ مارس
    2014"): it dates no event of the sentence."""
    return _SINCE.search(text, max(0, t.start - 20), t.start) is not None


def event_date(doc: AnalyzedDoc, sentence: Sentence, offset: int, trigger_end: int,
               clause_end: int) -> tuple[date | None, Precision]:
    """The date an event happened: a date in the relative clause on the trigger, else the times
    stage's reading of the trigger's context, else the nearest dated expression before the
    trigger in its sentence, else the publication day. An event the text refers back to by a
    relative clause ("التفجير الذي نفذه التنظيم") and dates nowhere near is undated: the reader
    knows it from earlier reporting, and the day the lead reports on (an investigation's, a
    condemnation's) is not its day; the incidents across outlets date it."""
    own = relative_clause_date(doc, trigger_end, clause_end)
    if own is not None:
        return own, Precision.DAY
    times: Sequence[TimeExpr] = doc.layer("times")
    starts = span_index(times).starts  # built once per layer, not once per trigger
    lo, hi = bisect_left(starts, sentence.start), bisect_right(starts, sentence.end)
    dated = [t for t in times[lo:hi] if t.kind == "date" and t.value is not None and not is_since(doc.text, t)]
    # "بث تسجيلا الأربعاء يهدد بإعدام كرواتي، خطف نهاية يوليو": a date right after the trigger in
    # its own clause is its own, the day before it the sentence's main event's
    own_clause = next((t for t in dated if trigger_end <= t.start < clause_end), None)
    if own_clause is not None and any(t.start < offset for t in dated) \
            and _ANY_RELATIVE.search(doc.text, trigger_end, own_clause.start) is None:
        # (not a date inside another event's relative clause: "اعتقال المتورطين بالتفجير الذي
        # استهدف الناحية أمس الأول")
        return own_clause.value, own_clause.precision
    referred = refers_back(doc.text, offset, trigger_end)
    found = date_for_offset(doc, offset, lead_day=not referred)
    if found is not None:
        return found, Precision.DAY
    if dated:
        before = [t for t in dated if t.start <= offset] or dated
        chosen = max(before, key=lambda t: t.start) if before is not dated else min(dated, key=lambda t: t.start)
        return chosen.value, chosen.precision
    if referred:
        return None, Precision.DAY
    return doc.document.published, Precision.DAY
