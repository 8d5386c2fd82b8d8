"""Exports beyond JSON Lines: an ACLED-style CSV of events and GeoJSON of places and events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from tabayyun.model import AnalyzedDoc
from tabayyun.safety import SafeDictWriter

# ACLED's column names, in ACLED's order, for the columns we can fill
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "inter2", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities", "tags", "doc_id", "start", "end", "evidence",
)
_TIME_PRECISION = {"day": 1, "month": 2, "year": 3}


def write_acled_csv(docs: Sequence[AnalyzedDoc], corpus: Sequence[dict[str, Any]], out: IO[str]) -> int:
    del corpus  # story-level events are in the JSON Lines export; this file lists each article's events
    # outlet names, ids and evidence come from articles: cells that a spreadsheet would run
    # as a formula (=HYPERLINK(...)) are written as text
    writer = SafeDictWriter(out, ACLED_COLUMNS)
    writer.writeheader()
    n = 0
    for doc in docs:
        for i, event in enumerate(doc.layer("events"), start=1):
            actors = list(event.actors)
            types = list(event.actor_types)
            writer.writerow({
                "event_id_cnty": f"{doc.document.doc_id}-{i}",
                "event_date": event.date.isoformat() if event.date else "",
                "year": event.date.year if event.date else "",
                "time_precision": _TIME_PRECISION.get(str(event.time_precision), 3),
                "event_type": event.event_type, "sub_event_type": event.sub_event_type,
                "actor1": actors[0] if actors else "", "assoc_actor_1": "; ".join(actors[2:]),
                "inter1": types[0] if types else "", "actor2": actors[1] if len(actors) > 1 else "",
                "inter2": types[1] if len(types) > 1 else "", "location": event.location or "",
                "latitude": event.lat if event.lat is not None else "",
                "longitude": event.lon if event.lon is not None else "",
                "geo_precision": event.geo_precision or "", "source": doc.document.outlet or "",
                "notes": event.notes, "fatalities": event.fatalities if event.fatalities is not None else "",
                "tags": "; ".join(event.tags), "doc_id": doc.document.doc_id, "start": event.start,
                "end": event.end, "evidence": event.text,
            })
            n += 1
    return n


def write_geojson(docs: Sequence[AnalyzedDoc], out: IO[str]) -> int:
    features: list[dict[str, Any]] = []
    for doc in docs:
        for m in doc.layer("mentions"):
            if m.lat is None or m.lon is None:
                continue
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [m.lon, m.lat]},
                             "properties": {"kind": "mention", "doc_id": doc.document.doc_id, "text": m.text,
                                            "start": m.start, "end": m.end, "label": str(m.label),
                                            "entity_id": m.entity_id, "precision": m.geo_precision}})
        for e in doc.layer("events"):
            if e.lat is None or e.lon is None:
                continue
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
                             "properties": {"kind": "event", "doc_id": doc.document.doc_id, "text": e.text,
                                            "start": e.start, "end": e.end, "event_type": e.event_type,
                                            "sub_event_type": e.sub_event_type,
                                            "date": e.date.isoformat() if e.date else None}})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
