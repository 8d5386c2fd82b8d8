"""The cross-outlet records in plain columns (store.records): every story, incident, finding,
estimate, timeline and claim placement also lands in a table of its own, written with the
records in the same transaction, rebuilt with them, filled by the migration for the records
stored before; the web app's queries read them through their indexes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tabayyun.corrections import finding_key
from tabayyun.model import AnalyzedDoc, Claim, Document, make_span
from tabayyun.pipeline import Outcome
from tabayyun.store import ClaimFilter, Page, Store, StoreError, open_store
from tabayyun.store.records import FILLED_BY, STORY_COUNTS, TABLES, insert_sql, table_rows
from tabayyun.store.schema import RECORD_TABLES_MIGRATION, migration_files
from tabayyun.store.sql import SQLStore
from tabayyun.store.sqlite import SQLiteStore

from .conftest import store_before

TEXT = "قال مسؤول إن 12 شخصا قتلوا في قصف على البلدة، وقالت وكالة إن 15 قتلوا.\n"

# records in the shapes tabayyun.analysis.corpus writes (two stories, one incident each)
STORY_1: dict[str, Any] = {"type": "story", "story_id": "S001", "title": "قصف البلدة", "doc_ids": ["a", "b"],
           "incident_ids": ["I001"], "first": "2024-03-01", "last": "2024-03-02", "outlets": ["وكالة", "مرصد"]}
STORY_2: dict[str, Any] = {"type": "story", "story_id": "S002", "title": None, "doc_ids": ["c"], "incident_ids": ["I002"],
           "first": None, "last": None, "outlets": []}
INCIDENT_1: dict[str, Any] = {"type": "incident", "incident_id": "I001", "story_id": "S001", "event_type": "Explosions/Remote violence",
              "sub_event_type": "Shelling/artillery/missile attack",
              "location": {"text": "البلدة", "id": "geo:x", "lat": 36.2, "lon": 37.1, "precision": "town"},
              "date": "2024-03-01", "doc_ids": ["a", "b"], "actors": ["org:جيش"], "fatalities": 12,
              "events": [{"doc_id": "a", "start": 33, "end": 36, "text": "قصف", "event_type": "x",
                          "sub_event_type": "y", "date": None, "support": [[33, 36]]}]}
INCIDENT_2: dict[str, Any] = {"type": "incident", "incident_id": "I002", "story_id": "S002", "event_type": "Battles",
              "sub_event_type": "Armed clash", "location": {}, "date": None, "doc_ids": ["c"], "actors": [],
              "fatalities": None, "events": []}
CLAIMS: list[dict[str, Any]] = [{"doc_id": "a", "low": 12.0, "high": 12.0, "unit": "persons", "claimant": "مسؤول", "source": "anon:a",
           "start": 13, "end": 24, "text": "12 شخصا قتلوا", "role": "total", "date": "2024-03-01",
           "as_of": "2024-03-01"},
          {"doc_id": "b", "low": 15.0, "high": 15.0, "unit": "persons", "claimant": "وكالة", "source": "outlet:b",
           "start": 60, "end": 69, "text": "15 قتلوا", "role": "total", "date": None, "as_of": "2024-03-02"}]
FINDING: dict[str, Any] = {"type": "finding", "kind": "contradiction", "measure": "killed", "incident_id": "I001", "story_id": "S001",
           "independent": True, "sources": 2, "reasoning": "12 vs 15", "estimate": {"best": 13.5, "low": 12.0,
                                                                                     "high": 15.0},
           "claims": CLAIMS}
ESTIMATE: dict[str, Any] = {"type": "estimate", "incident_id": "I001", "measure": "killed", "unit": "persons",
            "acled": {"figure": 12.0, "reasoning": "lowest"}, "ucdp": {"best": 13.5, "low": 12.0, "high": 15.0,
                                                                       "reasoning": "median"}}
TIMELINE: dict[str, Any] = {"type": "timeline", "incident_id": "I001", "measure": "killed", "entries": [CLAIMS[0], CLAIMS[1]]}
PLACEMENTS: list[dict[str, Any]] = [{"type": "placement", "doc_id": "a", "start": 13, "end": 24, "measure": "killed", "incident_id": "I001",
               "story_id": "S001", "source": "anon:a"},
              {"type": "placement", "doc_id": "b", "start": 60, "end": 69, "measure": "killed", "incident_id": "I001",
               "story_id": "S001", "source": "outlet:b"},
              {"type": "placement", "doc_id": "c", "start": 0, "end": 3, "measure": "injured", "incident_id": None,
               "story_id": "S002", "source": "outlet:c"}]
REUSE: dict[str, Any] = {"type": "reuse", "doc_ids": ["a", "b"], "similarity": 0.9}
FRAMING: dict[str, Any] = {"type": "framing", "outlet": "وكالة", "entity_id": "org:جيش", "name": "الجيش",
                           "designations": {"قوات الاحتلال": 2}, "stances": {}, "neutral": 1, "mentions": 3,
                           "loaded_share": 0.667, "doc_ids": ["a", "b"]}
PROFILE: dict[str, Any] = {"type": "framing_profile", "entity_id": "org:جيش", "name": "الجيش",
                           "outlets": {"وكالة": {"designations": {}, "neutral": 1, "mentions": 3},
                                       "مرصد": {"designations": {}, "neutral": 2, "mentions": 2}}}
RECORDS: list[dict[str, Any]] = [STORY_1, STORY_2, INCIDENT_1, INCIDENT_2, FINDING, ESTIMATE, TIMELINE, *PLACEMENTS,
                                 REUSE, FRAMING, PROFILE]


def _sql(store: Store) -> SQLStore:
    assert isinstance(store, SQLStore)
    return store


def _table(store: Store, table: str) -> list[tuple[Any, ...]]:
    """A table's rows as an analyst's SQL reads them (plain values, no JSON to open)."""
    return [tuple(r) for r in _sql(store)._rows(f"SELECT * FROM {table} ORDER BY 1, 2")]


def test_record_tables_have_the_same_columns_on_both_backends_in_the_declared_order(store_target: str) -> None:
    with open_store(store_target) as store:
        for table, columns in TABLES.items():
            assert store.columns(table) == list(columns), table


def test_record_tables_hold_each_record_in_plain_columns(store_target: str) -> None:
    with open_store(store_target) as store:
        store.replace_corpus_records(RECORDS)
        ids = {r["type"] + str(r.get("story_id") or r.get("incident_id") or r.get("doc_id")): i
               for i, r in zip([int(x[0]) for x in _table(store, "corpus_records")],
                               RECORDS, strict=True)}
        finding_id = ids["findingS001"]
        assert _table(store, "stories") == [
            (ids["storyS001"], "S001", "قصف البلدة", "2024-03-01", "2024-03-02", 2, 1, '["وكالة", "مرصد"]', 2, 1, 1),
            (ids["storyS002"], "S002", None, None, None, 1, 1, "[]", 1, 0, 0)]
        assert sorted(_table(store, "story_documents")) == [("S001", "a"), ("S001", "b"), ("S002", "c")]
        [incident, _] = _table(store, "incidents")
        assert incident == (ids["incidentS001"], "I001", "S001", "Explosions/Remote violence",
                            "Shelling/artillery/missile attack", "2024-03-01", "البلدة", "geo:x", 36.2, 37.1, "town", 12,
                            2, '["org:جيش"]')
        assert _table(store, "incident_events") == [("I001", "a", 33, 36)]
        [finding] = _table(store, "findings")
        assert finding == (finding_id, "contradiction", "killed", "I001", "S001", True, 2, 13.5, 12.0, 15.0,
                           "12 vs 15", finding_key("contradiction", "killed", CLAIMS))
        assert _table(store, "finding_claims") == [
            (finding_id, "a", 13, 24, 12.0, 12.0, "persons", "مسؤول", "anon:a", "total", "2024-03-01", "2024-03-01"),
            (finding_id, "b", 60, 69, 15.0, 15.0, "persons", "وكالة", "outlet:b", "total", None, "2024-03-02")]
        assert _table(store, "estimates") == [(ids["estimateI001"], "I001", "killed", "persons", 12.0, 13.5, 12.0,
                                               15.0)]
        assert _table(store, "timelines") == [(ids["timelineI001"], "I001", "killed", 2)]
        assert [r[1:] for r in _table(store, "claim_placements")] == [
            ("a", 13, 24, "killed", "I001", "S001", "anon:a"), ("b", 60, 69, "killed", "I001", "S001", "outlet:b"),
            ("c", 0, 3, "injured", None, "S002", "outlet:c")]
        assert _table(store, "framings") == [(ids["framingNone"], "وكالة", "org:جيش", "الجيش", 3, 1, 0.667)]
        assert _table(store, "framing_profiles") == [(ids["framing_profileNone"], "org:جيش", "الجيش", 2)]
        assert _table(store, "reuse_pairs") == [(ids["reuseNone"], 0.9, None, 0)]
        assert _table(store, "reuse_documents") == [(ids["reuseNone"], "a"), (ids["reuseNone"], "b")]


def test_record_tables_are_rebuilt_with_the_records_and_ids_never_reused(store_target: str) -> None:
    with open_store(store_target) as store:
        store.replace_corpus_records(RECORDS)
        first = {r[0] for r in _table(store, "corpus_records")}
        store.replace_corpus_records([STORY_2, PLACEMENTS[2]])
        assert [r[1] for r in _table(store, "stories")] == ["S002"]
        assert [r[1:] for r in _table(store, "claim_placements")] == [("c", 0, 3, "injured", None, "S002", "outlet:c")]
        assert _table(store, "findings") == _table(store, "finding_claims") == _table(store, "incidents") == []
        assert not first & {r[0] for r in _table(store, "corpus_records")}
        # a record inserted without an id (by SQL of an analyst, or another writer) takes a fresh one
        sql = _sql(store)
        sql._transact((), lambda: sql._execute("INSERT INTO corpus_records(kind, data) VALUES ('note', '{}')"))
        assert len({r[0] for r in _table(store, "corpus_records")}) == 3


def test_record_tables_skip_what_a_record_lacks_but_keep_the_record(store_target: str) -> None:
    odd: list[dict[str, Any]] = [{"type": "story"}, {"type": "finding", "kind": "contradiction", "claims": [{"doc_id": "a"}]},
           {"type": "placement", "doc_id": "a"}, {"type": "incident", "incident_id": "I9", "events": [{"x": 1}]},
           {"type": "timeline", "incident_id": "I9"}]
    with open_store(store_target) as store:
        assert store.replace_corpus_records(odd) == 5
        assert store.corpus_records() == odd
        assert all(_table(store, t) == [] for t in TABLES if t != "timelines")
        assert [r[1:] for r in _table(store, "timelines")] == [("I9", None, 0)]


def test_related_records_are_looked_up_by_story_incident_document_and_key(store_target: str) -> None:
    with open_store(store_target) as store:
        store.replace_corpus_records(RECORDS)
        assert store.related_records("story", story_ids=["S002"]) == [STORY_2]
        assert store.related_records("story", doc_ids=["b", "c"]) == [STORY_1, STORY_2]
        assert store.related_records("story", incident_ids=["I002"]) == [STORY_2]
        assert store.related_records("incident", incident_ids=["I001", "I404"]) == [INCIDENT_1]
        assert store.related_records("finding", story_ids=["S001"], incident_ids=["I001"]) == [FINDING]
        assert store.related_records("finding", keys=[finding_key("contradiction", "killed", CLAIMS)]) == [FINDING]
        assert store.related_records("estimate", incident_ids=["I001"]) == [ESTIMATE]
        assert store.related_records("timeline", incident_ids=["I002"]) == []
        assert store.related_records("placement", story_ids=["S001"]) == PLACEMENTS[:2]
        assert store.related_records("placement", doc_ids=["c"]) == PLACEMENTS[2:]
        # an incident by the documents of its events (what a story split regroups)
        assert store.related_records("incident", doc_ids=["a", "b", "z"]) == [INCIDENT_1]
        assert store.related_records("incident", doc_ids=["c"]) == []  # I002 merges no event
        assert store.related_records("incident") == []  # nothing asked for, nothing read
        assert store.related_records("reuse", doc_ids=["b", "z"]) == [REUSE]
        with pytest.raises(StoreError, match="no table for 'note'"):
            store.related_records("note", doc_ids=["a"])
        with pytest.raises(StoreError, match="not looked up by doc_id"):
            store.related_records("estimate", doc_ids=["a"])


def test_an_incremental_run_reads_only_the_records_of_its_part(store_target: str) -> None:
    """What ``analysis.incremental`` reads instead of every record: the members of the stories
    and incidents holding some documents, every story and incident id (for the next numbers),
    and the records of a part with their row ids (to replace them)."""
    with open_store(store_target) as store:
        store.replace_corpus_records(RECORDS)
        # an incident holds the documents of its events (an incident's doc_ids are those)
        assert sorted(store.group_members(["b", "z"])) == [("story", "S001", "a"), ("story", "S001", "b")]
        assert sorted(store.group_members(["a"])) == [("incident", "I001", "a"), ("story", "S001", "a"),
                                                      ("story", "S001", "b")]
        assert store.group_members(["z"]) == []
        assert store.group_ids() == (["S001", "S002"], ["I001", "I002"])
        rows = store.related_record_rows("placement", incident_ids=["I001"], doc_ids=["c"])
        assert [rec for _, rec in rows] == PLACEMENTS
        assert [row for row, _ in rows] == sorted({row for row, _ in rows})
        assert [rec for _, rec in store.related_record_rows("framing", entity_ids=["org:جيش", "org:x"])] == [FRAMING]
        assert [rec for _, rec in store.related_record_rows("framing_profile", entity_ids=["org:جيش"])] == [PROFILE]
        assert [rec for _, rec in store.related_record_rows("reuse", doc_ids=["a"])] == [REUSE]
        # the ids are those the records are removed by
        (row, _), = store.related_record_rows("story", story_ids=["S002"])
        state = store.corpus_state()
        assert store.update_corpus_records([row], [], state.documents_version, [], state.records_version or 0) \
            == len(RECORDS) - 1
        assert store.related_records("story", story_ids=["S002"]) == []


def test_stories_by_size_sorts_and_counts_in_the_store(store_target: str) -> None:
    small_recent = {**STORY_2, "story_id": "S003", "doc_ids": ["d"], "last": "2024-05-01"}
    with open_store(store_target) as store:
        store.replace_corpus_records([STORY_2, small_recent, *RECORDS[2:], STORY_1])
        ranked = store.stories_by_size()
        assert [s["story_id"] for s in ranked] == ["S001", "S002", "S003"]  # S002 has a placed claim, S003 none
        assert ranked[0] == {**STORY_1, "claims": 2, "findings": 1, "contradictions": 1}
        assert [s["story_id"] for s in store.stories_by_size(limit=1, offset=1)] == ["S002"]
        assert [s["story_id"] for s in store.stories_by_size(offset=2)] == ["S003"]


def _store_with_claims(store: Store) -> None:
    """Documents a and b, each with the claim the placements above name."""
    outcomes = []
    for doc_id, start, end, day in (("a", 13, 24, 1), ("b", 60, 69, 2)):
        claim = make_span(Claim, TEXT, start, end, measure="killed", as_of=date(2024, 3, day))
        doc = AnalyzedDoc(Document(doc_id, TEXT + doc_id, outlet="وكالة")).with_layer("claims", [claim])
        outcomes.append(Outcome(doc))
    store.save_many(outcomes)


def test_claims_query_keeps_the_claims_placed_in_the_stories_asked_for(store_target: str) -> None:
    with open_store(store_target) as store:
        _store_with_claims(store)
        store.replace_corpus_records(RECORDS)
        where = ClaimFilter(story_ids=("S001",))
        assert [f.doc_id for f in store.claims(where, Page(sort="-as_of"))] == ["b", "a"]
        assert store.count(where) == 2
        assert [f.doc_id for f in store.claims(ClaimFilter(story_ids=("S001",), outlet="nowhere"))] == []
        assert store.count(ClaimFilter(story_ids=("S002",))) == 0  # its placement names no stored claim
        assert store.count(ClaimFilter(story_ids=())) == 0
        # a regrouped story's claims: the placed claims of its documents, whatever story placed them
        assert [f.doc_id for f in store.claims(ClaimFilter(placed_doc_ids=("b", "z")))] == ["b"]
        assert store.count(ClaimFilter(placed_doc_ids=("a", "b"), outlet="nowhere")) == 0
        assert store.count(ClaimFilter(placed_doc_ids=())) == 0
        assert store.claim_placements(["a", "z"]) == {("a", 13, 24, "killed"): {
            "incident_id": "I001", "story_id": "S001", "source": "anon:a"}}
        assert store.event_incidents(["a", "b"]) == {("a", 33): "I001"}


def test_sqlite_reads_a_story_and_a_page_through_indexes(tmp_path: Path) -> None:
    """The web app's queries search an index; none scans a record table or sorts every claim."""
    with SQLiteStore(tmp_path / "t.db") as store:
        plans = {
            "story claims": "SELECT id FROM claims WHERE id IN (SELECT c.id FROM claim_placements p JOIN claims c "
                            "ON c.doc_id = p.doc_id AND c.start = p.start AND c.\"end\" = p.\"end\" AND "
                            "c.measure = p.measure WHERE p.story_id IN (?)) ORDER BY as_of DESC NULLS LAST, doc_id, id",
            "placements": 'SELECT * FROM claim_placements WHERE doc_id IN (?, ?)',
            "story": "SELECT record_id FROM stories WHERE story_id IN (?)",
            "regrouped story claims": "SELECT id FROM claims WHERE id IN (SELECT c.id FROM claim_placements p "
                                      "JOIN claims c ON c.doc_id = p.doc_id AND c.start = p.start AND "
                                      "c.\"end\" = p.\"end\" AND c.measure = p.measure WHERE p.doc_id IN (?, ?) "
                                      "AND p.story_id IS NOT NULL)",
            "incidents of documents": "SELECT DISTINCT i.record_id FROM incidents i JOIN incident_events e "
                                      "ON e.incident_id = i.incident_id WHERE e.doc_id IN (?, ?)",
            "findings": "SELECT finding_id FROM findings WHERE incident_id IN (?)",
            "latest claims": "SELECT id FROM claims ORDER BY as_of DESC NULLS LAST, doc_id, id LIMIT 50",
        }
        for name, sql in plans.items():
            plan = " | ".join(str(r[3]) for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                                    ["x"] * sql.count("?")))
            assert "SCAN claim_placements" not in plan and "SCAN stories" not in plan, (name, plan)
            assert "SCAN findings" not in plan and "SCAN claims USING INDEX claims_measure" not in plan, (name, plan)
            assert "SCAN incidents" not in plan and "SCAN incident_events" not in plan, (name, plan)
            if name == "story claims":  # each placement finds its claim by the whole key, not by its measure
                assert "SEARCH c USING COVERING INDEX claims_key (doc_id=? AND start=? AND end=? AND measure=?)" in plan
            if name == "latest claims":  # the page's rows come in order from the index, none sorted whole
                assert "SCAN claims USING INDEX claims_as_of" in plan and "TEMP B-TREE FOR ORDER BY" not in plan


