"""Hijri ↔ Gregorian conversion with the arithmetic (tabular) Islamic calendar.

The tabular calendar (30-year cycle, leap years 2 5 7 10 13 16 18 21 24 26 29, civil
epoch 16 July 622 Julian) approximates the observed lunar calendar that newspapers
print (Umm al-Qura in Saudi Arabia, moon sighting elsewhere): a converted day can be off
by one, occasionally two. That is the best a calculation without tables can do, and
it is within the ±1 day tolerance the evaluation allows for event dates.
"""

from __future__ import annotations

import math
from datetime import date

_EPOCH_JD = 1948439.5  # 1 Muharram 1 AH (civil epoch) as a Julian day
_ORDINAL_JD = 1721424.5  # Julian day of proleptic Gregorian ordinal 0


def _hijri_jd(year: int, month: int, day: int) -> float:
    return (day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354
            + (3 + 11 * year) // 30 + _EPOCH_JD - 1)


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Hijri date (tabular calendar, ±1 day)."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        raise ValueError(f"not a Hijri date: {year}-{month}-{day}")
    return date.fromordinal(int(_hijri_jd(year, month, day) - _ORDINAL_JD))


def gregorian_to_hijri(value: date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in the tabular Hijri calendar."""
    jd = value.toordinal() + _ORDINAL_JD
    year = math.floor((30 * (jd - _EPOCH_JD) + 10646) / 10631)
    month = min(12, math.ceil((jd - (29 + _hijri_jd(year, 1, 1))) / 29.5) + 1)
    day = int(jd - _hijri_jd(year, month, 1)) + 1
    return year, month, day
