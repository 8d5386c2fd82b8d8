"""Export records: one JSON object per fact, in the evaluation kit's record format.

Every span record carries ``doc_id``, ``start``, ``end`` and ``text`` with
``text == document.text[start:end]``; extra fields are ours and documented in the README.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from tabayyun.model import AnalyzedDoc, Attribution, Claim, Event
from tabayyun.store.codec import span_fields, to_jsonable

# layer -> record type in the export
RECORD_TYPES = {
    "mentions": "mention",
    "claims": "claim",
    "attributions": "attribution",
    "events": "event",
    "quantities": "quantity",
    "times": "time",
}
# the layers the JSON Lines export reads from the store
EXPORT_LAYERS = tuple(RECORD_TYPES)


def document_record(doc: AnalyzedDoc) -> dict[str, Any]:
    d = doc.document
    return {"type": "document", "doc_id": d.doc_id, "outlet": d.outlet,
            "published": d.published.isoformat() if d.published else None, "url": d.url, "title": d.title,
            "chars": len(d.text), "body_end": d.body_end, "encoding": d.encoding}


def span_record(doc_id: str, layer: str, span: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"type": RECORD_TYPES[layer], "doc_id": doc_id, "start": span.start,
                              "end": span.end, "text": span.text}
    record.update(span_fields(span))
    if isinstance(span, Claim):
        record["claimant"] = {"text": span.claimant, "kind": to_jsonable(span.claimant_kind)}
        record.pop("claimant_kind", None)
    elif isinstance(span, Attribution):
        record["source"] = {"text": span.source_text, "kind": to_jsonable(span.kind),
                            "start": span.source_start, "end": span.source_end}
    elif isinstance(span, Event):
        record["location"] = {"text": span.location, "lat": span.lat, "lon": span.lon,
                              "id": span.location_id, "precision": span.geo_precision}
    return record


def document_records(doc: AnalyzedDoc) -> Iterator[dict[str, Any]]:
    yield document_record(doc)
    for layer in RECORD_TYPES:
        for span in doc.layer(layer):
            yield span_record(doc.document.doc_id, layer, span)


# the corpus record types that place a claim or an event: read into ``Places``, not exported
PLACING = ("placement", "incident")


@dataclass(frozen=True, slots=True)
class Places:
    """Where each claim and event belongs across outlets, from the corpus records: a claim's
    incident, story and original source (its placement record), an event's incident."""

    claims: dict[tuple[str, int, int, str], dict[str, Any]] = field(default_factory=dict)
    events: dict[tuple[str, int], str] = field(default_factory=dict)

    @classmethod
    def of(cls, corpus: Iterable[dict[str, Any]]) -> Places:
        places = cls()
        for r in corpus:
            if r.get("type") == "placement":
                places.claims[(r["doc_id"], r["start"], r["end"], r["measure"])] = {
                    k: r.get(k) for k in ("incident_id", "story_id", "source")}
            elif r.get("type") == "incident":
                places.events.update({(e["doc_id"], e["start"]): r["incident_id"] for e in r["events"]})
        return places


def placed_records(docs: Iterable[AnalyzedDoc], places: Places) -> Iterator[dict[str, Any]]:
    """Every document's records; a claim record carries the incident and story it belongs to
    and its original source, an event record its incident."""
    for doc in docs:
        doc_id = doc.document.doc_id
        for record in document_records(doc):
            if record["type"] == "claim":
                place = places.claims.get((doc_id, record["start"], record["end"], record["measure"]), {})
                record.update({k: place.get(k) for k in ("incident_id", "story_id", "source")})
            elif record["type"] == "event":
                record["incident_id"] = places.events.get((doc_id, record["start"]))
            yield record


def all_records(docs: Iterable[AnalyzedDoc], corpus: Iterable[dict[str, Any]] = (),
                places: Places | None = None) -> Iterator[dict[str, Any]]:
    """Every document's records (``placed_records``), then the corpus records but the placements
    (they are in the claim records). ``places`` taken from ``corpus`` when not given; a store
    gives them apart (``Places.of`` its placement and incident records) so that ``corpus``
    can be a stream, read once, after the documents."""
    if places is None:
        corpus = list(corpus)
        places = Places.of(corpus)
    yield from placed_records(docs, places)
    yield from (r for r in corpus if r.get("type") != "placement")


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
