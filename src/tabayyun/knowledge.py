"""The knowledge a pipeline runs on: its data files, their fingerprint, and a check that they load.

A stored document carries the fingerprint of the pipeline that analysed it (package version,
stage list, the hash of every knowledge file it reads, ``TABAYYUN_DATA`` overrides included,
and the NER model); ``tabayyun refresh`` re-analyses the documents whose fingerprint is not
the current one. ``check_knowledge`` loads every file and runs the pipeline on tabayyun's own
sample articles before anything is stored, so a broken file stops the run instead of leaving
documents without claims.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from tabayyun import __version__
from tabayyun.geo.gazetteer import user_file
from tabayyun.lexicon import OVERRIDE_ENV, data_path, load_json
from tabayyun.model import Document
from tabayyun.ner.tagger import default_model_dir
from tabayyun.pipeline import Pipeline

# folders of tabayyun/data the pipeline reads through ``lexicon.data_path`` (overridable)
KNOWLEDGE_DIRS = ("lexicon", "kb", "gazetteer")
# files beside the NER model that document it and are never read when tagging
NER_DOCS = frozenset({"MODEL_CARD.md", "metrics.json"})


class KnowledgeError(ValueError):
    """A knowledge file is missing or broken: nothing may be analysed with it."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    digest: str
    description: dict[str, Any]


def _shipped_root() -> Path:
    return Path(str(resources.files("tabayyun").joinpath("data")))


def knowledge_files() -> dict[str, Path]:
    """Every file the pipeline may read, by its path under tabayyun/data, resolved through the
    analyst's ``TABAYYUN_DATA`` overrides (the NER model is always the shipped one), and the
    places the analyst imported (``user/places.tsv``) when there are any."""
    root = _shipped_root()
    files: dict[str, Path] = {}
    for folder in KNOWLEDGE_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix != ".md":
                rel = path.relative_to(root)
                files[rel.as_posix()] = data_path(*rel.parts)
    model = default_model_dir()
    for path in sorted(model.iterdir()):
        if path.is_file() and path.name not in NER_DOCS:
            files[f"ner/{path.name}"] = path
    if user_file().is_file():
        files["user/places.tsv"] = user_file()
    return files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pipeline_fingerprint(pipeline: Pipeline) -> Fingerprint:
    files = knowledge_files()
    root = _shipped_root()
    hashes = {rel: _sha256(path) for rel, path in files.items()}
    identity = {"version": __version__, "stages": [s.name for s in pipeline.stages], "files": hashes}
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    overrides = sorted(rel for rel, path in files.items() if not path.is_relative_to(root))
    description = {**identity, "overrides": overrides, "override_dir": os.environ.get(OVERRIDE_ENV) or None}
    return Fingerprint(digest, description)


def _samples() -> list[Document]:
    folder = _shipped_root() / "samples"
    published = {}
    for line in (folder / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]:
        doc_id, outlet, day, _url = line.split(",", 3)
        published[doc_id] = (outlet, date.fromisoformat(day))
    return [Document(f"probe:{path.stem}", path.read_text(encoding="utf-8"), outlet=published[path.stem][0],
                     published=published[path.stem][1]) for path in sorted(folder.glob("*.txt"))]


def check_knowledge(pipeline: Pipeline) -> None:
    """Load every JSON knowledge file and run the pipeline over the bundled sample articles;
    raise ``KnowledgeError`` naming what failed (and the overridden files) if anything does."""
    files = knowledge_files()
    overrides = [path for rel, path in files.items() if not path.is_relative_to(_shipped_root())]
    hint = (f" Files overridden through ${OVERRIDE_ENV}: {', '.join(map(str, overrides))}." if overrides else "")
    for rel, path in files.items():
        if rel.endswith(".json") and not rel.startswith("ner/"):
            try:
                load_json(*rel.split("/"))
            except (OSError, ValueError) as exc:
                raise KnowledgeError(f"knowledge file {path} cannot be used: {exc}.{hint}") from exc
    probe = Pipeline(pipeline.stages)  # its own timings: the probe is not part of the run's figures
    for document in _samples():
        outcome = probe.run(document)
        if outcome.failures:
            failure = outcome.failures[0]
            raise KnowledgeError(f"the '{failure.stage}' stage fails on tabayyun's own sample article "
                                 f"{document.doc_id.removeprefix('probe:')} ({failure.error}), so a knowledge file "
                                 f"it reads is broken; fix it before analysing anything.{hint}")
