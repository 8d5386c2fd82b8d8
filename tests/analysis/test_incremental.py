"""Incremental cross-outlet analysis: documents added to fresh records are attached to them, and
the result is what a from-scratch run gives, but for the ids of stories and incidents."""

from __future__ import annotations

import gc
import json
import sqlite3
import struct
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tabayyun import runner
from tabayyun.analysis import incremental, reuse, stories
from tabayyun.analysis.features import features_of, pack, unpack, unpack_arrays
from tabayyun.analysis.incidents import body_bag
from tabayyun.analysis.reuse import shared_pairs, word_hash
from tabayyun.analysis.stories import lead_bag
from tabayyun.demo import samples_dir
from tabayyun.ingest.manifest import read_manifest
from tabayyun.model import Document
from tabayyun.report.summary import run_report_text
from tabayyun.runner import analyze_paths
from tabayyun.stages import default_pipeline
from tabayyun.store import open_store
from tabayyun.store.digest import _canonical
from tabayyun.store.records import TABLES
from tabayyun.store.sql import SQLStore

SAMPLES = sorted(p.stem for p in samples_dir().glob("*.txt"))


def _folder(tmp_path: Path, name: str, doc_ids: list[str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    rows = (samples_dir() / "manifest.csv").read_text(encoding="utf-8").splitlines()
    (folder / "manifest.csv").write_text("\n".join([rows[0]] + [r for r in rows[1:] if r.split(",")[0] in doc_ids])
                                         + "\n", encoding="utf-8")
    for doc_id in doc_ids:
        (folder / f"{doc_id}.txt").write_text((samples_dir() / f"{doc_id}.txt").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    return folder


def _analyze(db: str | Path, folder: Path) -> runner.RunReport:
    with open_store(db) as store:
        return analyze_paths([folder], store, read_manifest(folder / "manifest.csv"))


def _without_ids(db: str | Path) -> Counter[str]:
    """The records, each story and incident id replaced by what it holds (its articles, its events)."""
    with open_store(db) as store:
        records = list(store.stream_corpus_records())
    stories = {r["story_id"]: "|".join(sorted(r["doc_ids"])) for r in records if r["type"] == "story"}
    incidents = {r["incident_id"]: "|".join(sorted(f"{e['doc_id']}@{e['start']}" for e in r["events"]))
                 for r in records if r["type"] == "incident"}

    def named(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: stories.get(v, v) if k == "story_id" else incidents.get(v, v) if k == "incident_id"
                    else [incidents.get(i, i) for i in v] if k == "incident_ids" else named(v) for k, v in value.items()}
        if isinstance(value, list):
            return [named(v) for v in value]
        return value

    return Counter(json.dumps(_canonical(named(r)), ensure_ascii=False, sort_keys=True) for r in records)


def _records(db: str | Path, *kinds: str) -> Counter[str]:
    with open_store(db) as store:
        return Counter(json.dumps(_canonical(r), ensure_ascii=False, sort_keys=True)
                       for kind in kinds for r in store.stream_corpus_records(kind))


def _record_tables(db: Path) -> dict[str, Counter[tuple[Any, ...]]]:
    with sqlite3.connect(db) as con:
        return {table: Counter(con.execute(f"SELECT * FROM {table}")) for table in TABLES}


def _stories(db: str | Path) -> list[set[str]]:
    with open_store(db) as store:
        return [set(r["doc_ids"]) for r in store.stream_corpus_records("story")]


@pytest.mark.parametrize("first", [SAMPLES[:3], SAMPLES[1:], SAMPLES[::2]])
def test_added_documents_are_attached_as_documented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    first: list[str]) -> None:
    """What ``analysis.incremental`` promises against a from-scratch run: the same text reuse and
    framing, every article in one story and every claim placed once, the stored stories and
    incidents kept whole (never split), ids never reused for another story."""
    monkeypatch.setattr(incremental, "MAX_SHARE", 1.0)  # a corpus of five: attach even when all are touched
    later = [d for d in SAMPLES if d not in first]
    db = tmp_path / "inc.db"
    assert _analyze(db, _folder(tmp_path, "first", first)).corpus_attached == 0
    stored = _stories(db)
    with open_store(db) as store:
        stored_incidents = [{(e["doc_id"], e["start"]) for e in r["events"]} for r in store.stream_corpus_records("incident")]
    report = _analyze(db, _folder(tmp_path, "later", later))
    assert report.corpus_rebuilt and report.corpus_attached == len(later) and not report.failures
    with open_store(db) as store:
        assert f"({len(later)} new documents attached)" in run_report_text(report, store)
    scratch = tmp_path / "scratch.db"
    _analyze(scratch, _folder(tmp_path, "all", SAMPLES))
    for kinds in (("reuse",), ("framing", "framing_profile")):
        assert _records(db, *kinds) == _records(scratch, *kinds)
    stories = _stories(db)
    assert sorted(d for s in stories for d in s) == SAMPLES
    assert all(any(old <= new for new in stories) for old in stored)
    with open_store(db) as store, open_store(scratch) as clean:
        incidents = [{(e["doc_id"], e["start"]) for e in r["events"]} for r in store.stream_corpus_records("incident")]
        assert all(any(old <= new for new in incidents) for old in stored_incidents)
        placed = Counter((r["doc_id"], r["start"], r["measure"]) for r in store.stream_corpus_records("placement"))
        assert placed == Counter((r["doc_id"], r["start"], r["measure"]) for r in clean.stream_corpus_records("placement"))
        ids = [r["story_id"] for r in store.stream_corpus_records("story")]
        assert len(ids) == len(set(ids))
        assert not store.corpus_state().stale and not store.corpus_changes().added
    # the plain-column tables (issue 16) follow the records an attach removed and added: they
    # hold what a rebuild of them from the stored records holds
    attached = _record_tables(db)
    with open_store(db) as store:
        assert isinstance(store, SQLStore)
        store._transact(("corpus",), store._fill_record_tables)
    assert attached == _record_tables(db) and attached["stories"] and attached["finding_claims"]


def test_an_attached_run_equals_a_from_scratch_run_when_nothing_stored_moves(tmp_path: Path, store_target: str,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles that link to nothing stored: the records are those of a from-scratch run, ids
    aside (on either backend, against a from-scratch SQLite store)."""
    monkeypatch.setattr(incremental, "MAX_SHARE", 1.0)
    db, scratch = store_target, tmp_path / "scratch.db"
    _analyze(db, _folder(tmp_path, "first", SAMPLES))
    unrelated = tmp_path / "later"
    unrelated.mkdir()
    (unrelated / "culture_0420.txt").write_text("افتتح معرض الكتاب في المدينة أبوابه للزوار صباح اليوم بمشاركة دور نشر "
                                                "عديدة.\n", encoding="utf-8")
    (unrelated / "manifest.csv").write_text("doc_id,outlet,published,url\nculture_0420,الأفق,2024-04-20,\n",
                                           encoding="utf-8")
    assert _analyze(db, unrelated).corpus_attached == 1
    everything = _folder(tmp_path, "all", SAMPLES)
    (everything / "culture_0420.txt").write_text((unrelated / "culture_0420.txt").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    (everything / "manifest.csv").write_text((everything / "manifest.csv").read_text(encoding="utf-8")
                                             + "culture_0420,الأفق,2024-04-20,\n", encoding="utf-8")
    _analyze(scratch, everything)
    assert _without_ids(db) == _without_ids(scratch)


def test_a_replaced_document_rebuilds_everything(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _analyze(db, _folder(tmp_path, "all", SAMPLES))
    changed = _folder(tmp_path, "changed", SAMPLES[:1])
    path = changed / f"{SAMPLES[0]}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nتحديث.\n", encoding="utf-8")
    report = _analyze(db, changed)
    assert report.corpus_rebuilt and report.corpus_attached == 0


def _forget_records(db: Path, features: bool = True) -> None:
    """The records marked as interrupted (and, with ``features=False``, the features gone), as an
    older tabayyun or a killed run leaves a store."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE corpus_state SET records_version = NULL WHERE id = 1")
        if not features:
            conn.execute("DELETE FROM doc_features")
    conn.close()


def test_the_corpus_step_reads_no_tokens_sentences_or_mentions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.db"
    _analyze(db, _folder(tmp_path, "all", SAMPLES))
    before = _without_ids(db)
    _forget_records(db)
    asked: list[tuple[str, ...]] = []
    real = SQLStore.corpus_inputs

    def corpus_inputs(self: SQLStore, layers: Any, doc_ids: Any = None) -> Any:
        asked.append(tuple(layers))
        return real(self, layers, doc_ids)

    def analyzed(*_: object, **__: object) -> Any:
        raise AssertionError("the cross-outlet step loaded whole documents")

    monkeypatch.setattr(SQLStore, "corpus_inputs", corpus_inputs)
    monkeypatch.setattr(SQLStore, "analyzed", analyzed)
    with open_store(db) as store:
        report = runner.RunReport()
        runner.refresh_corpus(store, report)
    assert not report.failures and report.corpus_rebuilt
    assert asked and all(set(layers) <= {"claims", "events"} for layers in asked)
    assert _without_ids(db) == before


def test_a_store_without_features_computes_and_keeps_them(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _analyze(db, _folder(tmp_path, "all", SAMPLES))
    before = _without_ids(db)
    _forget_records(db, features=False)
    with open_store(db) as store:
        report = runner.RunReport()
        runner.refresh_corpus(store, report)
        assert report.corpus_rebuilt and not report.failures
        assert all(packed is not None for _, _, packed in store.shingle_packs())
    assert _without_ids(db) == before


def test_features_survive_packing() -> None:
    pipeline = default_pipeline()
    from tabayyun.ingest import read_documents

    doc = next(d for d in read_documents([samples_dir()], read_manifest(samples_dir() / "manifest.csv"))
               if not hasattr(d, "message"))
    assert isinstance(doc, Document)
    features = features_of(pipeline.run(doc).analyzed)
    data = pack(features)
    back = unpack(data)
    assert back is not None
    assert np.array_equal(back.shingles, features.shingles) and len(features.shingles) > 0
    assert (back.body, back.lead, back.namings, back.scopes, back.sites, back.scenes, back.names) == \
        (features.body, features.lead, features.namings, features.scopes, features.sites, features.scenes,
         features.names)
    # the claims' scenes (what findings read of each figure) come back whole, names and leads included
    assert features.scenes and any(s.words for s in features.scenes) and features.scenes[0].lead
    arrays = unpack_arrays(data)
    assert arrays is not None and len(arrays.body_ids) == len(features.body)
    views = unpack_arrays(data, views=True)  # what an attach keeps of a document near in time
    assert views is not None and all(np.array_equal(getattr(views, f), getattr(arrays, f)) for f in
                                     ("shingles", "body_ids", "body_counts", "lead_ids", "lead_counts"))
    assert views.shingles.base is not None and not views.body_counts.flags.writeable
    # the bags are held hashed, in the order they were counted (the order their weights are summed in)
    bag = body_bag(pipeline.run(doc).analyzed)
    assert arrays.body_ids.tolist() == [word_hash(w) for w in bag] == features.body.words.tolist()
    assert list(arrays.body_counts) == list(bag.values()) == features.body.counts.tolist()
    assert unpack(b"\x00" + data[1:]) is None  # another format: recomputed, never misread
    # a pack of format 6 (the bags' words spelled out in its JSON too) reads the same: stores
    # analysed before the bags were held hashed need not recompute their features
    header = struct.Struct("<BIIII")
    _, size, *counts = header.unpack_from(data)
    parts = json.loads(zlib.decompress(data[header.size:header.size + size]))
    parts[0], parts[1] = bag, lead_bag(pipeline.run(doc).analyzed)
    rest = zlib.compress(json.dumps(parts, ensure_ascii=False).encode("utf-8"))
    older = header.pack(6, len(rest), *counts) + rest + data[header.size + size:]
    again = unpack(older)
    assert again is not None and np.array_equal(again.shingles, back.shingles)
    assert (again.body, again.lead, again.namings, again.scopes, again.sites, again.scenes, again.names) == \
        (back.body, back.lead, back.namings, back.scopes, back.sites, back.scenes, back.names)


def test_shared_pairs_equal_every_pair_compared() -> None:
    rng = np.random.default_rng(7)
    hashes = [np.unique(rng.integers(0, 60, size=rng.integers(0, 12)).astype(np.uint64)) for _ in range(25)]
    expected = set()
    for i in range(len(hashes)):
        for j in range(i + 1, len(hashes)):
            for h in set(hashes[i].tolist()) & set(hashes[j].tolist()):
                holders = sum(h in set(x.tolist()) for x in hashes)
                if holders <= 4:
                    expected.add((i, j))
    assert shared_pairs(hashes, stock=4) == expected
    assert shared_pairs(hashes, stock=4, among={3}) == {p for p in expected if 3 in p}


def test_shared_pairs_the_same_a_range_of_hashes_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    # hashes over the whole 64-bit range, drawn from a small pool so that documents share them
    pool = rng.integers(0, 2**63, size=80, dtype=np.int64).astype(np.uint64) * np.uint64(2) + np.uint64(1)
    hashes = [np.unique(rng.choice(pool, size=rng.integers(0, 15))) for _ in range(40)]
    whole = shared_pairs(hashes, stock=5)
    assert len(whole) > 20
    monkeypatch.setattr(reuse, "INDEX_SHINGLES", 16)  # several ranges (the test holds ~300 hashes)
    assert shared_pairs(hashes, stock=5) == whole
    assert shared_pairs(hashes, stock=5, among={7}) == {p for p in whole if 7 in p}


def test_the_shingles_of_a_few_documents_give_their_pairs_and_stock_phrases(monkeypatch: pytest.MonkeyPatch) -> None:
    """An attach finds the new documents' pairs, and the shingles they make stock phrases, from
    every document's shingles that a new document holds (``incremental._holding``): the same
    as from all of them, whatever the sieve lets through."""
    rng = np.random.default_rng(5)
    pool = rng.integers(0, 2**63, size=120, dtype=np.int64).astype(np.uint64) * np.uint64(2) + np.uint64(1)
    hashes = [np.unique(rng.choice(pool, size=rng.integers(0, 20))) for _ in range(60)]
    new = [3, 17, 41]
    monkeypatch.setattr(reuse, "STOCK_DOCS", 4)  # shingles held by ~5 documents: the new ones make some stock
    assert incremental._newly_stock(hashes, new)
    for bits, run in ((22, 4_000_000), (2, 4_000_000), (22, 7), (2, 1)):
        # a sieve that lets through almost nothing, and one that lets through most; the
        # documents sieved all at once, a few at a time, one at a time
        monkeypatch.setattr(incremental, "_SIEVE_BITS", bits)
        monkeypatch.setattr(incremental, "HELD_HASHES", run)
        held = incremental._holding(hashes, incremental._shingles_of(hashes, new))
        mine = set(np.concatenate([hashes[k] for k in new]).tolist())
        assert [h.tolist() for h in held] == [[x for x in h.tolist() if x in mine] for h in hashes]
        assert incremental._newly_stock(held, new) == incremental._newly_stock(hashes, new)
        for stock in (2, 4, 6):
            assert shared_pairs(held, stock=stock, among=set(new)) == shared_pairs(hashes, stock=stock, among=set(new))
    assert all(len(h) == 0 for h in incremental._holding(hashes, np.zeros(0, dtype=np.uint64)))


def test_new_groups_take_the_id_of_the_stored_group_they_overlap_most() -> None:
    new = [{"a", "b", "c"}, {"d"}, {"e", "f"}, {"g"}]
    old = [("S004", {"a", "b"}), ("S002", {"c", "d"}), ("S009", {"e"}), ("S001", {"f"})]
    ids = incremental._match(new, old, "S", ["S1", "S2", "S3", "S4"], 12)
    # the most articles in common first, each stored id used once; ties: the earlier new group
    assert ids == {"S1": "S004", "S2": "S002", "S3": "S009", "S4": "S013"}


def test_an_attach_rewrites_only_the_records_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The records of the recomputed part that come out as they were stored stay in their rows;
    only those that changed are replaced (and the result is the same)."""
    monkeypatch.setattr(incremental, "MAX_SHARE", 1.0)
    db, scratch = tmp_path / "inc.db", tmp_path / "copy.db"
    _analyze(db, _folder(tmp_path, "first", SAMPLES[:3]))
    later = _folder(tmp_path, "later", SAMPLES[3:])
    with sqlite3.connect(db) as con:
        before = dict(con.execute("SELECT id, data FROM corpus_records"))
    scratch.write_bytes(db.read_bytes())
    written: list[int] = []
    real = SQLStore.update_corpus_records

    def update(self: SQLStore, removed: Any, added: Any, *args: Any, **kwargs: Any) -> Any:
        added = list(added)
        written.append(len(added))
        return real(self, removed, added, *args, **kwargs)

    monkeypatch.setattr(SQLStore, "update_corpus_records", update)
    assert _analyze(db, later).corpus_attached == len(SAMPLES) - 3
    with sqlite3.connect(db) as con:
        after = dict(con.execute("SELECT id, data FROM corpus_records"))
    kept = {i for i in before if after.get(i) == before[i]}
    assert kept and written and written[0] == len(after) - len(kept)
    # without keeping them (every record of the part written again), the same records
    monkeypatch.setattr(incremental, "_unchanged", lambda old, new: (set(), list(new)))
    _analyze(scratch, later)
    assert _records(db, *{r["type"] for r in map(json.loads, after.values())}) == \
        _records(scratch, *{r["type"] for r in map(json.loads, after.values())})


@pytest.mark.parametrize("first", [SAMPLES[:3], SAMPLES[::2]])
def test_stored_articles_are_compared_only_when_a_new_one_links_to_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                         first: list[str]) -> None:
    """``stories.build_stories`` in an attach finds the links of the new articles, then those of
    the stored articles among their nearest: the stories are those of every article's links
    found (the other stored articles' links cannot join anything)."""
    monkeypatch.setattr(incremental, "MAX_SHARE", 1.0)
    later = _folder(tmp_path, "later", [d for d in SAMPLES if d not in first])
    dbs = [tmp_path / "some.db", tmp_path / "every.db"]
    for db in dbs:
        _analyze(db, _folder(tmp_path, f"first-{db.stem}", first))
    asked: list[Any] = []
    real = stories._candidates

    def candidates(*args: Any) -> Any:
        asked.append(args[5] if len(args) > 5 else None)
        return real(*args)

    monkeypatch.setattr(stories, "_candidates", candidates)
    _analyze(dbs[0], later)
    assert asked and all(rows is not None for rows in asked)  # the attach asked for some rows only
    monkeypatch.setattr(stories, "_candidates", lambda *args: real(*args[:5]))
    _analyze(dbs[1], later)
    assert _without_ids(dbs[0]) == _without_ids(dbs[1])


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_paused_for_an_attach_and_left_as_it_was(monkeypatch: pytest.MonkeyPatch,
                                                                        enabled: bool) -> None:
    seen: list[bool] = []

    def fake(*_: object) -> None:
        seen.append(gc.isenabled())
        raise RuntimeError("stop")  # the collector comes back even when the attach fails

    monkeypatch.setattr(incremental, "_attach", fake)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with pytest.raises(RuntimeError):
            incremental.attach(None, None)  # type: ignore[arg-type]
        assert seen == [False] and gc.isenabled() == enabled
    finally:
        gc.enable() if was else gc.disable()


def _all_records(db: Path) -> list[str]:
    with open_store(db) as store:
        return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in store.stream_corpus_records())


@pytest.mark.parametrize("first", [SAMPLES[:3], SAMPLES[::2]])
def test_an_attach_a_few_new_articles_and_pairs_at_a_time_gives_the_same_records(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: list[str]) -> None:
    """The neighbours' cosines a few new articles at a time (``NEIGHBOUR_ROWS``) and the new
    reuse pairs' documents read a few pairs at a time with a few documents' words kept
    (``PAIR_CHUNK``, ``PAIR_DOCUMENTS``): the records of an attach that holds them all."""
    monkeypatch.setattr(incremental, "MAX_SHARE", 1.0)
    later = _folder(tmp_path, "later", [d for d in SAMPLES if d not in first])
    dbs = [tmp_path / "whole.db", tmp_path / "pieces.db"]
    for db in dbs:
        _analyze(db, _folder(tmp_path, f"first-{db.stem}", first))
    assert _analyze(dbs[0], later).corpus_attached == len(SAMPLES) - len(first)
    chunks: list[int] = []
    reads: list[int] = []
    near_rows, documents = incremental._near_rows, SQLStore.documents

    def counted_rows(rows: Any, *args: Any) -> None:
        chunks.append(len(rows))
        near_rows(rows, *args)

    def counted_documents(self: SQLStore, doc_ids: Any) -> Any:
        reads.append(len(doc_ids))
        return documents(self, doc_ids)

    monkeypatch.setattr(incremental, "_near_rows", counted_rows)
    monkeypatch.setattr(SQLStore, "documents", counted_documents)
    for name in ("NEIGHBOUR_ROWS", "PAIR_CHUNK", "PAIR_DOCUMENTS"):
        monkeypatch.setattr(incremental, name, 1)
    assert _analyze(dbs[1], later).corpus_attached == len(SAMPLES) - len(first)
    assert chunks and set(chunks) == {1} and len(chunks) == len(SAMPLES) - len(first)
    assert len(reads) > 2  # the new articles' dates, then the pairs' documents a pair at a time
    assert _all_records(dbs[0]) == _all_records(dbs[1]) and _records(dbs[1], "reuse")


def test_a_part_too_large_rebuilds_before_the_new_pairs_are_compared(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The part's size is known before the texts of the new reuse pairs are compared (each
    document's words held: 1.3 GB for 7,670 new pairs): a part too large compares none."""
    db = tmp_path / "s.db"
    _analyze(db, _folder(tmp_path, "first", SAMPLES[:3]))
    monkeypatch.setattr(incremental, "MAX_SHARE", 0.0)
    monkeypatch.setattr(incremental, "_compared", lambda *_: pytest.fail("pairs compared"))
    report = _analyze(db, _folder(tmp_path, "later", SAMPLES[3:]))
    assert report.corpus_rebuilt and report.corpus_attached == 0 and not report.failures


def test_the_parts_stored_reuse_is_read_as_it_was_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_part_reuse`` converts each record as it is read: the same reuse, in the same order,
    as converting the records of ``stored`` updated with every record read (what it replaced)."""
    def rec(a: str, b: str) -> dict[str, Any]:
        return {"type": "reuse", "doc_ids": [a, b], "tag": f"{a}{b}"}

    stored = {("a", "b"): (1, rec("a", "b")), ("c", "x"): (2, rec("c", "x")), ("x", "y"): (3, rec("x", "y"))}
    read = [(4, rec("b", "d")), (1, rec("a", "b")), (5, rec("d", "e")), (5, rec("d", "e")), (6, rec("c", "d"))]

    class Store:
        def related_record_rows(self, kind: str, doc_ids: Any) -> list[tuple[int, dict[str, Any]]]:
            return read

    monkeypatch.setattr(incremental, "reuse_from_record", lambda r: r["tag"])
    monkeypatch.setattr(incremental, "Reuse", str)  # the tags stand for the reuse
    part, gone = {"a", "b", "c", "d"}, {6}
    held = dict(stored)
    held.update({tuple(r["doc_ids"]): (row, r) for row, r in read})
    expected = [r["tag"] for pair, (row, r) in held.items() if row not in gone and (pair[0] in part or pair[1] in part)]
    assert expected == ["ab", "cx", "bd", "de"]
    assert incremental._part_reuse(Store(), part, stored, gone) == expected  # type: ignore[arg-type]
