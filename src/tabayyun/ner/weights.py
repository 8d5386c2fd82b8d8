"""CRF weights outside crfsuite: read from a model, averaged over several models, saved and loaded.

The shipped tagger is an average of CRFs trained on overlapping parts of train (`train.py`,
`CrfParams.bags`). A CRF's score is linear in its weights, so averaging the weights of several
models is the same as averaging their scores: one model to decode, as fast as any of them, whose
decisions vary less with the particular sentences it was trained on. crfsuite cannot write such a
model, so the average is stored in a small table of our own (`ensemble.tsv.gz`) that `viterbi.py`
decodes.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

_HEADER = "# tabayyun CRF weights: L labels..., T from to weight, S attribute label weight"


class WeightsFormatError(ValueError):
    """A weights table that is not in the format `save` writes."""


@dataclass(frozen=True, slots=True)
class CrfWeights:
    """The parameters of a linear-chain CRF: label set, (attribute, label) and (label, label) weights."""

    labels: tuple[str, ...]
    state_features: Mapping[tuple[str, str], float]
    transitions: Mapping[tuple[str, str], float]

    @classmethod
    def from_tagger(cls, tagger: pycrfsuite.Tagger) -> CrfWeights:
        """The weights of an opened crfsuite model (slow: crfsuite dumps the model as text)."""
        info = tagger.info()
        return cls(tuple(tagger.labels()), dict(info.state_features), dict(info.transitions))

    def attributes(self) -> frozenset[bytes]:
        """Attributes with a weight: the feature extractor drops all others."""
        return frozenset(attribute.encode() for attribute, _ in self.state_features)


def average(models: Sequence[CrfWeights]) -> CrfWeights:
    """The mean of several models' weights (a weight a model lacks counts as zero)."""
    if not models:
        raise ValueError("average needs at least one model")
    labels = models[0].labels
    if any(set(m.labels) != set(labels) for m in models):
        raise ValueError("models with different label sets cannot be averaged")
    state: dict[tuple[str, str], float] = defaultdict(float)
    transitions: dict[tuple[str, str], float] = defaultdict(float)
    share = 1.0 / len(models)
    for model in models:
        for key, weight in model.state_features.items():
            state[key] += weight * share
        for key, weight in model.transitions.items():
            transitions[key] += weight * share
    return CrfWeights(labels, dict(state), dict(transitions))


def save(path: Path, weights: CrfWeights) -> None:
    """Write a gzipped, sorted (so byte-identical for identical weights) text table."""
    lines = [_HEADER, "L\t" + "\t".join(weights.labels)]
    lines += [f"T\t{a}\t{b}\t{w:.9g}" for (a, b), w in sorted(weights.transitions.items())]
    lines += [f"S\t{a}\t{label}\t{w:.9g}" for (a, label), w in sorted(weights.state_features.items())]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0))


def load(path: Path) -> CrfWeights:
    """Read a table written by `save`."""
    labels: tuple[str, ...] = ()
    state: dict[tuple[str, str], float] = {}
    transitions: dict[tuple[str, str], float] = {}
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        kind, _, rest = line.partition("\t")
        try:
            if kind == "S":
                attribute, label, weight = rest.rsplit("\t", 2)
                state[(attribute, label)] = float(weight)
            elif kind == "T":
                before, after, weight = rest.split("\t")
                transitions[(before, after)] = float(weight)
            elif kind == "L":
                labels = tuple(rest.split("\t"))
            elif not line.startswith("#"):
                raise ValueError(f"unknown row kind {kind!r}")
        except ValueError as error:
            raise WeightsFormatError(f"{path}:{number}: {error}; retrain with `tabayyun train-ner`") from error
    if not labels:
        raise WeightsFormatError(f"{path}: no label row; retrain with `tabayyun train-ner`")
    return CrfWeights(labels, state, transitions)
