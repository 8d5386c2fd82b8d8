"""One ranking of place precision for every module that compares places."""

from __future__ import annotations

import pytest

from tabayyun.geo.precision import acled_geo_precision, is_coarse, specificity
from tabayyun.model import EntityLabel


@pytest.mark.parametrize(("finer", "coarser"), [
    ("facility", "town"), ("neighbourhood", "town"), ("town", "admin3"), ("admin2", "admin1"), ("admin1", "country"),
])
def test_specificity_orders_finer_first(finer: str, coarser: str) -> None:
    assert specificity(finer) < specificity(coarser)


def test_specificity_facility_label_is_a_site_whatever_its_geocoding() -> None:
    assert specificity("admin1", EntityLabel.FAC) == 0


@pytest.mark.parametrize(("precision", "coarse"), [
    ("admin1", True), ("governorate", True), ("country", True), ("town", False), (None, False), ("admin3", False),
])
def test_is_coarse_from_province_up(precision: str | None, coarse: bool) -> None:
    assert is_coarse(precision) is coarse


@pytest.mark.parametrize(("precision", "code"), [("facility", 1), ("town", 1), ("admin3", 2), (None, 2), ("admin1", 3),
                                                 ("country", 3)])
def test_acled_geo_precision_codes(precision: str | None, code: int) -> None:
    assert acled_geo_precision(precision) == code
