"""Load the shipped CRF NER model and tag tokens or raw text with character offsets."""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from tabayyun.ner import frequent, seen
from tabayyun.ner._tokenize import sentence_words
from tabayyun.ner.consistency import harmonise, load_links
from tabayyun.ner.errors import ModelNotFoundError
from tabayyun.ner.features import (
    FeatureConfig,
    FeatureExtractor,
    load_clusters,
    load_frequencies,
    load_gazetteer,
    load_triggers,
    normalize,
)
from tabayyun.ner.memory import memory_features
from tabayyun.ner.scoring import chunks
from tabayyun.ner.viterbi import CrfDecoder
from tabayyun.ner.weights import CrfWeights
from tabayyun.ner.weights import load as load_weights

MODEL_FILE = "model.crfsuite.gz"
ENSEMBLE_FILE = "ensemble.tsv.gz"  # averaged weights of the bagged models, when trained with bags
CONFIG_FILE = "features.json"
GAZETTEER_FILE = "gazetteer.tsv"
CLUSTERS_FILE = "clusters.tsv.gz"
TRIGGERS_FILE = "triggers.tsv"
FREQUENCIES_FILE = "frequencies.tsv.gz"
NAMES_FILE = "names.tsv"
ORGANISATIONS_FILE = "organisations.tsv"  # hand-written; read before names.tsv
SEEN_NAMES_FILE = "seen_names.tsv"
LINKS_FILE = "name_links.txt"  # hand-written; read from the package data dir (no retraining needed)
# the files a word's attributes and their weights come from (the frequent-words table is built for them)
ATTRIBUTE_SOURCES = (CONFIG_FILE, GAZETTEER_FILE, ORGANISATIONS_FILE, NAMES_FILE, CLUSTERS_FILE, TRIGGERS_FILE,
                     FREQUENCIES_FILE, ENSEMBLE_FILE, MODEL_FILE)


@dataclass(frozen=True, slots=True)
class NerSpan:
    start: int
    end: int
    label: str  # PER, ORG, LOC or MISC


def default_model_dir() -> Path:
    """The artefact directory shipped inside the package."""
    return Path(str(resources.files("tabayyun.data").joinpath("ner")))


def load_extractor(
    model_dir: Path, known: frozenset[bytes] | None = None, with_seen_names: bool = True
) -> FeatureExtractor:
    """The feature extractor a model in `model_dir` was trained with.

    Training passes `with_seen_names=False`: it gives every part of train its own dictionary, and
    `seen_names.tsv` is only written once the model is."""
    config = FeatureConfig.load(model_dir / CONFIG_FILE)
    gazetteer = load_gazetteer(model_dir / GAZETTEER_FILE)
    if config.names:
        # the broader lists only fill keys ANERgazet does not already label; our hand-written
        # organisations come before names.tsv, whose city and people lists hold some of them wrongly
        for name_file in (ORGANISATIONS_FILE, NAMES_FILE):
            for key, label in load_gazetteer(model_dir / name_file).items():
                gazetteer.setdefault(key, label)
    clusters = load_clusters(model_dir / CLUSTERS_FILE) if config.clusters else None
    triggers = load_triggers(model_dir / TRIGGERS_FILE) if config.triggers else None
    frequencies = load_frequencies(model_dir / FREQUENCIES_FILE) if config.frequencies else None
    seen_names = None
    if config.seen_names and with_seen_names:
        seen_file = model_dir / SEEN_NAMES_FILE
        if not seen_file.is_file():
            raise ModelNotFoundError(f"{seen_file} is missing; `tabayyun train-ner` writes it with the model")
        seen_names = seen.load(seen_file)
    return FeatureExtractor(config, gazetteer, clusters, known, triggers, frequencies, seen_names)


