"""Stage: sentences and tokens over the document body."""

from __future__ import annotations

from tabayyun.model import AnalyzedDoc
from tabayyun.pipeline import Stage, outside
from tabayyun.text.segment import split_sentences, tokenize


def segment(doc: AnalyzedDoc) -> AnalyzedDoc:
    end = doc.document.extraction_end
    skipped = doc.document.skipped
    sentences = outside(split_sentences(doc.text, 0, end), skipped)
    tokens = outside(tokenize(doc.text, 0, end), skipped)
    return doc.with_layer("sentences", sentences).with_layer("tokens", tokens)


STAGE = Stage("segment", segment, requires=(), provides=("sentences", "tokens"),
              doc="sentences and clitic-aware tokens with original offsets")
