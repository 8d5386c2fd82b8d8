"""Great-circle distance between two geocoded things (mentions, events, places)."""

from __future__ import annotations

import math
from typing import Protocol

EARTH_RADIUS_KM = 6371.0


class Located(Protocol):
    @property
    def lat(self) -> float | None: ...

    @property
    def lon(self) -> float | None: ...


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def km_between(a: Located, b: Located) -> float | None:
    """Kilometres between two located things; None when either has no coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)
