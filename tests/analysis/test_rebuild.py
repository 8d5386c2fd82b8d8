"""The full rebuild in two passes (text reuse from the shingles alone, then the rest with each
text cut after its lead) gives the records of the one-pass analysis, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabayyun import runner
from tabayyun.analysis import analyze_corpus, corpus_records, reuse, vectors
from tabayyun.analysis import rebuild as rebuild_module
from tabayyun.analysis.corpus import DocNames, iter_corpus_records
from tabayyun.analysis.features import Shared, body_claims, head, pack, unpack
from tabayyun.analysis.identity import Identity
from tabayyun.analysis.reuse import find_reuse
from tabayyun.analysis.spill import ReuseFile
from tabayyun.analysis.stories import headline, lead_end
from tabayyun.analysis.threads import claim_marks
from tabayyun.demo import samples_dir
from tabayyun.ingest.manifest import read_manifest
from tabayyun.model import AnalyzedDoc, Document
from tabayyun.store import open_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("rebuild") / "s.db"
    with open_store(db) as store:
        runner.analyze_paths([samples_dir()], store, read_manifest(samples_dir() / "manifest.csv"))
    return db


@pytest.mark.parametrize("large", [False, True])
def test_two_passes_give_the_records_of_one(store_path: Path, monkeypatch: pytest.MonkeyPatch, large: bool) -> None:
    with open_store(store_path) as store:
        items, members = runner.load_corpus(store)
        expected = corpus_records(analyze_corpus(items))
        # documents read back a few at a time for their words, as a large store does
        monkeypatch.setattr(rebuild_module, "DOCUMENTS_HELD", 1)
        if large:  # and, as in a large store, shingles read back from disk a range of hashes at a time,
            # bags joined into flat arrays a few at a time
            monkeypatch.setattr(reuse, "INDEX_SHINGLES", 64)
            monkeypatch.setattr(vectors, "COLUMN_CHUNK", 3)
        analysis, again = runner.rebuild_corpus(store)
    assert isinstance(analysis.reuse, ReuseFile) and len(analysis.reuse) > 0  # the samples copy a wire story
    assert list(iter_corpus_records(analysis)) == expected and again == members


def test_a_document_cut_after_its_lead_reads_as_the_whole(store_path: Path) -> None:
    with open_store(store_path) as store:
        items, _ = runner.load_corpus(store)
    for item in items:
        cut = head(item)
        doc, short = item.doc, cut.doc
        assert doc.text.startswith(short.text)  # the samples are short: most are whole
        assert (headline(short), lead_end(short), short.document.extraction_end) == \
            (headline(doc), lead_end(doc), doc.document.extraction_end)
        assert short.layers == doc.layers and len(cut.features.shingles) == len(cut.features.body) == 0
        # what the step never reads of the document is dropped; the rest reads the same
        assert (short.document.url, short.document.source_path, short.document.encoding) == (None, None, None)
        assert (short.document.doc_id, short.document.outlet, short.document.published, short.document.title) == \
            (doc.document.doc_id, doc.document.outlet, doc.document.published, doc.document.title)
        assert cut.features.sites == () and cut.features.scenes == item.features.scenes
        # each body claim's thread and rise are read before the cut, from the whole text
        assert cut.marks == claim_marks(doc.text, body_claims(doc))
    # a headline line longer than the lead, no title: the cut still holds the line's end
    for text in ("  " + "كلمة " * 200 + "\nالمتن هنا." * 80, "عنوان قصير\n" + "المتن هنا. " * 80,
                 "بلا سطر " * 100):
        doc = AnalyzedDoc(Document("x", text))
        short = head_of(doc)
        assert len(short.text) < len(text) and text.startswith(short.text)
        assert (headline(short), lead_end(short), short.document.extraction_end) == \
            (headline(doc), lead_end(doc), len(text))


def head_of(doc: AnalyzedDoc) -> AnalyzedDoc:
    from tabayyun.analysis.features import corpus_doc

    return head(corpus_doc(doc)).doc


def test_reuse_kept_on_disk_reads_back_as_found(store_path: Path) -> None:
    with open_store(store_path) as store:
        items, _ = runner.load_corpus(store)
    found = find_reuse([c.doc for c in items], hashes=[c.features.shingles for c in items])
    kept = ReuseFile(found)
    assert len(kept) == len(found) > 0
    assert list(kept) == found and list(kept) == found  # read again from the start each time
    kept.close()


def test_packs_of_one_load_share_equal_values(store_path: Path) -> None:
    """Unpacked with one ``Shared``, equal scenes, runs and namings of two documents are one
    object, equal to what each pack reads alone; a number never stands for a float."""
    with open_store(store_path) as store:
        items, _ = runner.load_corpus(store)
    packs = [pack(c.features) for c in items]
    shared = Shared()
    twice = [unpack(p, shared) for p in packs + packs]
    alone = [unpack(p) for p in packs]

    def read(f: object) -> tuple[object, ...]:  # all but the arrays (compared alone)
        return tuple(getattr(f, k) for k in ("namings", "scopes", "sites", "scenes", "names"))

    assert [read(f) for f in twice[:len(packs)]] == [read(f) for f in alone] == [read(f) for f in twice[len(packs):]]
    for a, b in zip(twice[:len(packs)], twice[len(packs):], strict=True):
        assert a is not None and b is not None
        assert all(x is y for x, y in zip(a.scenes, b.scenes, strict=True))
        assert all(x is y for x, y in zip(a.namings, b.namings, strict=True))
    assert sum(len(f.scenes) for f in alone if f is not None) > 0
    runs = shared.runs([1, 2])
    assert runs == frozenset({1, 2}) and shared.runs([2, 1]) is runs
    assert type(next(iter(shared.runs([3])))) is int and shared(3.0) == 3 and type(shared(3.0)) is float


def test_names_set_aside_read_as_the_features_held_them(store_path: Path) -> None:
    with open_store(store_path) as store:
        items, _ = runner.load_corpus(store, heads=True)
        names = DocNames()
        aside, _ = runner.load_corpus(store, heads=True, names=names)
    held = {c.doc_id: c.features.names for c in items}
    assert any(held.values()) and dict(names) == held and len(names) == len(held)
    assert all(c.features.names == frozenset() for c in aside)
    # the names' document frequencies (the findings' identity) come from the names alone
    assert Identity([], names).df == Identity([], held).df and Identity([], names).n == len(held)


def test_events_first_then_claims_give_the_documents_of_one_load(store_path: Path) -> None:
    """The second pass loads each document's events (for the incidents and stories) before its
    claims and features: together they are the documents one load cut after its lead gives."""
    with open_store(store_path) as store:
        held = DocNames()
        items, members = runner.load_corpus(store, heads=True, names=held)
        shared = Shared()
        docs, again = runner.load_events(store, shared)
        assert again == members and [d.document.doc_id for d in docs] == [c.doc_id for c in items]
        assert all(d.layer("claims") == () for d in docs) and any(d.layer("events") for d in docs)
        names = DocNames()
        staged = runner.add_claims(store, docs, members, shared, names)
        # the store changed since the events were read (a version, a document less): not added
        assert runner.add_claims(store, docs, [(members[0][0], -1), *members[1:]], shared, DocNames()) is None
        assert runner.add_claims(store, docs[:-1], members[:-1], shared, DocNames()) is None
    assert staged is not None and len(staged) == len(items) and dict(names) == dict(held)
    assert sum(len(body_claims(c.doc)) for c in staged) > 0
    for got, want, cut in zip(staged, items, docs, strict=True):
        assert list(got.doc.layers) == list(want.doc.layers) and got.doc == want.doc
        assert got.features == want.features and got.marks == want.marks
        # one object for the document the incidents read and the one the claims are placed in
        assert got.doc.document is cut.document and got.doc.layer("events") is cut.layer("events")


def test_stories_built_before_any_claim_is_loaded(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tabayyun.analysis import corpus

    with open_store(store_path) as store:
        items, members = runner.load_corpus(store)
        expected = corpus_records(analyze_corpus(items))
        seen: list[int] = []
        build = corpus.build_groups

        def groups(docs: list[AnalyzedDoc], *args: object, **kwargs: object) -> object:
            seen.append(sum(len(d.layer("claims")) for d in docs))
            return build(docs, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(corpus, "build_groups", groups)
        analysis, again = runner.rebuild_corpus(store)
        assert seen == [0] and list(iter_corpus_records(analysis)) == expected and again == members
        # another writer between loading the events and the claims: the rebuild loads them in one pass
        monkeypatch.setattr(runner, "add_claims", lambda *args: None)
        analysis, again = runner.rebuild_corpus(store)
        assert list(iter_corpus_records(analysis)) == expected and again == members