# --- the migration fills the tables from the records stored before it ----------------------------

def _before_record_tables(target: str, records: list[dict[str, Any]],
                          migration: str = RECORD_TABLES_MIGRATION) -> None:
    """A store as the release before ``migration`` left it, holding ``records``, with the rows
    that release wrote of them in the record tables it had."""
    rows = [(i + 1, r["type"], json.dumps(r, ensure_ascii=False)) for i, r in enumerate(records)]
    with store_before(target, migration) as (backend, previous, run):
        had = [t for suffix, tables in FILLED_BY.items() if any(n.endswith(suffix) for n, _ in previous)
               for t in tables]
        for row in rows:
            run("INSERT INTO corpus_records(id, kind, data) VALUES (?, ?, ?)", row)
        if backend == "postgresql":  # rows with ids given: the sequence goes on after them
            run("SELECT setval(pg_get_serial_sequence('corpus_records', 'id'), ?)", (len(rows),))
        for i, r in enumerate(records):
            for table, row in table_rows(i + 1, r):
                if table in had:
                    run(insert_sql(table), row)
        if "stories" in had:
            run(STORY_COUNTS)


def test_migration_fills_the_record_tables_from_the_records_stored_before(store_target: str) -> None:
    _before_record_tables(store_target, RECORDS)
    with open_store(store_target) as store:
        assert store.corpus_records() == RECORDS
        assert [s["story_id"] for s in store.stories_by_size()] == ["S001", "S002"]
        assert store.related_records("finding", story_ids=["S001"]) == [FINDING]
        assert len(_table(store, "finding_claims")) == 2
        assert {r[0] for r in _table(store, "migrations")} >= {n for n, _ in migration_files(
            "postgresql" if store_target.startswith("postgresql") else "sqlite")}
        # and the next records go on after those ids
        store.replace_corpus_records(RECORDS)
        assert store.related_records("story", story_ids=["S002"]) == [STORY_2]


