"""The product's core promise, checked on every layer the default pipeline adds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabayyun.demo import samples_dir
from tabayyun.ingest import IngestProblem, read_documents
from tabayyun.ingest.manifest import read_manifest
from tabayyun.model import Attribution, Claim, Document
from tabayyun.stages import default_pipeline

SAMPLES = sorted(p.stem for p in samples_dir().glob("*.txt"))


@pytest.fixture(scope="module")
def outcomes() -> dict[str, object]:
    pipeline = default_pipeline()
    docs = read_documents([samples_dir()], read_manifest(samples_dir() / "manifest.csv"))
    return {d.doc_id: pipeline.run(d) for d in docs if not isinstance(d, IngestProblem)}


@pytest.mark.parametrize("doc_id", SAMPLES)
def test_every_span_is_its_surface_form(outcomes: dict[str, object], doc_id: str) -> None:
    outcome = outcomes[doc_id]
    assert not outcome.failures, outcome.failures  # type: ignore[attr-defined]
    doc = outcome.analyzed  # type: ignore[attr-defined]
    text = doc.text
    layers = set()
    for layer, span in doc.spans():
        layers.add(layer)
        assert 0 <= span.start <= span.end <= len(text), (layer, span)
        assert text[span.start:span.end] == span.text, (layer, span)
        if isinstance(span, Attribution) and span.source_end:
            assert text[span.source_start:span.source_end] == span.source_text, span
        if isinstance(span, Claim) and span.quantity_end:
            assert span.start <= span.quantity_start < span.quantity_end <= span.end, span
    assert {"sentences", "tokens"} <= layers


def test_samples_are_ours_and_listed_in_manifest() -> None:
    manifest = read_manifest(samples_dir() / "manifest.csv")
    assert sorted(manifest) == SAMPLES
    assert (Path(samples_dir()) / "README.md").read_text(encoding="utf-8").count("invented") >= 1


WORDS = ["قال", "مصدر", "أمني", "إن", "12", "١٥", "شخصاً", "قتلوا", "أمس", "في", "مدينة", "الحسكة", "نحو", "عشرات",
         "وأضاف", "المصدر", "«", "»", "،", ".", "\n", "اليوم", "الجمعة", "سجن", "داعش", "قسد", "غارة", "بحسب", "وكالة",
         "عن", "مصادر", "محلية", "ثلاثة", "آلاف", "نازح", "2015", "%", "دولار", "ـ", "\u200f", "Reuters", "x"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60), st.text(max_size=20))
def test_default_pipeline_never_fails_and_keeps_offsets(words: list[str], noise: str) -> None:
    text = " ".join(words) + noise
    if not text.strip():
        return
    outcome = default_pipeline().run(Document("fuzz", text, published=date(2024, 3, 10)))
    assert not outcome.failures, outcome.failures[0].detail
    for layer, span in outcome.analyzed.spans():
        assert text[span.start:span.end] == span.text, (layer, span)
