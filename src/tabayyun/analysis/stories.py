"""Stories: one real-world event as several outlets report it over several days.

Article events (the events layer) are linked when they share a site (same place, or places a few km apart, or a province and a place in it),
dates within a window, and articles that share names or words (TF-IDF cosine). Linked
events form a story that keeps every supporting document and span. An article covering
several events feeds several stories; each claim is then placed in the story of the event
its sentence reports, else in the story most of the article is about.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tabayyun.model import AnalyzedDoc, Claim, Event
from tabayyun.text.normalize import normalize_key

DAY_WINDOW = 3  # days between two reports of one event (late reports, "أمس" resolved differently)
SAME_SITE_KM = 10.0
CONTAINS_KM = 100.0
MIN_SIMILARITY = 0.08  # TF-IDF cosine of two articles below which their events are not linked
_COARSE = frozenset({"admin1", "country", "region", "governorate", "province"})


@dataclass(frozen=True, slots=True)
class EventRef:
    doc_id: str
    event: Event


@dataclass(frozen=True, slots=True)
class Story:
    story_id: str
    event_type: str
    sub_event_type: str
    location: str | None
    location_id: str | None
    lat: float | None
    lon: float | None
    date: date | None
    doc_ids: tuple[str, ...]
    events: tuple[EventRef, ...]
    fatalities: int | None


def _km(a: Event, b: Event) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, h)))


def same_site(a: Event, b: Event, contain: bool = True) -> bool:
    """One site: the same place, places a few km apart, or (with ``contain``) a province or
    country and a place inside it."""
    if a.location_id and a.location_id == b.location_id:
        return True
    if a.location and b.location and normalize_key(a.location, drop_article=True) == normalize_key(
            b.location, drop_article=True):
        return True
    km = _km(a, b)
    if km is None:
        return False
    coarse = (a.geo_precision or "") in _COARSE or (b.geo_precision or "") in _COARSE
    return km <= SAME_SITE_KM or (contain and coarse and km <= CONTAINS_KM)


def _near(a: date | None, b: date | None, window: int = DAY_WINDOW) -> bool:
    return a is None or b is None or abs((a - b).days) <= window


def _tfidf(docs: Sequence[AnalyzedDoc]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of the article bodies (normalised words of 3+ letters)."""
    bags = []
    for d in docs:
        body = d.text[:d.document.extraction_end]
        bags.append(Counter(w for w in normalize_key(body, drop_article=True).split() if len(w) > 2))
    df: Counter[str] = Counter(w for bag in bags for w in bag)
    n = len(docs)
    vectors = []
    for bag in bags:
        # smoothed idf (as scikit-learn): a word every article uses still counts a little
        vec = {w: (1 + math.log(c)) * (1 + math.log((1 + n) / (1 + df[w]))) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


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


def build_stories(docs: Sequence[AnalyzedDoc]) -> list[Story]:
    """Cluster the article events of ``docs`` into stories: events at one site within a few days,
    in one article or in articles that share names and words. A story gathers what a newsroom
    calls one story (the clashes, the air strikes and the curfew around one prison), so that
    every figure about it can be compared."""
    refs = [EventRef(d.document.doc_id, e) for d in docs for e in d.layer("events")]
    doc_index = {d.document.doc_id: i for i, d in enumerate(docs)}
    vectors = _tfidf(docs) if len(docs) > 1 else [{} for _ in docs]
    union = _Union(len(refs))
    # events are compared only with events of nearby days, keeping the work near-linear in the corpus size
    by_day: dict[int | None, list[int]] = defaultdict(list)
    for k, r in enumerate(refs):
        by_day[r.event.date.toordinal() if r.event.date else None].append(k)
    sim_cache: dict[tuple[int, int], float] = {}
    for k, a in enumerate(refs):
        day = a.event.date.toordinal() if a.event.date else None
        if day is None:
            near = [j for js in by_day.values() for j in js]
        else:
            near = [j for d in range(day - DAY_WINDOW, day + DAY_WINDOW + 1) for j in by_day.get(d, ())]
            near += by_day.get(None, [])
        for j in near:
            if j <= k:
                continue
            b = refs[j]
            # containment (a province and a town in it) links events of one article only: across
            # articles it would chain every story of a province into one
            if not same_site(a.event, b.event, contain=a.doc_id == b.doc_id):
                continue
            if a.doc_id != b.doc_id:
                i1, i2 = sorted((doc_index[a.doc_id], doc_index[b.doc_id]))
                if (i1, i2) not in sim_cache:
                    sim_cache[(i1, i2)] = cosine(vectors[i1], vectors[i2])
                if sim_cache[(i1, i2)] < MIN_SIMILARITY:
                    continue
            union.join(k, j)
    groups: dict[int, list[EventRef]] = defaultdict(list)
    for k, r in enumerate(refs):
        groups[union.find(k)].append(r)
    ordered = sorted(groups.values(), key=lambda g: (min((r.event.date or date.max) for r in g), g[0].doc_id,
                                                     g[0].event.start))
    return [_story(f"S{n + 1:03d}", g) for n, g in enumerate(ordered)]


def _story(story_id: str, refs: list[EventRef]) -> Story:
    types = Counter(r.event.event_type for r in refs)
    event_type = types.most_common(1)[0][0]
    subs = Counter(r.event.sub_event_type for r in refs if r.event.event_type == event_type)
    placed = [r.event for r in refs if r.event.location]
    # the most specific place any report gives (coordinates first), then the most reported one
    loc_counts = Counter(e.location_id or e.location for e in placed)
    best = min(placed, key=lambda e: (e.lat is None, (e.geo_precision or "") in _COARSE,
                                      -loc_counts[e.location_id or e.location])) if placed else None
    dates = Counter(r.event.date for r in refs if r.event.date is not None)
    tolls = [r.event.fatalities for r in refs if r.event.fatalities is not None]
    return Story(story_id, event_type, subs.most_common(1)[0][0], best.location if best else None,
                 best.location_id if best else None, best.lat if best else None, best.lon if best else None,
                 dates.most_common(1)[0][0] if dates else None,
                 tuple(sorted({r.doc_id for r in refs})), tuple(refs), min(tolls) if tolls else None)


def claim_stories(doc: AnalyzedDoc, stories: Sequence[Story]) -> dict[tuple[int, int], str]:
    """The story of each claim of ``doc`` (keyed by the claim's span): the story of the event
    in the claim's sentence, else the story most of the article's events belong to."""
    doc_id = doc.document.doc_id
    owned: list[tuple[Event, str]] = []
    docs_of = {s.story_id: s.doc_ids for s in stories}
    for s in stories:
        for r in s.events:
            if r.doc_id == doc_id:
                owned.append((r.event, s.story_id))
    if not owned:
        return {}
    spans = sorted(((start, end, sid) for e, sid in owned for start, end in (e.support or ((e.start, e.end),))))
    # a claim whose sentence reports no event speaks of what the article is mostly about
    dominant = Counter(sid for _, _, sid in spans).most_common(1)[0][0]
    out: dict[tuple[int, int], str] = {}
    claims: Sequence[Claim] = doc.layer("claims")
    for c in claims:
        sentence = doc.sentence_at(c.start)
        lo, hi = (sentence.start, sentence.end) if sentence else (c.start, c.end)
        inside = [sp for sp in spans if lo <= sp[0] < hi]
        # an event only this article reports is a side detail; its figures join the main story
        shared = [sp for sp in inside if len(docs_of[sp[2]]) > 1]
        out[(c.start, c.end)] = min(shared, key=lambda sp: abs(sp[0] - c.start))[2] if shared else dominant
    return out


def story_record(s: Story) -> dict[str, object]:
    return {"type": "story", "story_id": s.story_id, "event_type": s.event_type,
            "sub_event_type": s.sub_event_type,
            "location": {"text": s.location, "id": s.location_id, "lat": s.lat, "lon": s.lon},
            "date": s.date.isoformat() if s.date else None, "doc_ids": list(s.doc_ids),
            "fatalities": s.fatalities,
            "events": [{"doc_id": r.doc_id, "start": r.event.start, "end": r.event.end, "text": r.event.text,
                        "date": r.event.date.isoformat() if r.event.date else None,
                        "support": [list(sp) for sp in r.event.support]} for r in s.events]}
