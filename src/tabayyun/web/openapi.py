"""The API's OpenAPI description (served at /openapi.json), written out by hand: the API is
small and its query parameters are those of the store's filters."""

from __future__ import annotations

from typing import Any

PAGING = [("limit", "integer", "rows per page (1-500, default 50)"), ("offset", "integer", "rows to skip")]
CLAIM_PARAMS = [
    ("story", "string", "story id (S001): claims placed in that story"),
    ("outlet", "string", "the outlet that published the claim"), ("measure", "string", "killed, injured, …"),
    ("role", "string", "total, group, share, …"), ("claimant", "string", "the claimant as written"),
    ("claimant_id", "string", "one source across articles"),
    ("claimant_kind", "string", "outlet, official, organization, witness, anonymous, …"),
    ("hedged", "boolean", "only hedged (true) or unhedged (false) claims"),
    ("date_from", "string", "YYYY-MM-DD, the day counted, inclusive"), ("date_to", "string", "YYYY-MM-DD"),
    ("doc_id", "string", "one document"), ("sort", "string", "doc, date, -date, as_of, -as_of, outlet, measure, …"),
    *PAGING]
EVENT_PARAMS = [("outlet", "string", ""), ("event_type", "string", "ACLED event type"),
                ("sub_event_type", "string", ""), ("location_id", "string", ""),
                ("date_from", "string", "YYYY-MM-DD"), ("date_to", "string", "YYYY-MM-DD"),
                ("doc_id", "string", ""), ("geocoded", "boolean", ""), ("sort", "string", "doc, date, -date, …"),
                *PAGING]
MENTION_PARAMS = [("outlet", "string", ""), ("entity_id", "string", ""), ("label", "string", "PER, ORG, LOC, …"),
                  ("origin", "string", "kb, ner, rule, gazetteer"), ("doc_id", "string", ""),
                  ("geocoded", "boolean", ""), ("sort", "string", "doc, outlet, entity_id, label"), *PAGING]
FINDING_PARAMS = [("story_id", "string", ""), ("incident_id", "string", ""), ("measure", "string", ""),
                  ("kind", "string", "contradiction, corroboration, progression, update, unit_mismatch, "
                                     "single_source"), *PAGING]

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
ENDPOINTS: dict[str, tuple[str, list[tuple[str, str, str]], str | None]] = {
    "/api/documents": ("Documents (metadata, no text), in doc_id order", [("outlet", "string", ""), *PAGING], None),
    "/api/documents/{doc_id}": ("One document: its text and every record of its layers (export shape)", [],
                                "doc_id"),
    "/api/mentions": ("Entity mentions (export records)", MENTION_PARAMS, None),
    "/api/claims": ("Numeric claims with claimant, via, incident, story and original source", CLAIM_PARAMS, None),
    "/api/events": ("Article events with their incident", EVENT_PARAMS, None),
    "/api/findings": ("Cross-outlet findings with their reasoning and estimate", FINDING_PARAMS, None),
    "/api/incidents": ("Incidents (one real-world event across outlets)", [("story_id", "string", ""), *PAGING],
                       None),
    "/api/stories": ("Stories, the largest first", PAGING, None),
    "/api/search": ("Documents whose text holds the query in any spelling (hamza, alef maqsura, ta marbuta, "
                    "diacritics), with matches in original offsets", [("q", "string", "the query"), *PAGING], None),
    "/api/stories/{story_id}": ("One story with its incidents, findings, estimates and timelines", [],
                                "story_id"),
}


def openapi_document(version: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, (summary, params, path_param) in ENDPOINTS.items():
        parameters = [{"name": name, "in": "query", "required": False, "description": doc,
                       "schema": {"type": kind}} for name, kind, doc in params]
        if path_param:
            parameters.insert(0, {"name": path_param, "in": "path", "required": True, "schema": {"type": "string"}})
        paths[path] = {"get": {"summary": summary, "parameters": parameters, "responses": {
            "200": {"description": "JSON; lists are {total, limit, offset, items}",
                    "content": {"application/json": {"schema": {"type": "object"}}}},
            "400": {"description": "a query parameter is wrong: {error}"},
            "404": {"description": "no such record: {error}"}}}}
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
