"""The knowledge base: entries, spelling variants, country-scoped ids."""

from __future__ import annotations

import pytest

from tabayyun.entities.kb import entities_by_id, load_entities, spelling_variants
from tabayyun.entities.linking import PersonName, link_persons, scoped_id


@pytest.mark.parametrize(("name", "variant"), [
    ("القوات الأمريكية", "القوات الأميركية"),
    ("قوات سوريا الديمقراطية", "قوات سورية الديمقراطية"),
    ("ميليشيا أرنور", "مليشيا أرنور"),
])
def test_spelling_variants_cover_both_spellings(name: str, variant: str) -> None:
    assert variant in spelling_variants(name)


@pytest.mark.parametrize("entity", ["isis", "sdf", "coalition", "spa", "sohr", "hezbollah", "houthis", "pmf"])
def test_load_entities_holds_core_actors(entity: str) -> None:
    assert entity in {e.id for e in load_entities()}


def test_load_entities_gives_every_entry_a_label_and_alias() -> None:
    for e in load_entities():
        assert e.label in ("PER", "ORG", "LOC", "FAC", "MISC") and e.aliases, e.id


@pytest.mark.parametrize(("entity", "country", "expected"), [
    ("ministry_interior", "SA", "org:ministry_interior:SA"),
    ("ministry_interior", "IQ", "org:ministry_interior:IQ"),
    ("internal_security", "SY", "org:asayish"),
    ("sdf", "IQ", "org:sdf"),
])
def test_scoped_id_qualifies_generic_institutions(entity: str, country: str, expected: str) -> None:
    assert scoped_id(entities_by_id()[entity], country) == expected


def test_link_persons_joins_lone_surname_to_full_name() -> None:
    names = [PersonName(0, 9, "سامر دارين"), PersonName(20, 25, "دارين")]
    ids = link_persons(names)
    assert ids[0] == ids[1] == "per:سامر_دارين"


def test_link_persons_drops_unexplained_title_word() -> None:
    names = [PersonName(0, 5, "الأول", titled=True, definite_only=True)]
    assert link_persons(names)[0] is None


@pytest.mark.parametrize("entity", ["rsf", "sudan_army", "unrwa", "iom", "unsmil", "nna_lb", "wafa", "arab_coalition"])
def test_load_entities_holds_regional_actors_beyond_syria_iraq(entity: str) -> None:
    assert entity in {e.id for e in load_entities()}
