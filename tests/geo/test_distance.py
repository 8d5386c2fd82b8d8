from __future__ import annotations

from dataclasses import dataclass

import pytest

from tabayyun.geo.distance import haversine_km, km_between


@dataclass
class _Point:
    lat: float | None
    lon: float | None


@pytest.mark.parametrize(("a", "b", "km"), [
    ((33.5138, 36.2765), (36.2021, 37.1343), 309.0),  # Damascus - Aleppo
    ((36.5024, 40.7477), (36.5024, 40.7477), 0.0),
    ((0.0, 0.0), (0.0, 1.0), 111.2),
])
def test_haversine_km_known_distances(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert haversine_km(*a, *b) == pytest.approx(km, abs=1.0)


def test_km_between_needs_both_coordinates() -> None:
    assert km_between(_Point(1.0, 1.0), _Point(None, 2.0)) is None
    assert km_between(_Point(0.0, 0.0), _Point(0.0, 1.0)) == pytest.approx(111.2, abs=0.5)
