"""Facility placement on hand-built places (Arnor, Gondor): the text's place, not the dateline's."""

from __future__ import annotations

import pytest

from tabayyun.geo.facilities import facility_places, located_places
from tabayyun.geo.gazetteer import Place

ARNOR = Place("arnor", "أرنور", "Arnor", 10.0, 10.0, "city")
GONDOR = Place("gondor", "غوندور", "Gondor", 20.0, 20.0, "admin1")
REALM = Place("realm", "المملكة الوسطى", "Middle Realm", 30.0, 30.0, "country")


def _places(text: str, names: dict[str, Place], facility: str = "مسجد الحرس") -> dict[int, str]:
    chosen = {}
    for name, place in names.items():
        at = text.find(name)
        while at >= 0:
            chosen[at] = place
            at = text.find(name, at + 1)
    starts = []
    at = text.find(facility)
    while at >= 0:
        starts.append(at)
        at = text.find(facility, at + 1)
    facilities = [("fac:guard", s, s + len(facility)) for s in starts]
    return {s: p.id for s, p in facility_places(facilities, text, chosen, {}, fallback=ARNOR).items()}


@pytest.mark.parametrize("text", [
    # the headline's bare mention lies where the body puts the same facility, not at the dateline
    "تفجير مسجد الحرس\nأرنور – النجمة\nووقع التفجير في مسجد الحرس في غوندور.",
    "تفجير مسجد الحرس\nووقع التفجير في مسجد الحرس بغوندور.",
])
def test_facility_places_same_facility_shares_the_texts_place(text: str) -> None:
    assert set(_places(text, {"أرنور": ARNOR, "غوندور": GONDOR}).values()) == {"gondor"}


def test_facility_places_earlier_place_in_the_sentence_below_country_level() -> None:
    text = "وقع التفجير في غوندور (جنوب المملكة الوسطى)، وكان المصلون في مسجد الحرس."
    assert set(_places(text, {"غوندور": GONDOR, "المملكة الوسطى": REALM}).values()) == {"gondor"}


def test_facility_places_fall_back_without_any_place_in_the_text() -> None:
    assert set(_places("ووقع التفجير في مسجد الحرس.", {}).values()) == {"arnor"}


def test_facility_places_an_earlier_sentences_place_is_not_taken() -> None:
    text = "وصل الوفد إلى غوندور. وكان المصلون في مسجد الحرس."
    assert set(_places(text, {"غوندور": GONDOR}).values()) == {"arnor"}


def test_located_places_take_the_nearest_place_the_words_after_them_locate_it_by() -> None:
    text = "قرية سترة شمال غوندور قرب أرنور، ثم قرية داما وأرنور"
    chosen = {text.index("غوندور"): GONDOR, text.rindex("أرنور"): ARNOR, text.index("أرنور"): ARNOR}
    sitra, dama = text.index("سترة"), text.index("داما")
    found = located_places([(sitra, sitra + 4), (dama, dama + 4)], text, chosen)
    assert {s: p.id for s, p in found.items()} == {sitra: "gondor"}


def test_facility_places_a_street_named_after_a_place_is_not_in_it() -> None:
    # "شارع غوندور" in Arnor: the place inside a street's or a square's name honours it
    text = "انفجرت عبوة ناسفة في شارع غوندور التابع لمدينة أرنور."
    start = text.find("شارع غوندور")
    inner = {start: GONDOR}
    facilities = [("fac:street", start, start + len("شارع غوندور"))]
    chosen = {text.find("غوندور"): GONDOR, text.find("أرنور"): ARNOR}
    assert facility_places(facilities, text, chosen, inner, fallback=REALM)[start].id == "arnor"
    # a mosque named with its place lies in it
    mosque = "انفجرت عبوة ناسفة في مسجد غوندور الكبير."
    at = mosque.find("مسجد غوندور")
    placed = facility_places([("fac:mosque", at, at + len("مسجد غوندور"))], mosque, {mosque.find("غوندور"): GONDOR},
                             {at: GONDOR}, fallback=REALM)
    assert placed[at].id == "gondor"
