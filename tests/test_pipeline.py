from __future__ import annotations

import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabayyun import pipeline as pipeline_module
from tabayyun.model import AnalyzedDoc, Document, Sentence, make_span
from tabayyun.pipeline import Pipeline, PipelineError, Stage, outside
from tabayyun.stages import DEFAULT_STAGES, registry


def _sentences(doc: AnalyzedDoc) -> AnalyzedDoc:
    return doc.with_layer("sentences", [make_span(Sentence, doc.text, 0, len(doc.text))])


def _explode(doc: AnalyzedDoc) -> AnalyzedDoc:
    raise ValueError("stage bug")


def _count(doc: AnalyzedDoc) -> AnalyzedDoc:
    return doc.with_layer("claims", [])


REGISTRY = {
    "sentences": Stage("sentences", _sentences, (), ("sentences",)),
    "explode": Stage("explode", _explode, ("sentences",), ("mentions",)),
    "claims": Stage("claims", _count, ("mentions",), ("claims",)),
}


def test_pipeline_build_names_missing_requirement() -> None:
    with pytest.raises(PipelineError, match=r"'claims' needs mentions .*'mentions' comes from explode"):
        Pipeline.build(["sentences", "claims"], REGISTRY)


def test_pipeline_build_rejects_unknown_stage() -> None:
    with pytest.raises(PipelineError, match="unknown stage"):
        Pipeline.build(["sentences", "nope"], REGISTRY)


def test_pipeline_run_records_failure_and_skips_dependents() -> None:
    pipeline = Pipeline.build(["sentences", "explode", "claims"], REGISTRY)
    outcome = pipeline.run(Document("d1", "نص قصير."))
    assert [(f.doc_id, f.stage) for f in outcome.failures] == [("d1", "explode")]
    assert "ValueError: stage bug" in outcome.failures[0].error
    assert outcome.skipped == ("claims",)
    assert len(outcome.analyzed.layer("sentences")) == 1


def test_pipeline_batch_goes_on_after_failure() -> None:
    pipeline = Pipeline.build(["sentences", "explode"], REGISTRY)
    outcomes = list(pipeline.run_batch([Document("a", "أ."), Document("b", "ب.")]))
    assert [o.analyzed.document.doc_id for o in outcomes] == ["a", "b"]
    assert all(len(o.failures) == 1 for o in outcomes)


def test_default_pipeline_declarations_are_consistent() -> None:
    stages = registry()
    pipeline = Pipeline.build(DEFAULT_STAGES, stages)
    assert pipeline.stages[0].name == "segment"
    for stage in stages.values():
        assert stage.provides, f"{stage.name} declares nothing it adds"


def test_pipeline_drops_spans_in_skipped_ranges() -> None:
    text = "خبر عاجل مكرر\nخبر عاجل مكرر\nنص آخر"
    lines = [(0, 13), (14, 27), (28, 34)]
    doc = Document("d", text, skipped=((14, 28),))

    def one_span_per_line(d: AnalyzedDoc) -> AnalyzedDoc:
        return d.with_layer("sentences", [make_span(Sentence, text, s, e) for s, e in lines])

    stage = Stage("lines", one_span_per_line, (), ("sentences",))
    outcome = Pipeline.build(["lines"], {"lines": stage}).run(doc)
    assert [s.start for s in outcome.analyzed.layer("sentences")] == [0, 28]


_OFFSETS = st.integers(0, 60)


@given(st.lists(st.tuples(_OFFSETS, st.integers(0, 5))), st.lists(st.tuples(_OFFSETS, _OFFSETS), max_size=4),
       st.booleans())
def test_outside_keeps_exactly_the_spans_starting_outside_every_range(
        bounds: list[tuple[int, int]], ranges: list[tuple[int, int]], in_order: bool) -> None:
    # spans in order of start take the slicing path, others one bisection per span: both keep
    # what the definition keeps, in the spans' own order
    text = "x" * 70
    spans = [make_span(Sentence, text, s, s + n) for s, n in (sorted(bounds) if in_order else bounds)]
    expected = [s for s in spans if not any(a <= s.start < b for a, b in ranges)]
    assert outside(spans, ranges) == expected
    assert outside(tuple(spans), ranges) == expected


def test_pipeline_build_rejects_stage_reading_a_layer_added_later() -> None:
    reads_claims = Stage("reader", _count, ("sentences",), ("events",), uses=("claims",))
    registry = {**REGISTRY, "reader": reads_claims, "claims2": Stage("claims2", _count, (), ("claims",))}
    with pytest.raises(PipelineError, match="put 'claims2' before 'reader'"):
        Pipeline.build(["sentences", "reader", "claims2"], registry)
    assert Pipeline.build(["sentences", "claims2", "reader"], registry).stages[-1].name == "reader"


def test_pipeline_freezes_what_the_first_document_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables and caches loaded by a first document leave the cycle collector's sight: its full
    passes re-read them otherwise (a quarter of the pipeline's CPU on 2,000 articles)."""
    monkeypatch.setattr(pipeline_module, "_documents_run", 0)  # as in a fresh process
    held = {"table": [["entry"] for _ in range(100)]}  # stands for a lexicon loaded on first use
    assert any(o is held for o in gc.get_objects())
    pipeline = Pipeline.build(["sentences"], REGISTRY)
    pipeline.run(Document("d1", "نص قصير."))
    assert not any(o is held for o in gc.get_objects())  # frozen: in no generation the collector reads
    later = {"cache": [["entry"]]}  # stands for the entries a word cache gains on later documents
    for n in range(2, 10):
        pipeline.run(Document(f"d{n}", "نص قصير."))
        assert any(o is later for o in gc.get_objects())  # between freezes: collected as usual
    pipeline.run(Document("d10", "نص قصير."))
    assert not any(o is later for o in gc.get_objects())  # frozen again after the 10th document


def test_pipeline_runs_a_document_without_the_cycle_collector() -> None:
    """A document's allocations start no collector pass (they form no cycles); the collector is
    on again after the document, and stays off for a caller that had switched it off."""
    seen: list[bool] = []

    def probe(doc: AnalyzedDoc) -> AnalyzedDoc:
        seen.append(gc.isenabled())
        return doc

    pipeline = Pipeline.build(["probe"], {"probe": Stage("probe", probe)})
    assert gc.isenabled()
    pipeline.run(Document("d1", "نص قصير."))
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        pipeline.run(Document("d2", "نص قصير."))
        assert not gc.isenabled()
    finally:
        gc.enable()
