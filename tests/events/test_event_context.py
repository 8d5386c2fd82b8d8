"""Event context helpers on hand-built mentions (Arnor and Gondor stand in for real actors)."""

from __future__ import annotations

import pytest

from tabayyun.events.context import best_place, nearby_actors
from tabayyun.model import EntityLabel, Mention, make_span


@pytest.mark.parametrize(("text", "media", "actor"), [
    ("ذكرت وكالة أرنور أن جيش غوندور قصف القرية", "وكالة أرنور", "جيش غوندور"),
    ("وزعمت قوات غوندور في بيان على منصة أرنور أنها سيطرت على المدينة", "منصة أرنور", "قوات غوندور"),
])
def test_nearby_actors_leaves_out_media(text: str, media: str, actor: str) -> None:
    mentions = [
        make_span(Mention, text, text.index(media), text.index(media) + len(media), label=EntityLabel.ORG,
                  entity_id="org:media", actor_type="Media"),
        make_span(Mention, text, text.index(actor), text.index(actor) + len(actor), label=EntityLabel.ORG,
                  entity_id="org:actor", actor_type="Rebel group"),
    ]
    found = nearby_actors(mentions, 0, len(text), text.index(actor))
    assert [m.entity_id for m in found] == ["org:actor"]


def _place(text: str, name: str, precision: str | None) -> Mention:
    start = text.index(name)
    return make_span(Mention, text, start, start + len(name), label=EntityLabel.LOC, entity_id=f"loc:{name}",
                     geo_precision=precision)


@pytest.mark.parametrize(("text", "inner", "outer", "expected"), [
    ("تعرضت دورية في قطاع أرنور بمنطقة غوندور لقذيفة", "قطاع أرنور", "منطقة غوندور", "قطاع أرنور"),
    ("قصفت الطائرات مناطق تابعة لناحية أرنور في غوندور", "ناحية أرنور", "غوندور", "ناحية أرنور"),
    ("قصفت الطائرات قرية أرنور في محافظة غوندور", "قرية أرنور", "محافظة غوندور", "قرية أرنور"),
    # not said to lie in it: the finer place by its rank
    ("قصفت الطائرات منطقة أرنور وغوندور", "منطقة أرنور", "غوندور", "غوندور"),
    ("سقطت قذائف على دار أرنور شمال غوندور", "دار أرنور", "غوندور", "دار أرنور"),  # located from it
])
def test_best_place_a_place_inside_the_next_is_finer(text: str, inner: str, outer: str, expected: str) -> None:
    places = [_place(text, inner, None), _place(text, outer, "town" if "محافظة" not in outer else "admin1")]
    found = best_place(places, 0, len(text), 0, text=text)
    assert found is not None and found.text == expected


def test_best_place_a_province_located_from_a_town_stays_a_province() -> None:
    # the town a province is placed from is a landmark: the fighting is in the province
    text = "اشتبكت القوات في محافظة أرنور شمال شرقي غوندور"
    places = [_place(text, "محافظة أرنور", "admin1"), _place(text, "غوندور", "town")]
    found = best_place(places, 0, len(text), 0, text=text)
    assert found is not None and found.text == "محافظة أرنور"
    # a town named beside a province, not placing it, is still the finer site
    text = "اشتبكت القوات في محافظة أرنور وفي غوندور"
    places = [_place(text, "محافظة أرنور", "admin1"), _place(text, "غوندور", "town")]
    found = best_place(places, 0, len(text), 0, text=text)
    assert found is not None and found.text == "غوندور"


@pytest.mark.parametrize(("text", "landmark", "site"), [
    ("هاجم مسلحون فندقا في بلدة أرنور التي تبعد 600 كيلومتر إلى الشمال الشرقي من العاصمة غوندور",
     "غوندور", "بلدة أرنور"),
    ("تعرضت دورية لإطلاق نار على بعد 150 كيلومترا جنوب غرب العاصمة غوندور", "غوندور", None),
    # a place named after "في" is where it happened, whatever distance came before
    ("قتل جنديان على بعد كيلومترين من الحدود في بلدة غوندور", "غوندور", "غوندور"),
])
def test_best_place_a_landmark_a_site_is_measured_from_is_no_site(text: str, landmark: str, site: str | None) -> None:
    places = [_place(text, landmark, "capital")]
    if site and site != landmark:
        places.insert(0, _place(text, site, None))
    found = best_place(places, 0, len(text), 0, text=text)
    assert (found.text if found else None) == site
