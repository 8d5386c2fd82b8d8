"""External name lists: Arabic names only, bracketed qualifiers dropped, full names for people."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from tabayyun.ner.features import entry_key, load_gazetteer
from tabayyun.ner.names import ARABNAMER, ARWIKICATS, COUNTRIES, HEADER, clean, compile_names
from tabayyun.ner.tagger import NAMES_FILE, ORGANISATIONS_FILE, default_model_dir, load_extractor


def _packages(tmp_path: Path) -> tuple[Path, Path]:
    arabnamer = tmp_path / "arabnamer.whl"
    with zipfile.ZipFile(arabnamer, "w") as wheel:
        wheel.writestr(ARABNAMER, json.dumps({"wolfowitz": "وولفويتز", "bin laden": "بن لادن", "x": "Ali"}))
    arwikicats = tmp_path / "ArWikiCats" / "jsons"
    tables = {
        "cities/cities_full.json": {"abra (province)": "أبرا (مقاطعة)", "aachen": "آخن"},
        "sports/Clubs_key.json": {"1. fc köln": "نادي كولن"},
        "people/peoples.json": {"cher": "شير", "tony blair": "توني بلير"},
        COUNTRIES: {"afghan": {"male": "أفغاني", "ar": "أفغانستان"}},
    }
    for name in ARWIKICATS:
        path = arwikicats / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(tables.get(name, {}), ensure_ascii=False), encoding="utf-8")
    (arwikicats / COUNTRIES).parent.mkdir(parents=True, exist_ok=True)
    (arwikicats / COUNTRIES).write_text(json.dumps(tables[COUNTRIES], ensure_ascii=False), encoding="utf-8")
    return arabnamer, tmp_path / "ArWikiCats"


def test_clean_keeps_arabic_names_and_drops_qualifiers() -> None:
    assert clean("أبرا  (مقاطعة)") == "أبرا"
    assert clean("Ali") is None
    assert clean("ب") is None


def test_compile_names_from_a_wheel_and_a_folder(tmp_path: Path) -> None:
    lines = compile_names(*_packages(tmp_path))
    assert lines[0] == HEADER
    assert set(lines[1:]) == {
        "xPER\tوولفويتز",
        "xPER\tلادن",  # "بن" is a particle, too short to be a name alone
        "xLOC\tأبرا",
        "xLOC\tآخن",
        "xORG\tنادي كولن",
        "xPER\tتوني بلير",  # one-word people entries are skipped: "شير" is also a word
        "xLOC\tأفغانستان",
    }
    (tmp_path / "names.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_gazetteer(tmp_path / "names.tsv")[entry_key("توني بلير")] == "xPER"



def test_organisations_list_is_clean_arabic_xorg_lines() -> None:
    path = default_model_dir() / ORGANISATIONS_FILE
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(rows) > 500
    assert {label for label, _ in rows} == {"xORG"}
    names = [name for _, name in rows]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[\u0600-\u06FF0-9 ]+", name) for name in names)


def test_organisations_win_over_the_noisier_external_lists() -> None:
    # names.tsv's people list holds "الناتو" as xPER; the hand-written organisations are read first
    assert load_gazetteer(default_model_dir() / NAMES_FILE)[entry_key("الناتو")] == "xPER"
    extractor = load_extractor(default_model_dir())
    assert b"gz=xORG" in extractor.word_features("الناتو")[0]
    assert b"gz=xORG" in extractor.word_features("والكرملين")[0]
