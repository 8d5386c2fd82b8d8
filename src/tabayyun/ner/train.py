"""Train the CRF NER model on ANERcorp (build time only) and write the artefact directory."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pycrfsuite

from tabayyun.ner import seen
from tabayyun.ner.conll import Sentence, contiguous_parts, read_conll
from tabayyun.ner.features import FeatureConfig, FeatureExtractor, Features, load_gazetteer
from tabayyun.ner.memory import memory_features
from tabayyun.ner.scoring import Scores, score
from tabayyun.ner.tagger import (
    CLUSTERS_FILE,
    CONFIG_FILE,
    ENSEMBLE_FILE,
    FREQUENCIES_FILE,
    GAZETTEER_FILE,
    MODEL_FILE,
    NAMES_FILE,
    ORGANISATIONS_FILE,
    SEEN_NAMES_FILE,
    TRIGGERS_FILE,
    NerTagger,
    default_model_dir,
    load_extractor,
)
from tabayyun.ner.weights import CrfWeights, average
from tabayyun.ner.weights import save as save_weights

TRAIN_FILE = "ANERcorp_CAMeLsplit_reconstructed_train.txt"
GAZETTEER_SOURCES = {"ANERGazet_Pers.txt": "PER", "ANERGazet_Loc.txt": "LOC", "ANERGazet_Org.txt": "ORG"}
METRICS_FILE = "metrics.json"


ALGORITHMS = ("lbfgs", "ap", "pa")


@dataclass(frozen=True, slots=True)
class CrfParams:
    algorithm: str = "lbfgs"  # crfsuite trainer: lbfgs (c1/c2 apply), ap or pa (averaged)
    c1: float = 0.05
    c2: float = 0.01
    max_iterations: int = 100  # early stopping regularises: 5-fold CV 70 ≈ 85 ≈ 100 > 150 (+0.9 F1 over 150)
    min_freq: int = 1
    memory_folds: int = 5  # folds of out-of-fold first-pass tags feeding `mem=` in training
    bags: int = 4  # models each without a quarter of train, averaged with the full one (0: one model); +0.26 CV

    def __post_init__(self) -> None:
        # messages start with the field name: the CLI prefixes "--" to name the option that set it
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {self.algorithm!r}")
        if self.bags == 1 or self.bags < 0:
            raise ValueError(f"bags must be 0 (one model) or at least 2, got {self.bags}")

    def trainer_params(self) -> dict[str, object]:
        """crfsuite parameters for the chosen algorithm."""
        params: dict[str, object] = {
            "max_iterations": self.max_iterations,
            "feature.minfreq": self.min_freq,
            "feature.possible_transitions": True,
        }
        if self.algorithm == "lbfgs":
            params.update(c1=self.c1, c2=self.c2)
        return params


@dataclass(slots=True)
class TrainReport:
    train_sentences: int
    holdout_sentences: int
    holdout: Scores | None
    seconds: float
    model_bytes: int
    params: CrfParams
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        holdout = None
        if self.holdout is not None:
            holdout = {
                s.label: {"p": round(s.precision, 4), "r": round(s.recall, 4), "f1": round(s.f1, 4)}
                for s in [*self.holdout.by_type.values(), self.holdout.overall]
            }
        return {
            "train_sentences": self.train_sentences,
            "holdout_sentences": self.holdout_sentences,
            "holdout": holdout,
            "train_seconds": round(self.seconds, 1),
            "model_bytes": self.model_bytes,
            "params": asdict(self.params),
        }


def compile_gazetteer(anercorp_dir: Path) -> list[str]:
    """ANERgazet lists as `LABEL<TAB>entry` lines, deduplicated, separator lines dropped."""
    lines: list[str] = ["# Compiled from ANERgazet (Benajiba et al. 2007) by `tabayyun train-ner`."]
    seen: set[tuple[str, str]] = set()
    for name, label in GAZETTEER_SOURCES.items():
        for raw in (anercorp_dir / name).read_text(encoding="utf-8").splitlines():
            entry = " ".join(raw.replace("\ufeff", "").replace("\u200f", "").split())
            if not entry or set(entry) <= set("=-_*"):
                continue
            if (label, entry) not in seen:
                seen.add((label, entry))
                lines.append(f"{label}\t{entry}")
    return lines


def split_holdout(sentences: Sequence[Sentence], fraction: float) -> tuple[list[Sentence], list[Sentence]]:
    """Hold out the last `fraction` of sentences (documents are contiguous, so no leakage by shuffling)."""
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"holdout fraction must be in [0, 1), got {fraction}")
    cut = len(sentences) - round(len(sentences) * fraction)
    return list(sentences[:cut]), list(sentences[cut:])


def _fit(
    features: Sequence[Sequence[Sequence[bytes]]], tags: Sequence[Sequence[str]], params: CrfParams, path: Path
) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence_features, sentence_tags in zip(features, tags, strict=True):
        trainer.append(sentence_features, list(sentence_tags))
    trainer.select(params.algorithm)
    trainer.set_params(params.trainer_params())
    trainer.train(str(path))


def out_of_fold_tags(
    features: Sequence[Sequence[Sequence[bytes]]], tags: Sequence[Sequence[str]], params: CrfParams, folds: int
) -> list[list[str]]:
    """Tags for every sentence from a model that did not see it (contiguous folds, no memory).

    Memory features are trained on these rather than on gold tags: at tagging time they come
    from the model's own first pass, which misses and confuses names the way these do.
    """
    out: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fold.crfsuite"
        for part in contiguous_parts(len(features), folds):
            lo, hi = part.start, part.stop
            _fit([*features[:lo], *features[hi:]], [*tags[:lo], *tags[hi:]], params, path)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            out.extend(tagger.tag(f) if f else [] for f in features[lo:hi])
            tagger.close()
    return out


def train_crf(
    sentences: Sequence[Sentence],
    extractor: FeatureExtractor,
    params: CrfParams,
    model_path: Path,
    workers: int | None = None,
) -> None:
    """Fit a linear-chain CRF (with out-of-fold document memory if configured); write a gzipped model.

    With `params.bags`, also fits one model per part of `sentences` left out and writes the
    average of all of them (`ENSEMBLE_FILE`, which the tagger decodes) beside the full model;
    the fits run in `workers` processes (default: one per core). With `seen_names` configured,
    also writes the dictionary of the names annotated in `sentences` next to the model (the tagger
    reads it from there), and trains on out-of-fold dictionaries.
    """
    if params.bags and extractor.config.memory_window:
        raise ValueError("bags average models that document memory cannot be decoded with; set one of them to 0")
    members = [list(sentences)]  # then each bag: all but one contiguous part (documents stay whole)
    members += [[*sentences[: p.start], *sentences[p.stop :]] for p in contiguous_parts(len(sentences), params.bags)]
    ensemble_path = model_path.parent / ENSEMBLE_FILE
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"member{i}.crfsuite" for i in range(len(members))]
        jobs = [(member, extractor, params, path) for member, path in zip(members, paths, strict=True)]
        processes = min(len(jobs), workers or os.cpu_count() or 1)
        if processes > 1:
            with ProcessPoolExecutor(processes) as pool:
                list(pool.map(_fit_member, *zip(*jobs, strict=True)))
        else:
            for job in jobs:
                _fit_member(*job)
        # the full-train member first, then the average that overrides it, then the dictionary:
        # an interrupted run leaves the old average and dictionary deciding, never a mix of new ones
        model_path.write_bytes(gzip.compress(paths[0].read_bytes(), compresslevel=9, mtime=0))
        if params.bags:
            save_weights(ensemble_path, average([_read_weights(path) for path in paths]))
        else:
            ensemble_path.unlink(missing_ok=True)  # a stale average would override the new model
    if extractor.config.seen_names:
        stems = [[extractor.stem(w) for w in s.tokens] for s in sentences]
        seen.save(model_path.parent / SEEN_NAMES_FILE, seen.collect(stems, [s.tags for s in sentences]))


def _read_weights(path: Path) -> CrfWeights:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    try:
        return CrfWeights.from_tagger(tagger)
    finally:
        tagger.close()


def _fit_member(sentences: Sequence[Sentence], extractor: FeatureExtractor, params: CrfParams, path: Path) -> None:
    """One CRF on `sentences`, written uncompressed to `path` (run in a worker process)."""
    gold = [s.tags for s in sentences]
    folds = extractor.config.seen_names
    if folds:
        stems = [[extractor.stem(w) for w in s.tokens] for s in sentences]
        features: list[list[Features]] = []
        for part, names in seen.out_of_fold(stems, gold, folds):
            part_extractor = extractor.with_seen_names(names)
            features.extend(part_extractor.sentence(sentences[i].tokens) for i in part)
    else:
        features = [extractor.sentence(s.tokens) for s in sentences]
    window = extractor.config.memory_window
    if window > 0:
        first = (
            out_of_fold_tags(features, gold, params, params.memory_folds)
            if params.memory_folds > 1
            else [list(t) for t in gold]
        )
        memory = memory_features([s.tokens for s in sentences], first, extractor.stem, window)
        features = [
            [f + e for f, e in zip(fs, es, strict=True)] for fs, es in zip(features, memory, strict=True)
        ]
    _fit(features, gold, params, path)


def evaluate(tagger: NerTagger, sentences: Sequence[Sentence], types: Sequence[str] | None = None) -> Scores:
    """Entity-level scores of `tagger` on gold sentences."""
    predicted = tagger.tag_sentences([s.tokens for s in sentences])
    return score([s.tags for s in sentences], predicted, types)


def prepare_artefact_dir(
    out_dir: Path, gazetteer_lines: Sequence[str], config: FeatureConfig, clusters: Path | None = None
) -> None:
    """Write everything except the model file: feature config, gazetteer, clusters and triggers.

    Clusters (built by scripts/build_ner_clusters.py) and triggers (edited by hand) are taken
    from the package data dir unless `clusters` names another table.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    config.save(out_dir / CONFIG_FILE)
    (out_dir / GAZETTEER_FILE).write_text("\n".join(gazetteer_lines) + "\n", encoding="utf-8")
    package = default_model_dir()
    wanted = []  # (source, target, what builds the source)
    if config.clusters:
        wanted.append((clusters or package / CLUSTERS_FILE, out_dir / CLUSTERS_FILE, "scripts/build_ner_clusters.py"))
    if config.triggers:
        wanted.append((package / TRIGGERS_FILE, out_dir / TRIGGERS_FILE, "a hand-written list; restore it from git"))
    if config.frequencies:
        wanted.append((package / FREQUENCIES_FILE, out_dir / FREQUENCIES_FILE, "scripts/build_ner_frequencies.py"))
    if config.names:
        wanted.append((package / NAMES_FILE, out_dir / NAMES_FILE, "scripts/build_ner_names.py"))
        wanted.append((package / ORGANISATIONS_FILE, out_dir / ORGANISATIONS_FILE, "a hand-written list; restore it from git"))
    for source, target, builder in wanted:
        if not source.is_file():
            raise FileNotFoundError(f"{source} is missing; it comes from {builder}")
        if source.resolve() != target.resolve():
            target.write_bytes(source.read_bytes())


