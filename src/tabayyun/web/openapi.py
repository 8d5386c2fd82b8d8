"""The API's OpenAPI description (served at /openapi.json), written out by hand: the API is
small and its query parameters are those of the store's filters. Every value the server
checks (page bounds, dates, booleans, enumerations, sorts) is declared here, so that a client
generated from the schema, or schemathesis, sends what the server accepts and expects a 400
for the rest."""

from __future__ import annotations

from typing import Any

from tabayyun.model import ClaimRole, EntityLabel, SourceKind
from tabayyun.store.base import SORTS
from tabayyun.web.views import FINDING_KINDS, MAX_LIMIT, MAX_OFFSET

Param = tuple[str, dict[str, Any], str]  # name, JSON schema, description


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [str(v.value) if hasattr(v, "value") else str(v) for v in values]}


DATE = {"type": "string", "format": "date"}
BOOLEAN = {"type": "boolean"}
PAGING: list[Param] = [
    ("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}, f"rows per page (1-{MAX_LIMIT}, default 50)"),
    ("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}, "rows to skip")]
CLAIM_PARAMS: list[Param] = [
    ("story", {"type": "string"}, "story id (S001): claims placed in that story"),
    ("outlet", {"type": "string"}, "the outlet that published the claim"),
    ("measure", {"type": "string"}, "killed, injured, …"),
    ("role", _enum(ClaimRole), "total, group, share, …"),
    ("claimant", {"type": "string"}, "the claimant as written"),
    ("claimant_id", {"type": "string"}, "one source across articles"),
    ("claimant_kind", _enum(SourceKind), "outlet, official, organization, …"),
    ("hedged", BOOLEAN, "only hedged (true) or unhedged (false) claims"),
    ("date_from", DATE, "YYYY-MM-DD, the day counted, inclusive"), ("date_to", DATE, "YYYY-MM-DD"),
    ("doc_id", {"type": "string"}, "one document"),
    ("sort", _enum(SORTS["claims"]), "a column; a leading - sorts descending (default -as_of)"),
    *PAGING]
EVENT_PARAMS: list[Param] = [
    ("outlet", {"type": "string"}, ""), ("event_type", {"type": "string"}, "ACLED event type"),
    ("sub_event_type", {"type": "string"}, ""), ("location_id", {"type": "string"}, ""),
    ("date_from", DATE, "YYYY-MM-DD"), ("date_to", DATE, "YYYY-MM-DD"),
    ("doc_id", {"type": "string"}, ""), ("geocoded", BOOLEAN, ""),
    ("sort", _enum(SORTS["events"]), "default doc"), *PAGING]
MENTION_PARAMS: list[Param] = [
    ("outlet", {"type": "string"}, ""), ("entity_id", {"type": "string"}, ""),
    ("label", _enum(EntityLabel), "PER, ORG, LOC, …"), ("origin", {"type": "string"}, "kb, ner, rule, gazetteer"),
    ("doc_id", {"type": "string"}, ""), ("geocoded", BOOLEAN, ""),
    ("sort", _enum(SORTS["mentions"]), "default doc"), *PAGING]
FINDING_PARAMS: list[Param] = [
    ("story_id", {"type": "string"}, ""), ("incident_id", {"type": "string"}, ""),
    ("measure", {"type": "string"}, ""), ("kind", _enum(FINDING_KINDS), ""), *PAGING]

CORRECTION_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["target", "key", "action", "author"],
    "properties": {
        "target": {"type": "string", "enum": ["claim", "event", "finding", "story"]},
        "key": {"type": "string", "description": "the record's `key` field; for a story merge DOC_A|DOC_B, for a "
                                                 "split the ids of the documents that leave, joined by |"},
        "action": {"type": "string", "enum": ["wrong", "fix", "merge", "split"]},
        "changes": {"type": "object", "description": "a fix's new values (claimant, measure, low, high, …)"},
        "author": {"type": "string"}, "note": {"type": "string"}}}

# path -> (summary, query parameters, path parameter or None)
ENDPOINTS: dict[str, tuple[str, list[Param], str | None]] = {
    "/api/documents": ("Documents (metadata, no text), in doc_id order",
                       [("outlet", {"type": "string"}, ""), *PAGING], None),
    "/api/documents/{doc_id}": ("One document: its text and every record of its layers (export shape)", [],
                                "doc_id"),
    "/api/mentions": ("Entity mentions (export records)", MENTION_PARAMS, None),
    "/api/claims": ("Numeric claims with claimant, via, incident, story and original source", CLAIM_PARAMS, None),
    "/api/events": ("Article events with their incident", EVENT_PARAMS, None),
    "/api/findings": ("Cross-outlet findings with their reasoning and estimate", FINDING_PARAMS, None),
    "/api/incidents": ("Incidents (one real-world event across outlets)",
                       [("story_id", {"type": "string"}, ""), *PAGING], None),
    "/api/stories": ("Stories, the largest first", PAGING, None),
    "/api/search": ("Documents whose text holds the query in any spelling (hamza, alef maqsura, ta marbuta, "
                    "diacritics), with matches in original offsets",
                    [("q", {"type": "string", "maxLength": 200}, "the query (at most 200 characters)"), *PAGING],
                    None),
    "/api/stories/{story_id}": ("One story: a page of its documents (limit, offset; no texts, with documents_total), "
                                "a page of its incidents, the most reported first (incident_limit, incident_offset, "
                                "with incidents_total) with their estimates and timelines, and the first "
                                "findings_limit findings of each kind (findings_total: how many of each kind; "
                                "/api/findings?story_id= lists them all)",
                                [*PAGING, ("incident_limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                                           f"incidents per page (1-{MAX_LIMIT}, default 50)"),
                                 ("incident_offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
                                  "incidents to skip")],
                                "story_id"),
    "/api/corrections": ("The analysts' corrections, oldest first", [], None),
}

ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}


def openapi_document(version: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, (summary, params, path_param) in ENDPOINTS.items():
        parameters = [{"name": name, "in": "query", "required": False, "description": doc, "schema": schema}
                      for name, schema, doc in params]
        if path_param:
            parameters.insert(0, {"name": path_param, "in": "path", "required": True, "schema": {"type": "string"}})
        paths[path] = {"get": {"summary": summary, "parameters": parameters, "responses": {
            "200": {"description": "JSON; lists are {total, limit, offset, items}",
                    "content": {"application/json": {"schema": {"type": "object"}}}},
            "400": {"description": "a query parameter is wrong",
                    "content": {"application/json": {"schema": ERROR}}},
            "404": {"description": "no such record", "content": {"application/json": {"schema": ERROR}}}}}}
    paths["/api/exports/acled.csv"] = {"get": {
        "summary": "ACLED-style CSV: ACLED's columns in ACLED's order, one row per incident (as `tabayyun export "
                   "--format csv`)",
        "parameters": [{"name": "excel", "in": "query", "required": False, "schema": {"type": "boolean"},
                        "description": "begin with a UTF-8 byte order mark, so that Excel reads Arabic as UTF-8"}],
        "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                      "400": {"description": "a query parameter is wrong: {error}"}}}}
    paths["/api/exports/layers.geojson"] = {"get": {
        "summary": "GeoJSON FeatureCollection; each feature's `layer` is incidents, events or places (as `tabayyun "
                   "export --format geojson`)",
        "parameters": [],
        "responses": {"200": {"description": "GeoJSON",
                              "content": {"application/geo+json": {"schema": {"type": "object"}}}}}}}
    paths["/api/corrections"] = {
        "get": {"summary": "Every analysts' correction, oldest first", "parameters": [],
                "responses": {"200": {"description": "{items: [correction]}",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}}},
        "post": {"summary": "Store a correction: mark a claim, event or finding wrong, fix its fields, merge two "
                            "stories (key DOC_A|DOC_B) or split documents off into a new story (action split, key: "
                            "the documents that leave, DOC_A|DOC_B|…). Needs the token when the server has one.",
                 "requestBody": {"required": True, "content": {"application/json": {"schema": CORRECTION_SCHEMA}}},
                 "responses": {"201": {"description": "the stored correction, with its id and time",
                                       "content": {"application/json": {"schema": {"type": "object"}}}},
                               "400": {"description": "the correction cannot be stored as given: {error}"},
                               "401": {"description": "the token is missing or wrong"}}}}
    paths["/api/corrections/{correction_id}"] = {"delete": {
        "summary": "Withdraw a correction",
        "parameters": [{"name": "correction_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "{deleted: id}",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      "400": {"description": "the id is not a number"}, "401": {"description": "the token is missing or wrong"},
                      "404": {"description": "no such correction"}}}}
    return {"openapi": "3.1.0",
            "info": {"title": "tabayyun", "version": version,
                     "description": "Sourced, offset-exact analysis of Arabic crisis news. Every span record has "
                                    "doc_id, start, end and text == the document's text[start:end]."},
            "paths": paths}
