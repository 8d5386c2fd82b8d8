"""How precisely a place is known: the one ranking every module uses to compare places.

A mention or event carries a ``geo_precision`` string (the gazetteer level it was found at,
or a facility). ``specificity`` orders them, smaller being more specific: a facility or a
neighbourhood beats its town, the town its district, the district its province. A place of
province rank or coarser may hold several separate incidents (``is_coarse``). ACLED's
numeric ``geo_precision`` (1 = the town or finer, 2 = near it or in its district, 3 = only the
province) is read from the same ranking.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tabayyun.model import EntityLabel

# the geo_precision a mention reports for a place found at each gazetteer level
PRECISION_OF_LEVEL: Mapping[str, str] = MappingProxyType({
    "capital": "town", "admin1-seat": "town", "city": "town", "village": "town", "region": "admin1",
})

SPECIFICITY: Mapping[str, int] = MappingProxyType({
    "facility": 0, "fac": 0, "point": 0, "site": 0, "building": 0,
    "neighbourhood": 1, "neighborhood": 1, "district_city": 1, "village": 1, "quarter": 1,
    "town": 2, "city": 2, "locality": 2, "populated_place": 2,
    "district": 3, "subdistrict": 3, "admin2": 3, "admin3": 3, "adm2": 3, "adm3": 3,
    "governorate": 4, "province": 4, "admin1": 4, "adm1": 4, "region": 4, "state": 4,
    "country": 6, "adm0": 6, "continent": 7,
})
UNKNOWN = 3  # a place of unknown precision ranks with districts: finer than a province, coarser than a town
COARSE = 4  # province and coarser


def specificity(precision: str | None, label: EntityLabel | None = None) -> int:
    """Smaller is more specific; a facility mention is a site whatever its geocoding."""
    if label == EntityLabel.FAC:
        return 0
    return SPECIFICITY.get((precision or "").lower(), UNKNOWN)


def is_coarse(precision: str | None) -> bool:
    """A province, region or country: it may hold several separate incidents."""
    return specificity(precision) >= COARSE


def acled_geo_precision(precision: str | None) -> int:
    """ACLED's code: 1 the town or finer, 2 a district or an unknown level, 3 a province or coarser."""
    rank = specificity(precision)
    return 1 if rank <= 2 else 2 if rank < COARSE else 3
