"""Exports beyond JSON Lines: an ACLED-style CSV of events and GeoJSON of places and events.

Both are written from store query streams (``store.events()``, ``store.claims()``,
``store.mentions()``), row by row: an export reads only the layers it writes and holds one
article's rows in memory.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import IO, Any

from tabayyun.analysis.timeline import acled_figure
from tabayyun.model import Claim, ClaimRole, Event, Mention
from tabayyun.safety import SafeDictWriter
from tabayyun.store import Found

# ACLED's column names, in ACLED's order, for the columns we can fill
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "inter2", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities", "tags", "doc_id", "start", "end", "evidence",
)
_TIME_PRECISION = {"day": 1, "month": 2, "year": 3}


def event_fatalities(claims: Iterable[Claim], event: Event) -> int | None:
    """ACLED's conservative toll of one article event: the lowest whole killed count the article
    ties to it, a vague one coded with its low fixed figure; None when none is given.
    ``claims`` are the claims of the event's article."""
    figures = [acled_figure(c) for c in claims if c.event_start == event.start and c.measure == "killed"
               and c.role in (ClaimRole.TOTAL, ClaimRole.GROUP)]
    known = [f for f in figures if f is not None]
    return int(min(known)) if known else None


class _ClaimsByDoc:
    """Each article's claims, taken from a stream in document order as the events ask for them
    (the two streams advance together: one article's claims are in memory at a time)."""

    def __init__(self, claims: Iterable[Found[Claim]]) -> None:
        self._groups = groupby(claims, key=lambda f: f.doc_id)
        self._next: tuple[str, list[Claim]] | None = self._advance()

    def _advance(self) -> tuple[str, list[Claim]] | None:
        group = next(self._groups, None)
        return None if group is None else (group[0], [f.span for f in group[1]])

    def of(self, doc_id: str) -> list[Claim]:
        # both streams come in the store's doc_id order, which is code point order, as Python's
        while self._next is not None and self._next[0] < doc_id:
            self._next = self._advance()
        if self._next is not None and self._next[0] == doc_id:
            return self._next[1]
        return []


def write_acled_csv(events: Iterable[Found[Event]], claims: Iterable[Found[Claim]], out: IO[str]) -> int:
    """One row per article event, numbered within its article (story-level events are in the
    JSON Lines export). ``events`` and ``claims`` in document order; ``claims`` need only be
    the killed counts, which give each event its fatalities."""
    # outlet names, ids and evidence come from articles: cells that a spreadsheet would run
    # as a formula (=HYPERLINK(...)) are written as text
    writer = SafeDictWriter(out, ACLED_COLUMNS)
    writer.writeheader()
    n = 0
    tolls = _ClaimsByDoc(claims)
    current, i, article_claims = None, 0, []
    for found in events:
        if found.doc_id != current:
            current, i, article_claims = found.doc_id, 0, tolls.of(found.doc_id)
        i += 1
        event = found.span
        actors = list(event.actors)
        types = list(event.actor_types)
        fatalities = event_fatalities(article_claims, event)
        writer.writerow({
            "event_id_cnty": f"{found.doc_id}-{i}",
            "event_date": event.date.isoformat() if event.date else "",
            "year": event.date.year if event.date else "",
            "time_precision": _TIME_PRECISION.get(str(event.time_precision), 3),
            "event_type": event.event_type, "sub_event_type": event.sub_event_type,
            "actor1": actors[0] if actors else "", "assoc_actor_1": "; ".join(actors[2:]),
            "inter1": types[0] if types else "", "actor2": actors[1] if len(actors) > 1 else "",
            "inter2": types[1] if len(types) > 1 else "", "location": event.location or "",
            "latitude": event.lat if event.lat is not None else "",
            "longitude": event.lon if event.lon is not None else "",
            "geo_precision": event.geo_precision or "", "source": found.outlet or "",
            "notes": event.notes, "fatalities": "" if fatalities is None else fatalities,
            "tags": "; ".join(event.tags), "doc_id": found.doc_id, "start": event.start,
            "end": event.end, "evidence": event.text,
        })
        n += 1
    return n


def _mention_feature(found: Found[Mention]) -> dict[str, Any]:
    m = found.span
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [m.lon, m.lat]},
            "properties": {"kind": "mention", "doc_id": found.doc_id, "text": m.text,
                           "start": m.start, "end": m.end, "label": str(m.label),
                           "entity_id": m.entity_id, "precision": m.geo_precision}}


def _event_feature(found: Found[Event]) -> dict[str, Any]:
    e = found.span
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
            "properties": {"kind": "event", "doc_id": found.doc_id, "text": e.text,
                           "start": e.start, "end": e.end, "event_type": e.event_type,
                           "sub_event_type": e.sub_event_type,
                           "date": e.date.isoformat() if e.date else None}}


def write_geojson(mentions: Iterable[Found[Mention]], events: Iterable[Found[Event]], out: IO[str]) -> int:
    """Geocoded mentions and events (both streams in document order), each article's mentions
    before its events, written feature by feature."""
    tagged: list[Iterator[tuple[str, int, dict[str, Any]]]] = [
        ((f.doc_id, 0, _mention_feature(f)) for f in mentions if f.span.lat is not None and f.span.lon is not None),
        ((f.doc_id, 1, _event_feature(f)) for f in events if f.span.lat is not None and f.span.lon is not None),
    ]
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for _doc_id, _kind, feature in heapq.merge(*tagged, key=lambda t: (t[0], t[1])):
        out.write((", " if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("]}\n")
    return n
