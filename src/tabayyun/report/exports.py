"""Exports beyond JSON Lines: an ACLED-style CSV of events and GeoJSON of places and events.

Both are written from store query streams (``store.events()``, ``store.mentions()``), row by
row: an export reads only the layer it writes and holds one row in memory.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from tabayyun.model import Event, Mention
from tabayyun.safety import SafeDictWriter
from tabayyun.store import Found

# ACLED's column names, in ACLED's order, for the columns we can fill
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "inter2", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities", "tags", "doc_id", "start", "end", "evidence",
)
_TIME_PRECISION = {"day": 1, "month": 2, "year": 3}


def write_acled_csv(events: Iterable[Found[Event]], out: IO[str]) -> int:
    """One row per article event, numbered within its article; ``events`` in document order
    (story-level events are in the JSON Lines export)."""
    # outlet names, ids and evidence come from articles: cells that a spreadsheet would run
    # as a formula (=HYPERLINK(...)) are written as text
    writer = SafeDictWriter(out, ACLED_COLUMNS)
    writer.writeheader()
    n = 0
    current, i = None, 0
    for found in events:
        if found.doc_id != current:
            current, i = found.doc_id, 0
        i += 1
        event = found.span
        actors = list(event.actors)
        types = list(event.actor_types)
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
            "notes": event.notes, "fatalities": event.fatalities if event.fatalities is not None else "",
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