class NerTagger:
    """A CRF (one crfsuite model, or the average of bagged models) plus the feature extractor it was trained with."""

    # not a dataclass: owns a native tagger and the model bytes it reads from
    def __init__(self, model_bytes: bytes, model_dir: Path) -> None:
        self._model_bytes = model_bytes  # crfsuite reads the buffer in place: keep it alive
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(model_bytes)
        ensemble = model_dir / ENSEMBLE_FILE
        # the averaged weights decide every tag when present; the crfsuite model is the full-train member
        weights = load_weights(ensemble) if ensemble.is_file() else CrfWeights.from_tagger(self._tagger)
        self._extractor = load_extractor(model_dir, weights.attributes())
        self._links = load_links(default_model_dir() / LINKS_FILE)
        # document memory adds per-token attributes the word-type caches cannot hold: crfsuite decodes those
        self._decoder: CrfDecoder | None = None
        if self._extractor.config.memory_window == 0:
            table = frequent.load(model_dir / frequent.FREQUENT_FILE, attribute_fingerprint(model_dir),
                                  1 + len(self._extractor.offsets()))
            self._decoder = CrfDecoder(weights, self._extractor, table)
        if self._decoder is None and ensemble.is_file():
            raise ValueError(f"{ensemble}: averaged models cannot use document memory; retrain without one of them")

    @classmethod
    def load(cls, path: Path | None = None) -> NerTagger:
        """Load from an artefact directory (or its model file); default: the shipped model."""
        model_dir = default_model_dir() if path is None else Path(path)
        if model_dir.is_file():
            model_dir = model_dir.parent
        model_file = model_dir / MODEL_FILE
        if not model_file.is_file():
            raise ModelNotFoundError(f"no NER model at {model_file}; run `tabayyun train-ner` to build one")
        return cls(gzip.decompress(model_file.read_bytes()), model_dir)

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 tags for one tokenised sentence."""
        if not tokens:
            return []
        if self._decoder is not None:
            return self._decoder.tag([tokens])[0]
        tags: list[str] = self._tagger.tag(self._extractor.sentence(tokens))
        return tags

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for consecutive sentences of one document, using document memory if the model has it."""
        config = self._extractor.config
        tags: list[list[str]]
        stems: list[list[str]] | None = None
        if self._decoder is not None:
            tags, stems = self._decoder.tag_with_stems(sentences)
        else:
            feats = [self._extractor.sentence(s) for s in sentences]
            tags = [self._tagger.tag(f) if f else [] for f in feats]
            if config.memory_window > 0 and len(sentences) > 1:
                tags = self._second_pass(sentences, feats, tags, config.memory_window)
        if config.propagate_window > 0 and len(sentences) > 0:
            tags = harmonise(sentences, tags, self._extractor.stem, config.propagate_window, self._links, stems)
        return tags

    def _second_pass(
        self,
        sentences: Sequence[Sequence[str]],
        feats: Sequence[Sequence[tuple[bytes, ...]]],
        first: list[list[str]],
        window: int,
    ) -> list[list[str]]:
        memory = memory_features(sentences, first, self._extractor.stem, window)
        second: list[list[str]] = []
        for sentence_feats, extra, tags in zip(feats, memory, first, strict=True):
            # without a memory hit the second pass would see exactly the first pass's features
            if any(extra):
                with_memory = [f + e for f, e in zip(sentence_feats, extra, strict=True)]
                second.append(self._tagger.tag(with_memory))
            else:
                second.append(tags)
        return second

    def tag_text(self, text: str) -> list[NerSpan]:
        """Entity spans over raw text, tagged sentence by sentence; offsets index `text`."""
        spans: list[NerSpan] = []
        document = sentence_words(text)
        tagged = self.tag_sentences([words for words, _ in document])
        for (_, offsets), tags in zip(document, tagged, strict=True):
            for start, end, label in chunks(tags):
                spans.append(NerSpan(offsets[start][0], offsets[end - 1][1], label))
        return spans


def attribute_fingerprint(model_dir: Path) -> str:
    """Fingerprint of the model files a word's attributes and their weights depend on."""
    return frequent.fingerprint(model_dir / name for name in ATTRIBUTE_SOURCES)


def write_frequent_words(model_dir: Path, count: int = frequent.DEFAULT_WORDS) -> Path:
    """(Re)build the table of the most frequent words' attribute rows for the model in ``model_dir``."""
    tagger = NerTagger.load(model_dir)
    decoder = tagger._decoder
    if decoder is None:
        raise ValueError(f"{model_dir}: a model with document memory has no word-type rows to precompute")
    source = model_dir / FREQUENCIES_FILE
    frequencies = load_frequencies(source if source.is_file() else default_model_dir() / FREQUENCIES_FILE)
    norms = frequent_norms(frequencies, count)
    path = model_dir / frequent.FREQUENT_FILE
    frequent.save(path, norms, decoder.attribute_rows, attribute_fingerprint(model_dir), decoder.segments_per_word)
    return path


def frequent_norms(frequencies: dict[str, int], count: int) -> list[str]:
    return frequent.frequent_norms(frequencies, count, normalize)


@lru_cache(maxsize=1)
def load_default_tagger() -> NerTagger:
    """The shipped tagger, loaded once per process."""
    return NerTagger.load()
