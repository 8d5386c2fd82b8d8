"""Across outlets: stories, findings, text reuse, framing and timelines over a corpus."""

from tabayyun.analysis.corpus import CorpusAnalysis, analyze_corpus, corpus_records

__all__ = ["CorpusAnalysis", "analyze_corpus", "corpus_records"]
