"""The full rebuild in two passes (text reuse from the shingles alone, then the rest with each
text cut after its lead) gives the records of the one-pass analysis, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabayyun import runner
from tabayyun.analysis import analyze_corpus, corpus_records, reuse, vectors
from tabayyun.analysis import rebuild as rebuild_module
from tabayyun.analysis.corpus import iter_corpus_records
from tabayyun.analysis.features import body_claims, head
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
