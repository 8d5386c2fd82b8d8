"""The queries the web app's outlet, entity and documents pages are built from (issue 16): a
page of documents without their text, spans counted by their values in the database, an
outlet's text reuse through the reuse tables; on both backends, and through indexes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tabayyun.model import AnalyzedDoc, Claim, Document, EntityLabel, Mention, SourceKind, make_span
from tabayyun.pipeline import Outcome
from tabayyun.store import ClaimFilter, DocumentSummary, MentionFilter, Store, StoreError, open_store
from tabayyun.store.sqlite import SQLiteStore

TEXT = "قال مصدر أمني إن 12 شخصاً قتلوا في حلب، وقالت الوزارة إن 15 قتلوا في حلب 😀.\n"


def _doc(doc_id: str, outlet: str | None, text: str = TEXT) -> Outcome:
    """A document of ``outlet`` with two claims (two claimants, one through a channel) and
    three mentions of two entities (two spellings of one)."""
    a, b = text.index("12"), text.index("15")
    claims = [make_span(Claim, text, a, a + 13, measure="killed", claimant="مصدر أمني",
                        claimant_kind=SourceKind.ANONYMOUS, via=("الشرق", "رويترز")),
              make_span(Claim, text, b, b + 8, measure="killed", claimant="الوزارة",
                        claimant_kind=SourceKind.OFFICIAL)]
    first, second = text.index("حلب"), text.rindex("حلب")
    mentions = [make_span(Mention, text, first, first + 3, label=EntityLabel.LOC, entity_id="geo:aleppo",
                          lat=36.2, lon=37.1),
                make_span(Mention, text, second - 3, second + 3, label=EntityLabel.LOC, entity_id="geo:aleppo"),
                make_span(Mention, text, text.index("الوزارة"), text.index("الوزارة") + 7, label=EntityLabel.ORG,
                          entity_id="org:ministry")]
    doc = AnalyzedDoc(Document(doc_id, text, outlet=outlet, published=date(2024, 3, 1), url=f"https://x.org/{doc_id}",
                               title=f"عنوان {doc_id}", encoding="utf-8", body_end=len(text) - 1))
    return Outcome(doc.with_layer("claims", claims).with_layer("mentions", mentions))


def _corpus(store: Store) -> None:
    # texts differ: the store keeps one copy of a text stored under two names
    store.save_many([_doc("a1", "وكالة"), _doc("a2", "وكالة", TEXT + "ثم"), _doc("b1", "صحيفة", TEXT + "قد"),
                     _doc("n1", None, TEXT + "و")])


def test_document_summaries_page_an_outlet_without_reading_texts(store_target: str) -> None:
    with open_store(store_target) as store:
        _corpus(store)
        every = store.document_summaries()
        assert [d.doc_id for d in every] == ["a1", "a2", "b1", "n1"]
        assert every[0] == DocumentSummary("a1", "وكالة", date(2024, 3, 1), "https://x.org/a1", "عنوان a1",
                                           len(TEXT), len(TEXT) - 1, "utf-8")
        # characters, as Python counts them, whatever bytes the backend stores (Arabic, an emoji)
        assert every[1].chars == len(TEXT + "ثم") != len((TEXT + "ثم").encode("utf-8"))
        assert [d.doc_id for d in store.document_summaries("وكالة")] == ["a1", "a2"]
        assert [d.doc_id for d in store.document_summaries("وكالة", limit=1, offset=1)] == ["a2"]
        assert [d.doc_id for d in store.document_summaries(offset=3)] == ["n1"]
        assert [d.doc_id for d in store.document_summaries(doc_ids=["b1", "n1", "zz"])] == ["b1", "n1"]
        assert store.document_summaries("وكالة", doc_ids=["b1"]) == store.document_summaries(doc_ids=[]) == []
        assert store.count_documents() == 4 and store.count_documents("وكالة") == 2
        assert store.count_documents("nowhere") == 0
        with pytest.raises(StoreError, match="negative"):
            store.document_summaries(limit=-1)


def test_tally_counts_spans_by_their_values_in_the_store(store_target: str) -> None:
    with open_store(store_target) as store:
        _corpus(store)
        sources = store.tally(ClaimFilter(outlet="وكالة"), ("claimant", "claimant_kind", "via"))
        # the values come back as the span's types (an enum, a tuple), the most common first
        assert sources == [(("الوزارة", SourceKind.OFFICIAL, ()), 2),
                           (("مصدر أمني", SourceKind.ANONYMOUS, ("الشرق", "رويترز")), 2)]
        assert store.tally(ClaimFilter(outlet="وكالة"), ("claimant",), limit=1) == [(("الوزارة",), 2)]
        aleppo = MentionFilter(entity_id="geo:aleppo")
        assert store.tally(aleppo, ("text",)) == [(("حلب",), 4), (("في حلب",), 4)]
        assert store.tally(aleppo, ("outlet",)) == [(("وكالة",), 4), ((None,), 2), (("صحيفة",), 2)]
        assert store.tally(aleppo, ("label",)) == [((EntityLabel.LOC,), 8)]
        assert store.tally(MentionFilter(), ("entity_id",), limit=1) == [(("geo:aleppo",), 8)]
        assert store.tally(MentionFilter(entity_id="nobody"), ("text",)) == []
        for fields in (("data",), ()):
            with pytest.raises(StoreError, match="cannot tally"):
                store.tally(aleppo, fields)


REUSE = [{"type": "reuse", "doc_ids": ["a1", "b1"], "similarity": 0.5, "shared_words": 10,
          "passages": [{"doc_id": "a1", "start": 0, "end": 3, "text": "قال"}]},
         {"type": "reuse", "doc_ids": ["b1", "n1"], "similarity": 0.9, "shared_words": 30, "passages": []},
         {"type": "reuse", "doc_ids": ["a2", "a1"], "similarity": 0.7, "shared_words": 20, "passages": []}]


def test_outlet_reuse_pairs_its_documents_with_others_most_similar_first(store_target: str) -> None:
    with open_store(store_target) as store:
        _corpus(store)
        store.replace_corpus_records(REUSE)
        assert store.outlet_reuse("وكالة") == [REUSE[2], REUSE[0]]  # a pair of its own counted once
        assert store.outlet_reuse("صحيفة", limit=1, offset=1) == [REUSE[0]]
        assert store.count_outlet_reuse("وكالة") == 2 and store.count_outlet_reuse("صحيفة") == 2
        assert store.outlet_reuse("nowhere") == [] and store.count_outlet_reuse("nowhere") == 0
        assert store.related_records("reuse", doc_ids=["n1"]) == [REUSE[1]]


def test_records_where_orders_by_a_column_of_the_table(store_target: str) -> None:
    framing: list[dict[str, Any]] = [
        {"type": "framing", "outlet": "وكالة", "entity_id": e, "name": e, "mentions": n, "neutral": 0,
         "designations": {}, "stances": {}, "loaded_share": 0.0, "doc_ids": []}
        for e, n in (("org:a", 2), ("org:b", 9), ("org:c", 2))]
    with open_store(store_target) as store:
        store.replace_corpus_records(framing)
        assert store.records_where("framing", {"outlet": ["وكالة"]}, order="-mentions") == [framing[1], framing[0],
                                                                                           framing[2]]
        assert store.records_where("framing", {}, limit=1, order="mentions") == [framing[0]]
        with pytest.raises(StoreError, match="no column 'data' to order by"):
            store.records_where("framing", {}, order="-data")


def test_sqlite_reads_the_outlet_and_entity_pages_through_indexes(tmp_path: Path) -> None:
    """None of the queries of an outlet's or an entity's page scans a table."""
    with SQLiteStore(tmp_path / "t.db") as store:
        plans = {
            "outlet documents": "SELECT doc_id, length(text) FROM documents WHERE outlet = ? ORDER BY doc_id LIMIT 50",
            "outlet sources": "SELECT claimant, claimant_kind, via, COUNT(*) FROM claims WHERE outlet = ? "
                              "GROUP BY claimant, claimant_kind, via",
            "outlet framing": "SELECT r.data FROM framings t JOIN corpus_records r ON r.id = t.record_id "
                              "WHERE t.outlet IN (?) ORDER BY t.mentions DESC NULLS LAST, t.record_id LIMIT 100",
            "outlet reuse": "SELECT r.data FROM reuse_pairs p JOIN corpus_records r ON r.id = p.record_id "
                            "WHERE p.record_id IN (SELECT DISTINCT rd.record_id FROM documents d "
                            "JOIN reuse_documents rd ON rd.doc_id = d.doc_id WHERE d.outlet = ?)",
            "entity aliases": "SELECT text, COUNT(*) FROM mentions WHERE entity_id = ? GROUP BY text",
            "entity profile": "SELECT r.data FROM framing_profiles t JOIN corpus_records r ON r.id = t.record_id "
                              "WHERE t.entity_id IN (?)",
        }
        for name, sql in plans.items():
            plan = " | ".join(str(r[3]) for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                                    ["x"] * sql.count("?")))
            assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", ""), (name, plan)
