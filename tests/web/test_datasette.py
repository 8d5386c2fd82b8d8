"""datasette (the dev extra installs it; tabayyun does not need it) opens a store and shows its relational tables
as plain columns, as an analyst who knows datasette expects: the claims, events and mentions
tables, one column per field, with offsets that land on the document's characters; and the
cross-outlet records (stories, incidents, findings and the claims they compare, the story of
each document, each claim's placement, an outlet's framing, text reuse) in tables of their own,
which join on the claims. Skips when datasette is missing, except in CI (CI=true), whose dev
extra has it."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tabayyun.store import ClaimFilter, EventFilter, MentionFilter, open_store
from tabayyun.store.records import TABLES, table_rows

if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):  # a skip would hide a broken dev extra
    import datasette.app as datasette_app
else:
    datasette_app = pytest.importorskip("datasette.app")

COLUMNS: dict[str, tuple[set[str], ClaimFilter | EventFilter | MentionFilter]] = {
    "claims": ({"doc_id", "outlet", "published", "start", "end", "text", "measure", "unit", "low", "high",
                "claimant", "claimant_kind", "via", "date", "hedged", "role", "as_of"}, ClaimFilter()),
    "events": ({"doc_id", "outlet", "start", "end", "text", "event_type", "sub_event_type", "date", "location",
                "lat", "lon"}, EventFilter()),
    "mentions": ({"doc_id", "outlet", "start", "end", "text", "label", "entity_id", "lat", "lon"},
                 MentionFilter()),
}


def _rows(db: str, table: str) -> list[dict[str, Any]]:
    """Every row of a table, as datasette's JSON API answers them."""
    async def fetch() -> list[dict[str, Any]]:
        ds = datasette_app.Datasette([db])
        rows: list[dict[str, Any]] = []
        path: str | None = f"/{Path(db).stem}/{table}.json?_shape=objects&_size=max"
        while path:
            response = await ds.client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            page = response.json()
            rows.extend(page["rows"])
            path = page.get("next_url")
        return rows

    # in a thread of its own: the browser tests' Playwright keeps an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, fetch()).result()


@pytest.mark.parametrize("table", list(COLUMNS))
def test_datasette_shows_a_relational_table_in_plain_columns(sample_db: str, table: str) -> None:
    wanted, everything = COLUMNS[table]
    rows = _rows(sample_db, table)
    with open_store(sample_db) as store:
        assert len(rows) == store.count(everything) > 0
        texts = {d.doc_id: d.text for d in store.documents()}
    assert wanted <= set(rows[0]), wanted - set(rows[0])
    for r in rows:  # plain values, not JSON documents; offsets into the original text
        assert isinstance(r["start"], int) and isinstance(r["text"], str)
        assert texts[r["doc_id"]][r["start"]:r["end"]] == r["text"]


RECORD_TABLES = ("stories", "story_documents", "incidents", "findings", "finding_claims", "claim_placements", "framings",
                 "framing_profiles", "reuse_pairs", "reuse_documents")


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_datasette_shows_the_cross_outlet_records_in_plain_columns(sample_db: str, table: str) -> None:
    rows = _rows(sample_db, table)
    with open_store(sample_db) as store:
        expected = [row for i, r in enumerate(store.stream_corpus_records())
                    for t, row in table_rows(i, r) if t == table]
        claims = {(f.doc_id, f.span.start, f.span.end, f.span.measure) for f in store.claims()}
        docs = {d.doc_id for d in store.documents()}
    assert len(rows) == len(expected) > 0
    assert [c for c in rows[0] if c != "rowid"] == list(TABLES[table])  # rowid: datasette's, for a table without a key
    for r in rows:  # numbers and text, never a JSON object to open (lists are JSON text, as claims.via)
        assert not any(isinstance(v, dict | list) or (isinstance(v, str) and v.startswith("{")) for v in r.values())
        if "doc_id" in r:
            assert r["doc_id"] in docs
    if table == "claim_placements":  # each placement joins its claim on (doc_id, start, end, measure)
        assert {(r["doc_id"], r["start"], r["end"], r["measure"]) for r in rows} <= claims
    if table == "finding_claims":
        assert {(r["doc_id"], r["start"], r["end"]) for r in rows} <= {c[:3] for c in claims}
