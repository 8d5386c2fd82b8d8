"""Incidents: one real-world event as several outlets report it over several days.

Article events (the events layer) are linked when they share a fine site (the same place, or
places a few km apart), dates within a window, and, across articles, a compatible tactic and
shared names or words (TF-IDF cosine). A province- or country-level event joins one incident
of its own article and never bridges two towns: separate incidents in one province stay apart.
Linked events form an incident that keeps every supporting document and span. An article
covering several events feeds several incidents; each claim belongs to the incident of the
article event it is about (``Claim.event_start``). Thresholds: ``rules.py``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tabayyun.analysis.rules import rules
from tabayyun.events.triggers import compatible_tactics, is_instant
from tabayyun.geo.distance import km_between
from tabayyun.geo.gazetteer import default_gazetteer, lies_in
from tabayyun.geo.precision import UNKNOWN, specificity
from tabayyun.geo.precision import is_coarse as coarse_place
from tabayyun.model import AnalyzedDoc, Event, Precision
from tabayyun.text.normalize import normalize_key


@dataclass(frozen=True, slots=True)
class EventRef:
    doc_id: str
    event: Event


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world event, merged from the article events of every outlet that reports it."""

    incident_id: str
    event_type: str
    sub_event_type: str
    location: str | None
    location_id: str | None
    lat: float | None
    lon: float | None
    geo_precision: str | None
    date: date | None
    doc_ids: tuple[str, ...]
    events: tuple[EventRef, ...]
    actors: tuple[str, ...] = ()


def is_coarse(e: Event) -> bool:
    """A province, region or country: it may hold several separate incidents."""
    return coarse_place(e.geo_precision)


def same_site(a: Event, b: Event, contain: bool = True) -> bool:
    """One site: the same place, or places a few km apart, or (with ``contain``) a province or
    country and a place inside it. A province is never "a few km" from the town at its centroid:
    distance links fine places only."""
    if a.location_id and a.location_id == b.location_id:
        return True
    if a.location and b.location and normalize_key(a.location, drop_article=True) == normalize_key(
            b.location, drop_article=True):
        return True
    if contain and _nested(a, b):
        return True  # قضاء دوغو بيازيد and ولاية أغري: the gazetteer puts the town in the province
    km = km_between(a, b)
    if km is None:
        return False
    coarse = is_coarse(a) or is_coarse(b)
    if coarse:
        return contain and km <= rules().contains_km
    return km <= rules().same_site_km


def _nested(a: Event, b: Event) -> bool:
    """Whether the gazetteer puts one event's place inside the other's (a town in its province)."""
    if not a.location_id or not b.location_id:
        return False
    return lies_in(a.location_id, b.location_id) or lies_in(b.location_id, a.location_id)


def day_of(e: Event) -> date | None:
    """The event's day; a month or a year ("العام الجاري") is no day and links to any day."""
    return e.date if e.date is not None and e.time_precision == Precision.DAY else None


def _near(a: date | None, b: date | None, window: int | None = None) -> bool:
    window = rules().incident_days if window is None else window
    return a is None or b is None or abs((a - b).days) <= window


def body_bag(doc: AnalyzedDoc) -> dict[str, int]:
    """The words of an article body (normalised, 3+ letters) with their counts."""
    body = doc.text[:doc.document.extraction_end]
    return dict(Counter(w for w in normalize_key(body, drop_article=True).split() if len(w) > 2))


def tfidf(bags: Sequence[Mapping[str, int]], df: Mapping[str, int] | None = None,
          n: int | None = None) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of word bags; document frequencies over the bags themselves,
    or ``df`` over ``n`` documents (an incremental run weighs words over the whole store)."""
    if df is None:
        df = Counter(w for bag in bags for w in bag)
        n = len(bags)
    total = len(bags) if n is None else n
    vectors = []
    for bag in bags:
        # smoothed idf (as scikit-learn): a word every article uses still counts a little
        vec = {w: (1 + math.log(c)) * (1 + math.log((1 + total) / (1 + df.get(w, 0)))) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def _tfidf(docs: Sequence[AnalyzedDoc]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of the article bodies (normalised words of 3+ letters)."""
    return tfidf([body_bag(d) for d in docs])


