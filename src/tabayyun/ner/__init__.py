"""Arabic named-entity recognition: a CRF trained on ANERcorp, shipped with the package."""

from tabayyun.ner.tagger import NerSpan, NerTagger, load_default_tagger

__all__ = ["NerSpan", "NerTagger", "load_default_tagger"]