def train_ner(
    data_dir: Path,
    out_dir: Path,
    holdout: float = 0.1,
    params: CrfParams | None = None,
    config: FeatureConfig | None = None,
    refit: bool = True,
    clusters: Path | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> TrainReport:
    """Train on ANERcorp train minus a held-out tail, score the tail, then refit on all of train."""
    params = params or CrfParams()
    config = config or FeatureConfig()
    started = time.perf_counter()
    sentences = read_conll(data_dir / TRAIN_FILE)
    fit, held = split_holdout(sentences, holdout)
    prepare_artefact_dir(out_dir, compile_gazetteer(data_dir), config, clusters)
    extractor = load_extractor(out_dir, with_seen_names=False)
    log(f"gazetteer: {len(load_gazetteer(out_dir / GAZETTEER_FILE))} entries")
    if config.names:
        log(f"external name lists: {len(load_gazetteer(out_dir / NAMES_FILE))} entries")
        log(f"organisations: {len(load_gazetteer(out_dir / ORGANISATIONS_FILE))} entries")
    scores = None
    model_path = out_dir / MODEL_FILE
    if held:
        log(f"training on {len(fit)} sentences, holding out {len(held)}")
        train_crf(fit, extractor, params, model_path)
        scores = evaluate(NerTagger.load(out_dir), held)
        log("holdout scores:\n" + scores.table())
    if refit or not held:
        log(f"training on all {len(sentences)} training sentences")
        train_crf(sentences, extractor, params, model_path)
    report = TrainReport(
        train_sentences=len(sentences) if (refit or not held) else len(fit),
        holdout_sentences=len(held),
        holdout=scores,
        seconds=time.perf_counter() - started,
        model_bytes=model_path.stat().st_size,
        params=params,
    )
    (out_dir / METRICS_FILE).write_text(json.dumps(report.as_json(), indent=2) + "\n", encoding="utf-8")
    return report
