"""The cross-outlet records in plain columns: which rows of which table each record gives.

``corpus_records`` keeps every record whole, as JSON in the shape of the export. The tables
here repeat the fields people filter, sort and join on, one column each, so that SQL, pandas
and datasette users need no ``json_extract``, and so that the web app asks for the records of
one story, the placements of one page of claims, the framing and text reuse of one outlet or
the framing profile of one actor through an index instead of reading every record. They are
written with the records, in the same transaction (``SQLStore``), and are rebuilt from
``corpus_records`` by the migration that creates them. A table row keeps the id of its record
(``record_id``, a finding's ``finding_id``: ``corpus_records.id``), which a rebuild of the
records renews; a finding's ``key`` (``tabayyun.corrections.finding_key``) survives it.

Each function takes a record and its id and gives (table, row) pairs, or nothing for a record
that lacks what the table needs (a hand-made record in a test, a kind added later).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from tabayyun.corrections import finding_key
from tabayyun.store.schema import RECORD_TABLES_MIGRATION, column_list

Row = tuple[Any, ...]

# the columns of each table, in order (the migrations create them in this order on both backends)
TABLES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "stories": ("record_id", "story_id", "title", "first_date", "last_date", "documents", "incidents", "outlets",
                "claims", "findings", "contradictions"),
    "story_documents": ("story_id", "doc_id"),
    "incidents": ("record_id", "incident_id", "story_id", "event_type", "sub_event_type", "date", "location",
                  "location_id", "lat", "lon", "geo_precision", "fatalities", "documents", "actors"),
    "incident_events": ("incident_id", "doc_id", "start", "end"),
    "findings": ("finding_id", "kind", "measure", "incident_id", "story_id", "independent", "sources", "best",
                 "low", "high", "reasoning", "key"),
    "finding_claims": ("finding_id", "doc_id", "start", "end", "low", "high", "unit", "claimant", "source", "role",
                       "date", "as_of"),
    "estimates": ("record_id", "incident_id", "measure", "unit", "acled_figure", "best", "low", "high"),
    "timelines": ("record_id", "incident_id", "measure", "entries"),
    "claim_placements": ("record_id", "doc_id", "start", "end", "measure", "incident_id", "story_id", "source"),
    "framings": ("record_id", "outlet", "entity_id", "name", "mentions", "neutral", "loaded_share"),
    "framing_profiles": ("record_id", "entity_id", "name", "outlets"),
    "reuse_pairs": ("record_id", "similarity", "shared_words", "passages"),
    "reuse_documents": ("record_id", "doc_id"),
})

# the table whose rows stand for the records of a kind, one row per record, and its id column;
# its story_id / incident_id / doc_id columns are what ``related_records`` looks records up by
RECORD_TABLE: Mapping[str, tuple[str, str]] = MappingProxyType({
    "story": ("stories", "record_id"), "incident": ("incidents", "record_id"),
    "finding": ("findings", "finding_id"), "estimate": ("estimates", "record_id"),
    "timeline": ("timelines", "record_id"), "placement": ("claim_placements", "record_id"),
    "framing": ("framings", "record_id"), "framing_profile": ("framing_profiles", "record_id"),
    "reuse": ("reuse_pairs", "record_id"),
})

# the tables each migration that creates record tables adds, by the end of its name: its Python
# step fills them (and only them: a later migration's tables do not exist yet) from the records
# stored before it
FILLED_BY: Mapping[str, tuple[str, ...]] = MappingProxyType({
    RECORD_TABLES_MIGRATION: ("stories", "story_documents", "incidents", "incident_events", "findings",
                           "finding_claims", "estimates", "timelines", "claim_placements"),
    "_framing_reuse_tables.sql": ("framings", "framing_profiles", "reuse_pairs", "reuse_documents"),
})

# a story's counts, from the other tables once every row is written
STORY_COUNTS = ("UPDATE stories SET "
                "claims = (SELECT COUNT(*) FROM claim_placements p WHERE p.story_id = stories.story_id), "
                "findings = (SELECT COUNT(*) FROM findings f WHERE f.story_id = stories.story_id), "
                "contradictions = (SELECT COUNT(*) FROM findings f WHERE f.story_id = stories.story_id "
                "AND f.kind = 'contradiction')")


def insert_sql(table: str) -> str:
    names = TABLES[table]
    return f"INSERT INTO {table} ({column_list(names)}) VALUES ({', '.join('?' for _ in names)})"


def _spans(items: Any) -> list[Mapping[str, Any]] | None:
    """The items of a list of spans (a finding's claims, an incident's events), or None when
    one of them lacks its document or offsets."""
    items = list(items or [])
    if all(isinstance(i, Mapping) and isinstance(i.get("doc_id"), str) and isinstance(i.get("start"), int)
           and isinstance(i.get("end"), int) for i in items):
        return items
    return None


def _listed(values: Any) -> str:
    """A list field as the layer tables keep one (``claims.via``): JSON text."""
    return json.dumps(list(values or []), ensure_ascii=False)


def _story(rid: int, r: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    sid = r.get("story_id")
    if not isinstance(sid, str):
        return
    doc_ids = list(dict.fromkeys(r.get("doc_ids") or []))
    yield "stories", (rid, sid, r.get("title"), r.get("first"), r.get("last"), len(doc_ids),
                      len(r.get("incident_ids") or []), _listed(r.get("outlets")), 0, 0, 0)
    for doc_id in doc_ids:
        yield "story_documents", (sid, doc_id)


def _incident(rid: int, r: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    iid = r.get("incident_id")
    events = _spans(r.get("events"))
    if not isinstance(iid, str) or events is None:
        return
    loc = r.get("location") or {}
    yield "incidents", (rid, iid, r.get("story_id"), r.get("event_type"), r.get("sub_event_type"), r.get("date"),
                        loc.get("text"), loc.get("id"), loc.get("lat"), loc.get("lon"), loc.get("precision"),
                        r.get("fatalities"), len(r.get("doc_ids") or []), _listed(r.get("actors")))
    for e in events:
        yield "incident_events", (iid, e["doc_id"], e["start"], e["end"])


def _finding(rid: int, r: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    claims = _spans(r.get("claims"))
    if not isinstance(r.get("kind"), str) or not isinstance(r.get("measure"), str) or claims is None:
        return
    estimate = r.get("estimate") or {}
    yield "findings", (rid, r["kind"], r["measure"], r.get("incident_id"), r.get("story_id"), r.get("independent"),
                       r.get("sources"), estimate.get("best"), estimate.get("low"), estimate.get("high"),
                       r.get("reasoning"), finding_key(r["kind"], r["measure"], claims))
    for c in claims:
        yield "finding_claims", (rid, c["doc_id"], c["start"], c["end"], c.get("low"), c.get("high"), c.get("unit"),
                                 c.get("claimant"), c.get("source"), c.get("role"), c.get("date"), c.get("as_of"))


def _estimate(rid: int, r: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    if not isinstance(r.get("incident_id"), str):
        return
    acled, ucdp = r.get("acled") or {}, r.get("ucdp") or {}
    yield "estimates", (rid, r["incident_id"], r.get("measure"), r.get("unit"), acled.get("figure"),
                        ucdp.get("best"), ucdp.get("low"), ucdp.get("high"))


def _timeline(rid: int, r: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    if not isinstance(r.get("incident_id"), str):
        return
    yield "timelines", (rid, r["incident_id"], r.get("measure"), len(r.get("entries") or []))


def _placement(rid: int, r: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    if _spans([r]) is None or not isinstance(r.get("measure"), str):
        return
    yield "claim_placements", (rid, r["doc_id"], r["start"], r["end"], r["measure"], r.get("incident_id"),
                               r.get("story_id"), r.get("source"))


def _framing(rid: int, r: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    if not isinstance(r.get("entity_id"), str):
        return
    yield "framings", (rid, r.get("outlet"), r["entity_id"], r.get("name"), r.get("mentions"), r.get("neutral"),
                       r.get("loaded_share"))


def _framing_profile(rid: int, r: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    if not isinstance(r.get("entity_id"), str):
        return
    yield "framing_profiles", (rid, r["entity_id"], r.get("name"), len(r.get("outlets") or {}))


def _reuse(rid: int, r: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    doc_ids = r.get("doc_ids")
    if not isinstance(doc_ids, list) or not all(isinstance(d, str) for d in doc_ids):
        return
    yield "reuse_pairs", (rid, r.get("similarity"), r.get("shared_words"), len(r.get("passages") or []))
    for doc_id in dict.fromkeys(doc_ids):
        yield "reuse_documents", (rid, doc_id)


ROWS: Mapping[str, Callable[[int, Mapping[str, Any]], Iterator[tuple[str, Row]]]] = MappingProxyType({
    "story": _story, "incident": _incident, "finding": _finding, "estimate": _estimate, "timeline": _timeline,
    "placement": _placement, "framing": _framing, "framing_profile": _framing_profile, "reuse": _reuse,
})


def table_rows(record_id: int, record: Mapping[str, Any]) -> Iterator[tuple[str, Row]]:
    """The (table, row) pairs of one record; none for a kind without tables."""
    make = ROWS.get(str(record.get("type")))
    if make is not None:
        yield from make(record_id, record)
