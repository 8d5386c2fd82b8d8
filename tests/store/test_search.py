"""Search over normalised Arabic through the store: any spelling of hamza, alef maqsura and ta
marbuta, diacritics and tatweel ignored, matches in original offsets (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tabayyun.model import AnalyzedDoc, Document
from tabayyun.pipeline import Outcome
from tabayyun.store import StoreError, open_store
from tabayyun.text.search import find_matches, query_form

TEXTS = {
    "a": "أعلنت وزارة الصحة أن عدد القتلى ارتفع.",
    "b": "قالت وزاره الصحه إن القتلى بلغوا عشرة.",
    "c": "وأكد المُسْتَشْفَى الميداني وصول جرحى، وقالت الوزارةُ إن الإسعاف تأخر.",
    "d": "خبر آخر لا علاقة له.",
}


def _outcome(doc_id: str, text: str) -> Outcome:
    return Outcome(AnalyzedDoc(Document(doc_id, text, outlet="O")))


def _store_with_texts(target: str) -> None:
    with open_store(target) as store:
        for doc_id, text in TEXTS.items():
            store.save(_outcome(doc_id, text))


def test_search_finds_every_spelling(store_target: str) -> None:
    _store_with_texts(store_target)
    with open_store(store_target) as store:
        # no hamza, ha for ta marbuta: finds أعلنت… and وزاره الصحه alike
        found = store.search("وزارة الصحة")
        assert {h.doc_id for h in found.hits} == {"a", "b"} and found.total == 2
        # diacritics in the text, none in the query; the word inside its clitic (وال…)
        [hit] = store.search("مستشفى").hits
        assert hit.doc_id == "c"
        start, end = hit.matches[0]
        assert TEXTS["c"][start:end] == "المُسْتَشْفَى"[2:]
        assert {h.doc_id for h in store.search("الاسعاف").hits} == {"c"}
        assert store.search("غير موجود").total == 0
        assert store.search("   ").total == 0


def test_search_pages_and_short_queries(store_target: str) -> None:
    _store_with_texts(store_target)
    with open_store(store_target) as store:
        first = store.search("الصحه", limit=1)
        second = store.search("الصحه", limit=1, offset=1)
        assert first.total == second.total == 2
        assert {first.hits[0].doc_id, second.hits[0].doc_id} == {"a", "b"}
        assert {h.doc_id for h in store.search("جر").hits} == {"c"}  # shorter than a trigram
        assert store.search("%").total == 0 and store.search("_").total == 0
        with pytest.raises(StoreError):
            store.search("x", offset=-1)


def test_search_follows_updates_and_reanalysis(tmp_path: Path) -> None:
    target = str(tmp_path / "s.db")
    _store_with_texts(target)
    with open_store(target) as store:
        store.save(_outcome("d", "مستشفى جديد"))
        assert {h.doc_id for h in store.search("مستشفى").hits} == {"c", "d"}
        assert store.search("علاقة").total == 0


def test_search_index_filled_by_the_migration_for_older_stores(tmp_path: Path) -> None:
    target = tmp_path / "old.db"
    _store_with_texts(str(target))
    conn = sqlite3.connect(target)
    conn.execute("DROP TABLE documents_search")
    conn.execute("DELETE FROM migrations WHERE name = '0010_search.sql'")
    conn.commit()
    conn.close()
    with open_store(target) as store:
        assert store.search("وزارة الصحة").total == 2


def test_search_control_characters_match_nothing(store_target: str) -> None:
    _store_with_texts(store_target)
    with open_store(store_target) as store:
        assert store.search("\x00").total == 0 and store.search("\x00\x01").total == 0
        assert {h.doc_id for h in store.search("وزارة\x00").hits} == {"a", "b", "c"}


def test_search_matches_are_original_offsets() -> None:
    text = "قالَ مـسـؤول: الإصابات كثيرة"
    [(start, end)] = find_matches(text, "مسوول")
    assert text[start:end] == "مـسـؤول"
    assert query_form("  الإصابات\n كثيرة ") == "الاصابات كثيره"
    [(start, end)] = find_matches(text, "الاصابات كثيره")
    assert text[start:end] == "الإصابات كثيرة"