def test_migration_fills_the_framing_and_reuse_tables_and_leaves_the_others(store_target: str) -> None:
    """A store whose stories, findings and placements already have their tables gains those of
    the framing and reuse records, filled from the records stored before; the tables it had keep
    their rows (the migration refills its own tables only)."""
    _before_record_tables(store_target, RECORDS, "_framing_reuse_tables.sql")
    with open_store(store_target) as store:
        stories = _table(store, "stories")
        assert len(stories) == 2 and len(_table(store, "finding_claims")) == 2
        assert store.records_where("framing", {"outlet": ["وكالة"]}) == [FRAMING]
        assert store.records_where("framing_profile", {"entity_id": ["org:جيش"]}) == [PROFILE]
        assert store.related_records("reuse", doc_ids=["a"]) == [REUSE]
        store.replace_corpus_records(RECORDS)
        assert [r[1:] for r in _table(store, "stories")] == [r[1:] for r in stories]


def test_records_where_filters_counts_and_pages_in_the_store(store_target: str) -> None:
    other = {**FINDING, "kind": "agreement", "story_id": "S002", "incident_id": "I002", "claims": CLAIMS[:1]}
    with open_store(store_target) as store:
        store.replace_corpus_records([*RECORDS, other])
        assert store.records_where("finding", {}) == [FINDING, other]
        assert store.records_where("finding", {}, limit=1, offset=1) == [other]
        assert store.records_where("finding", {"kind": ["agreement", "update"], "measure": ["killed"]}) == [other]
        assert store.records_where("finding", {"story_id": []}) == []
        assert store.count_records("finding", {"story_id": ["S001", "S002"]}) == 2
        assert store.count_records("finding", {"story_id": ["S001"], "kind": ["agreement"]}) == 0
        assert store.count_records("finding") == 2 and store.count_records("reuse") == 1
        assert store.records_where("placement", {"story_id": ["S002"]}) == PLACEMENTS[2:]
        with pytest.raises(StoreError, match="no column 'data'"):
            store.records_where("finding", {"data": ["x"]})


def test_tally_records_counts_each_value_of_a_column(store_target: str) -> None:
    """A story page's findings per kind are counted in the store, the most common first."""
    agreements = [{**FINDING, "kind": "agreement", "claims": CLAIMS[i:i + 1]} for i in range(2)]
    elsewhere = {**FINDING, "kind": "update", "story_id": "S002"}
    with open_store(store_target) as store:
        store.replace_corpus_records([*RECORDS, *agreements, elsewhere])
        assert store.tally_records("finding", "kind", {"story_id": ["S001"]}) == {"agreement": 2, "contradiction": 1}
        assert list(store.tally_records("finding", "kind")) == ["agreement", "contradiction", "update"]
        assert store.tally_records("finding", "kind", {"story_id": []}) == {}
        with pytest.raises(StoreError, match="no column 'data'"):
            store.tally_records("finding", "data")
