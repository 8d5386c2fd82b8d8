"""A store of the shipped sample articles plus one hostile article, analysed once per session."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tabayyun.demo import samples_dir
from tabayyun.ingest.manifest import read_manifest
from tabayyun.runner import analyze_paths
from tabayyun.store import open_store
from tabayyun.web.app import create_app

PAYLOAD = '<script>alert(1)</script>" onmouseover="alert(2)'
HOSTILE = {
    "id": "hostile",
    "title": f"عنوان {PAYLOAD}",
    "outlet": f"وكالة {PAYLOAD}",
    "url": "javascript:alert(3)",
    "published": "2024-03-12",
    "text": f"قال مصدر إن 5 أشخاص قتلوا في هجوم على بلدة تل الريحان. {PAYLOAD} <img src=x onerror=alert(4)>\n",
}


# a report about real places, which the gazetteer geocodes (for the maps)
GEO = {"id": "geo", "title": "غارة على حلب", "outlet": "مراسل", "published": "2024-05-02",
       "text": "قال مصدر إن 5 أشخاص قتلوا في غارة على مدينة حلب شمال سوريا، ونزح 20 شخصاً إلى دمشق.\n"}


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("web")
    hostile = root / "hostile"
    hostile.mkdir()
    (hostile / "hostile.json").write_text(json.dumps(HOSTILE, ensure_ascii=False), encoding="utf-8")
    (hostile / "geo.json").write_text(json.dumps(GEO, ensure_ascii=False), encoding="utf-8")
    db = root / "samples.db"
    samples = samples_dir()
    with open_store(db) as store:
        analyze_paths([samples], store, read_manifest(samples / "manifest.csv"))
    with open_store(db) as store:
        analyze_paths([hostile], store)
    return str(db)


@pytest.fixture
def client(sample_db: str) -> Iterator[TestClient]:
    yield TestClient(create_app(sample_db))


def sample_path(name: str) -> Path:
    return samples_dir() / name