def cosine(a: Mapping[Any, float], b: Mapping[Any, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _join_settled(union: _Union, groups: Sequence[str | None]) -> None:
    """Join the items of each group already known (None: not known)."""
    first: dict[str, int] = {}
    for k, g in enumerate(groups):
        if g is not None:
            union.join(k, first.setdefault(g, k))


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


class _Span(_Union):
    """Union-find over events that keeps each group's first and last day, so that a chain of
    reports each a day or two from the next never stretches one incident over weeks."""

    def __init__(self, days: Sequence[date | None]) -> None:
        super().__init__(len(days))
        self.first: list[int | None] = [d.toordinal() if d else None for d in days]
        self.last: list[int | None] = list(self.first)

    def fits(self, i: int, j: int, window: int) -> bool:
        """Whether the groups of ``i`` and ``j`` together lie within ``window`` days."""
        ri, rj = self.find(i), self.find(j)
        firsts = [d for d in (self.first[ri], self.first[rj]) if d is not None]
        lasts = [d for d in (self.last[ri], self.last[rj]) if d is not None]
        return not firsts or max(lasts) - min(firsts) <= window

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        firsts = [d for d in (self.first[ri], self.first[rj]) if d is not None]
        lasts = [d for d in (self.last[ri], self.last[rj]) if d is not None]
        self.parent[ri] = rj
        self.first[rj] = min(firsts) if firsts else None
        self.last[rj] = max(lasts) if lasts else None


def compatible(a: Event, b: Event) -> bool:
    """One tactic as two outlets may code it: the same sub-event type, or one that the other
    absorbs (a suicide bombing is also "an attack"). A mortar barrage and a roadside bomb in one
    town on one day are two incidents."""
    return compatible_tactics(a.sub_event_type, b.sub_event_type)


def _linked(a: EventRef, b: EventRef) -> bool:
    """Two reports of one incident: one fine site, and near days. Across articles the tactic must
    agree (``compatible``); within one article, different kinds of event at one site (the clashes
    and the air strikes around a prison) join on the same or the next day."""
    # within one article a town and the province it lies in are one site ("هجوم في منطقة أغري ... مدينة
    # دوغوبيازيد"); across articles the province may hold another incident
    if not same_site(a.event, b.event, contain=False) and not (a.doc_id == b.doc_id and _nested(a.event, b.event)):
        return False
    if a.doc_id != b.doc_id:
        return compatible(a.event, b.event) and _near(day_of(a.event), day_of(b.event), event_window(a.event, b.event))
    window = rules().incident_days if a.event.event_type == b.event.event_type else rules().incident_type_days
    return _near(day_of(a.event), day_of(b.event), window)


def event_window(a: Event, b: Event) -> int:
    """Days between two reports of one incident: an incident over in a moment (a bombing, a
    shell) has its day, and the same town shelled two days later is another incident; fighting
    and campaigns go on for days."""
    if is_instant(a.sub_event_type) and is_instant(b.sub_event_type):
        return rules().instant_incident_days
    return rules().incident_days


def span_window(a: Event, b: Event) -> int:
    """How many days one incident's reports may span in all: an incident over in a moment has
    reports over a few days; a siege or a battle goes on longer, never weeks."""
    if is_instant(a.sub_event_type) and is_instant(b.sub_event_type):
        return rules().incident_days
    return rules().incident_span_days


def _host(coarse: EventRef, fine: Sequence[EventRef]) -> EventRef | None:
    """The one event of the same article a province-level event belongs to: a place inside the
    province, of the same kind if any, nearest in the text. One host only, so that a province
    never bridges two incidents in different towns."""
    near = [f for f in fine if _near(day_of(coarse.event), day_of(f.event))]
    inside = [f for f in near if same_site(coarse.event, f.event)]
    if not inside:
        # a place the gazetteer could not put inside the province (a mosque geocoded by its
        # organisation's seat) still hosts it when it is the article's only site of that kind
        inside = [f for f in near if f.event.event_type == coarse.event.event_type]
        if len({f.event.location_id or f.event.location for f in inside}) != 1:
            return None
    return min(inside, key=lambda f: (f.event.event_type != coarse.event.event_type,
                                      abs(f.event.start - coarse.event.start)))


def _before_article(a: EventRef, b: EventRef, docs: Sequence[AnalyzedDoc], doc_index: Mapping[str, int]) -> bool:
    """An event its article only refers back to (undated: the bombing a trial is about) happened
    before the article, within ``referred_incident_days``: it is no report of a dated event after
    the article or long before it."""
    da, db = day_of(a.event), day_of(b.event)
    for day, undated in ((da, b), (db, a)):
        published = docs[doc_index[undated.doc_id]].document.published
        if day is not None and day_of(undated.event) is None and published is not None:
            return 0 <= (published - day).days <= rules().referred_incident_days
    return True


def build_incidents(docs: Sequence[AnalyzedDoc], vectors: Sequence[Mapping[Any, float]] | None = None,
                    settled: Mapping[tuple[str, int], str] | None = None) -> list[Incident]:
    """Cluster the article events of ``docs`` into incidents: events at one site within a few
    days, in one article or in articles that share names and words (the clashes, the air strikes
    and the curfew around one prison are one incident); separate incidents in one province stay
    apart. ``vectors``: the bodies' ``tfidf`` vectors, when already computed. ``settled``: the
    incident of each (doc_id, start) of the events already clustered (an incremental run): they
    stay together, and two of them are not compared again."""
    refs = [EventRef(d.document.doc_id, e) for d in docs for e in d.layer("events")]
    doc_index = {d.document.doc_id: i for i, d in enumerate(docs)}
    if vectors is None:
        vectors = _tfidf(docs) if len(docs) > 1 else [{} for _ in docs]
    union = _Span([day_of(r.event) for r in refs])
    index = {id(r): k for k, r in enumerate(refs)}
    settled = settled or {}
    _join_settled(union, [settled.get((r.doc_id, r.event.start)) for r in refs])
    # a province-level event joins one incident of its own article; the rest (a national
    # round-up) are linked among themselves below, never to towns
    fine_of: dict[str, list[EventRef]] = defaultdict(list)
    for r in refs:
        if r.event.location and not is_coarse(r.event):
            fine_of[r.doc_id].append(r)
    loose: set[int] = set()
    for k, r in enumerate(refs):
        if not is_coarse(r.event):
            continue
        host = _host(r, fine_of[r.doc_id])
        if host is None:
            loose.add(k)
        else:
            union.join(k, index[id(host)])
    # events are compared only with events of nearby days, keeping the work near-linear in the corpus size
    by_day: dict[int | None, list[int]] = defaultdict(list)
    fresh_by_day: dict[int | None, list[int]] = defaultdict(list)  # events not clustered before
    # each event's precision and whether it was clustered before, once (not once per pair)
    coarse = [is_coarse(r.event) for r in refs]
    placed = [(r.doc_id, r.event.start) in settled for r in refs]
    for k, r in enumerate(refs):
        day = day_of(r.event)
        by_day[day.toordinal() if day else None].append(k)
        if not placed[k]:
            fresh_by_day[day.toordinal() if day else None].append(k)
    sim_cache: dict[tuple[int, int], float] = {}
    for k, a in enumerate(refs):
        if coarse[k] and k not in loose:
            continue
        day = day_of(a.event)
        # an event clustered before is compared only with the new ones
        pool = fresh_by_day if placed[k] else by_day
        if day is None:
            # an undated event (one the article only refers back to) happened before the article:
            # it is compared with the events of the days its incident may span up to publication
            published = docs[doc_index[a.doc_id]].document.published
            if published is None:
                near = [j for js in pool.values() for j in js]
            else:
                d1 = published.toordinal()
                near = [j for d in range(d1 - rules().referred_incident_days, d1 + 1) for j in pool.get(d, ())]
                near += pool.get(None, [])
        else:
            d0 = day.toordinal()
            window = rules().incident_days
            near = [j for d in range(d0 - window, d0 + window + 1) for j in pool.get(d, ())]
            near += pool.get(None, [])
        for j in near:
            if j <= k:
                continue
            b = refs[j]
            if placed[k] and placed[j]:
                continue  # both clustered before: their incidents are kept as they are
            if coarse[k] != coarse[j] or (coarse[j] and j not in loose):
                continue
            # already one incident: many outlets repeating one incident make dense blocks, and the
            # checks below are the expensive part
            if union.find(k) == union.find(j):
                continue
            if not _linked(a, b) or not _before_article(a, b, docs, doc_index):
                continue
            # an incident's reports lie within a few days of each other: no chain of reports a
            # day apart makes one incident of a month of fighting in one city
            if not union.fits(k, j, span_window(a.event, b.event)):
                continue
            if a.doc_id != b.doc_id:
                i1, i2 = sorted((doc_index[a.doc_id], doc_index[b.doc_id]))
                if (i1, i2) not in sim_cache:
                    sim_cache[(i1, i2)] = cosine(vectors[i1], vectors[i2])
                if sim_cache[(i1, i2)] < rules().incident_similarity:
                    continue
            union.join(k, j)
    groups: dict[int, list[EventRef]] = defaultdict(list)
    for k, r in enumerate(refs):
        groups[union.find(k)].append(r)
    ordered = sorted(groups.values(), key=lambda g: (min((day_of(r.event) or date.max) for r in g), g[0].doc_id,
                                                     g[0].event.start))
    return [_incident(f"I{n + 1:03d}", g) for n, g in enumerate(ordered)]


def _incident(incident_id: str, refs: list[EventRef]) -> Incident:
    types = Counter(r.event.event_type for r in refs)
    event_type = types.most_common(1)[0][0]
    subs = Counter(r.event.sub_event_type for r in refs if r.event.event_type == event_type)
    placed = [r.event for r in refs if r.event.location]
    # the most specific place any report gives (coordinates first), then the most reported one
    loc_counts = Counter(e.location_id or e.location for e in placed)
    best = min(placed, key=lambda e: (e.lat is None, coarse_place(e.geo_precision),
                                      -loc_counts[e.location_id or e.location])) if placed else None
    dates = Counter(d for d in (day_of(r.event) for r in refs) if d is not None)
    actors = Counter(a for r in refs for a in r.event.actors)
    return Incident(incident_id, event_type, subs.most_common(1)[0][0], best.location if best else None,
                    best.location_id if best else None, best.lat if best else None, best.lon if best else None,
                    best.geo_precision if best else None, min(dates, key=lambda d: (-dates[d], d)) if dates else None,
                    tuple(sorted({r.doc_id for r in refs})), tuple(refs), tuple(a for a, _ in actors.most_common(3)))


def incident_record(i: Incident, story_id: str | None, fatalities: int | None) -> dict[str, object]:
    return {"type": "incident", "incident_id": i.incident_id, "story_id": story_id, "event_type": i.event_type,
            "sub_event_type": i.sub_event_type,
            "location": {"text": i.location, "id": i.location_id, "lat": i.lat, "lon": i.lon,
                         "precision": i.geo_precision},
            "date": i.date.isoformat() if i.date else None, "doc_ids": list(i.doc_ids), "actors": list(i.actors),
            "fatalities": fatalities,
            "events": [{"doc_id": r.doc_id, "start": r.event.start, "end": r.event.end, "text": r.event.text,
                        "event_type": r.event.event_type, "sub_event_type": r.event.sub_event_type,
                        "date": r.event.date.isoformat() if r.event.date else None,
                        "support": [list(sp) for sp in r.event.support]} for r in i.events]}


def _place_name(i: Incident) -> str:
    return normalize_key(i.location or "", drop_article=True)


def _apart(a: Incident, b: Incident) -> bool:
    """Two sites that cannot be one: both placed finer than a province, and either more than a
    few km apart, or, without coordinates, two towns (or finer) named differently (neither name
    inside the other). A place of unknown precision ("منطقة X") may be the other's district."""
    if coarse_place(a.geo_precision) or coarse_place(b.geo_precision) or not a.location or not b.location:
        return False
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        km = km_between(a, b)
        return km is not None and km > rules().same_site_km
    na, nb = _place_name(a), _place_name(b)
    if na and nb and (na in nb or nb in na):
        return False
    return specificity(a.geo_precision) < UNKNOWN and specificity(b.geo_precision) < UNKNOWN


def _fits(a: Incident, b: Incident) -> bool:
    """One tactic and near days: two reports of one incident as two outlets may code them."""
    tactic = compatible_tactics(a.sub_event_type, b.sub_event_type)
    window = rules().instant_incident_days if is_instant(a.sub_event_type) and is_instant(b.sub_event_type) \
        else rules().incident_days
    return tactic and _near(a.date, b.date, window)


def merge_within_story(members: Sequence[Incident]) -> list[list[Incident]]:
    """Group one story's incidents that are one real-world event told with places of different
    precision: a report that names only the country or province ("البحرين") and one that names
    the village ("قرية سترة"); an ungeocoded village and its neighbourhood. Fine sites that cannot
    be one stay apart, and a coarse report joins one fine incident only (the best supported of its
    tactic and days), so that it never bridges two sites."""
    fine = [i for i in members if i.location and not coarse_place(i.geo_precision)]
    loose = [i for i in members if not (i.location and not coarse_place(i.geo_precision))]
    groups: list[list[Incident]] = []
    for i in sorted(fine, key=lambda i: -len(i.events)):
        home = next((g for g in groups if all(_fits(i, o) and not _apart(i, o) for o in g)), None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    hosts_of = {id(i): [g for g in groups if any(_fits(i, o) and _may_hold(i, o) for o in g)] for i in loose}
    for i in loose:
        # a coarse report ("اليمن", or no place at all) is one fine incident told vaguely only when
        # that incident is the one it can be: in a story that also reports fighting in two towns
        # of the country, it may be either, and guessing the larger merges unrelated events
        hosts = hosts_of[id(i)]
        if len(hosts) == 1:
            hosts[0].append(i)
        else:
            groups.append([i])
    return groups


def _country(i: Incident) -> str | None:
    place = default_gazetteer().get(i.location_id) if i.location_id else None
    return place.country if place is not None and place.country else None


def _may_hold(coarse: Incident, fine: Incident) -> bool:
    """Whether a coarse place may be where a fine incident happened: no place at all, the same
    country, or (a place the gazetteer does not know) a province within ``contains_km``."""
    if not coarse.location:
        return True
    a, b = _country(coarse), _country(fine)
    if a and b:
        return a == b
    km = km_between(coarse, fine)
    return km is None or km <= rules().contains_km


def merged(incident_id: str, parts: Sequence[Incident]) -> Incident:
    """One incident from the incidents that report it."""
    if len(parts) == 1:
        return parts[0]
    return _incident(incident_id, [r for p in parts for r in p.events])
