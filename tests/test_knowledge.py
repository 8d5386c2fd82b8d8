"""The pipeline fingerprint covers every knowledge file the pipeline reads, overrides included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tabayyun.knowledge import knowledge_files, pipeline_fingerprint
from tabayyun.lexicon import OVERRIDE_ENV
from tabayyun.stages import default_pipeline

SPY = r"""
import json
import tabayyun.lexicon as lexicon
asked = set()
real = lexicon.data_path
def spy(*parts):
    asked.add("/".join(parts))
    return real(*parts)
lexicon.data_path = spy  # before any module binds it with `from tabayyun.lexicon import data_path`
from tabayyun.knowledge import _samples, knowledge_files
from tabayyun.stages import default_pipeline
pipeline = default_pipeline()
for doc in _samples():
    assert not pipeline.run(doc).failures
read = set(asked)
print(json.dumps({"read": sorted(read), "missing": sorted(read - set(knowledge_files()))}))
"""


def test_knowledge_files_cover_every_file_the_pipeline_reads() -> None:
    env = {k: v for k, v in os.environ.items() if k != OVERRIDE_ENV}
    result = subprocess.run([sys.executable, "-c", SPY], capture_output=True, text=True, env=env, timeout=600,
                            check=True)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(found["read"]) > 10
    assert found["missing"] == []


def test_fingerprint_changes_with_an_overridden_knowledge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(OVERRIDE_ENV, raising=False)
    pipeline = default_pipeline()
    shipped = pipeline_fingerprint(pipeline)
    assert pipeline_fingerprint(pipeline).digest == shipped.digest
    assert shipped.description["overrides"] == []
    assert {"lexicon/measures.json", "ner/ensemble.tsv.gz"} <= set(shipped.description["files"])

    (tmp_path / "lexicon").mkdir()
    same = knowledge_files()["lexicon/hedges.json"].read_bytes()
    (tmp_path / "lexicon" / "hedges.json").write_bytes(same)
    monkeypatch.setenv(OVERRIDE_ENV, str(tmp_path))
    copied = pipeline_fingerprint(pipeline)
    assert copied.digest == shipped.digest  # an override with the same content changes nothing
    assert copied.description["overrides"] == ["lexicon/hedges.json"]

    (tmp_path / "lexicon" / "hedges.json").write_bytes(same.replace(b"]", b', "\\u0642\\u064a\\u0644 \\u0625\\u0646"]', 1))
    assert pipeline_fingerprint(pipeline).digest != shipped.digest


def test_fingerprint_names_the_stages() -> None:
    pipeline = default_pipeline()
    assert pipeline_fingerprint(pipeline).description["stages"] == [s.name for s in pipeline.stages]
