"""Stage: sentences and tokens over the document body."""

from __future__ import annotations

from tabayyun.model import AnalyzedDoc
from tabayyun.pipeline import Stage
from tabayyun.text.segment import split_sentences, tokenize


def segment(doc: AnalyzedDoc) -> AnalyzedDoc:
    end = doc.document.extraction_end
    skipped = doc.document.skipped
    sentences = [s for s in split_sentences(doc.text, 0, end) if not _inside(s.start, skipped)]
    tokens = [t for t in tokenize(doc.text, 0, end) if not _inside(t.start, skipped)]
    return doc.with_layer("sentences", sentences).with_layer("tokens", tokens)


def _inside(offset: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(s <= offset < e for s, e in ranges)


STAGE = Stage("segment", segment, requires=(), provides=("sentences", "tokens"),
              doc="sentences and clitic-aware tokens with original offsets")
