"""Place lookup: keys, choice among same-named places, file round trip, place cues."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tabayyun.geo.cues import needs_cue
from tabayyun.geo.gazetteer import Gazetteer, Place, default_gazetteer, read_tsv, write_tsv
from tabayyun.text.normalize import compact_key

ARNOR = Place("t:arnor", "مينا", "Mina (Arnor)", 10.0, 20.0, "town", population=5000, country="AR")
GONDOR = Place("t:gondor", "مينا", "Mina (Gondor)", 30.0, 40.0, "town", population=90000, country="GO")


@pytest.mark.parametrize(("written", "place_id"), [
    ("البوكمال", "gn:174448"),
    ("البو كمال", "gn:174448"),
    ("الحسكة", "gn:173811"),
    ("محافظة الحسكة", "gn:173811"),
    ("بعقوبة", "gn:97990"),
])
def test_default_gazetteer_finds_spellings(written: str, place_id: str) -> None:
    assert place_id in [p.id for p in default_gazetteer().candidates(compact_key(written))]


@pytest.mark.parametrize(("countries", "expected"), [
    (Counter({"AR": 3}), "t:arnor"),
    (Counter({"GO": 1}), "t:gondor"),
    (Counter(), "t:gondor"),  # no context: the larger place
])
def test_choose_prefers_the_article_country(countries: Counter[str], expected: str) -> None:
    gaz = Gazetteer([ARNOR, GONDOR])
    chosen = gaz.choose(gaz.candidates(compact_key("مينا")), countries)
    assert chosen is not None and chosen.id == expected


def test_write_tsv_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    common = Place("t:rohan", "مرجان", "", 1.0, 2.0, "town", common=True)
    write_tsv([ARNOR, GONDOR, common], path)
    back = read_tsv(path.read_text(encoding="utf-8").splitlines(keepends=True))
    assert [(p.id, p.lat, p.country, p.common) for p in back] == [
        ("t:arnor", 10.0, "AR", False), ("t:gondor", 30.0, "GO", False), ("t:rohan", 1.0, "", True)]


def test_read_tsv_reads_files_without_the_common_column() -> None:
    line = "\t".join(["t:arnor", "مينا", "Mina", "10.0", "20.0", "town", "", "5000", "AR", ""])
    (place,) = read_tsv([line])
    assert place.id == "t:arnor" and not place.common


@pytest.mark.parametrize(("place", "words", "key", "needed"), [
    (Place("x", "الباب", "", 0, 0, "town", population=60000), 1, compact_key("الباب"), "strong"),
    (Place("x", "دارين", "", 0, 0, "town", population=20000), 1, compact_key("دارين"), "weak"),
    (Place("x", "دارين", "", 0, 0, "admin1-seat", population=900000), 1, compact_key("دارين"), ""),
    (Place("x", "تل دارين", "", 0, 0, "village"), 2, compact_key("تل دارين"), ""),
    # a name that is also a word (flagged by the gazetteer build): a kind noun, or for a capital a preposition
    (Place("x", "دارين", "", 0, 0, "town", population=20000, common=True), 1, compact_key("دارين"), "strong"),
    (Place("x", "دارين", "", 0, 0, "city", population=900000, common=True), 1, compact_key("دارين"), "strong"),
    (Place("x", "دارين", "", 0, 0, "capital", population=900000, common=True), 1, compact_key("دارين"), "weak"),
])
def test_needs_cue_guards_everyday_words(place: Place, words: int, key: str, needed: str) -> None:
    assert needs_cue(place, words, key) == needed
