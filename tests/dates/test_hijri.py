"""Tabular Hijri calendar conversion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tabayyun.dates.hijri import gregorian_to_hijri, hijri_to_gregorian


@pytest.mark.parametrize(("hijri", "gregorian"), [
    ((1436, 9, 1), date(2015, 6, 18)),
    ((1443, 1, 1), date(2021, 8, 9)),
    ((1400, 1, 1), date(1979, 11, 20)),
])
def test_hijri_to_gregorian_known_days(hijri: tuple[int, int, int], gregorian: date) -> None:
    # observed calendars may differ by a day; these are the tabular values
    assert abs((hijri_to_gregorian(*hijri) - gregorian).days) <= 1


@pytest.mark.parametrize("start", [date(1990, 1, 1), date(2015, 7, 1), date(2024, 2, 28)])
def test_hijri_round_trip_is_exact(start: date) -> None:
    for n in range(400):
        day = start + timedelta(days=n)
        assert hijri_to_gregorian(*gregorian_to_hijri(day)) == day


@pytest.mark.parametrize("bad", [(1436, 13, 1), (1436, 1, 31), (0, 1, 1)])
def test_hijri_rejects_impossible_dates(bad: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError):
        hijri_to_gregorian(*bad)
