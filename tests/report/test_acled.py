"""ACLED's coding of one field at a time, from the data files."""

from __future__ import annotations

import pytest

from tabayyun.geo.gazetteer import Place
from tabayyun.report.acled import ascii_name, coding, split_actor_id


@pytest.mark.parametrize(("actor_id", "expected"), [
    ("org:isis", ("isis", None)),
    ("org:ministry_interior:SY", ("ministry_interior", "SY")),
    ("org:لواء_الصقور", ("لواء_الصقور", None)),
    ("لواء الصقور", ("لواء الصقور", None)),
])
def test_acled_split_actor_id(actor_id: str, expected: tuple[str, str | None]) -> None:
    assert split_actor_id(actor_id) == expected


@pytest.mark.parametrize(("actor_id", "country", "name", "inter"), [
    ("org:isis", "IQ", "Islamic State (Iraq)", 2),
    ("org:isis", None, "Islamic State", 2),
    ("org:ministry_interior:SY", "IQ", "Police Forces of Syria (2000-)", 1),  # its own country, not the event's
    ("org:saudi_armed_forces", "YE", "Military Forces of Saudi Arabia (2015-)", 1),
    ("org:houthis", "SA", "Houthi Movement (Ansar Allah)", 2),
    ("org:kdp", "IQ", "Kurdistan Democratic Party", 3),  # a KB entity with no ACLED row: its English name
])
def test_acled_actor_names(actor_id: str, country: str | None, name: str, inter: int | None) -> None:
    code = coding()
    actor = code.actor(actor_id, "", code.country(country))
    assert (actor.name, actor.inter) == (name, inter)


def test_acled_admin1_from_a_parent_place_and_pcodes() -> None:
    code = coding()
    assert code.admin(code.place("geo:khan_bani_saad")).admin1 == "Diyala"
    yabroud = code.admin(code.place("gn:162627"))  # p-code SY0305: the district itself, in SY03
    assert (yabroud.admin1, yabroud.admin2) == ("Rural Damascus", "Yabrud")
    # no p-code, no parent: the province another report of the incident names
    village = Place("x", "قرية", "Village", 33.3, 43.5, "village", country="IQ")
    assert code.admin(village).admin1 == ""
    anbar, asir = code.place("geo:anbar"), code.place("geo:asir")
    assert anbar is not None and asir is not None
    assert code.admin(village, [anbar]).admin1 == "Anbar"
    assert code.admin(village, [asir]).admin1 == ""  # another country
    assert code.admin(code.place("geo:kurdistan_iq")).admin1 == ""  # a region that is no admin1


@pytest.mark.parametrize(("precision", "place_id", "expected"), [
    ("town", "gn:1", 1), (None, "fac:سجن", 1), ("admin2", None, 2), (None, None, 2), ("admin1", None, 3),
    ("country", "geo:syria", 3),
])
def test_acled_geo_precision(precision: str | None, place_id: str | None, expected: int) -> None:
    assert coding().geo_precision(precision, place_id) == expected


def test_acled_disorder_and_interaction_codes() -> None:
    code = coding()
    assert code.disorder_type("Riots", "Mob violence") == "Political violence; Demonstrations"
    assert code.disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert code.disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert (code.interaction(8, 2), code.interaction(2, None), code.interaction(None, 1)) == ("28", "20", "")


def test_acled_place_names_drop_transliteration_marks() -> None:
    assert ascii_name("Ḩamāh") == "Hamah" and ascii_name("Dar‘ā") == "Dar'a"
