"""External name lists for the NER features (`names.tsv`), compiled from two PyPI packages at build time.

- arabnamer (Yousef 2026; data CC BY 4.0): 22,798 English -> Arabic name pairs. Every Arabic
  token of three letters or more becomes an `xPER` entry: given names and family names, Arab
  and foreign (آلتونين، أباتشا، وولفويتز), the names a news tagger has never seen in training.
- ArWikiCats (MIT; translations of Arabic Wikipedia category names): cities, regions and
  countries (`xLOC`), sports clubs and leagues (`xORG`), well-known people (`xPER`, full names).

Entries carry their own labels (xPER/xLOC/xORG), distinct from ANERgazet's, so the CRF weighs
these broader, noisier lists separately. Pass each package as a wheel (`pip download --no-deps
arabnamer arwikicats`) or an unpacked/installed folder to scripts/build_ner_names.py.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

_ARABIC = re.compile(r"^[\u0600-\u06FF ]+$")
_BRACKETS = re.compile(r"\s*\(.*?\)\s*")
_MIN_TOKEN = 3  # one- and two-letter tokens of names are particles (بن، آل) or noise
# ArWikiCats files and the label of the Arabic names they hold; the people file is full names only
ARWIKICATS = {
    "cities/cities_full.json": "xLOC",
    "geography/popopo.json": "xLOC",
    "geography/P17_2_final_ll.json": "xLOC",
    "sports/Clubs_key.json": "xORG",
    "sports/clubs_teams_leagues.json": "xORG",
    "people/peoples.json": "xPER",
}
COUNTRIES = "nationalities/nationalities_data.json"  # {nationality: {"ar": country, ...}}
ARABNAMER = "arabnamer/data/dict_FINAL.json"


class PackageFiles:
    """Read files of a package given as a wheel or a folder, by their path inside the package."""

    def __init__(self, location: Path) -> None:
        self._zip = zipfile.ZipFile(location) if location.is_file() else None
        self._dir = location

    def json(self, suffix: str) -> object:
        if self._zip is not None:
            name = next((n for n in self._zip.namelist() if n.endswith(suffix)), None)
            if name is None:
                raise FileNotFoundError(f"{suffix} not in {self._dir}")
            return json.load(io.TextIOWrapper(self._zip.open(name), encoding="utf-8"))
        found = next(iter(sorted(self._dir.rglob(Path(suffix).name))), None)
        if found is None:
            raise FileNotFoundError(f"{suffix} not under {self._dir}")
        return json.loads(found.read_text(encoding="utf-8"))


def clean(name: str) -> str | None:
    """One Arabic name: bracketed qualifiers ("أبرا (مقاطعة)") dropped, spaces folded; None if not Arabic."""
    text = " ".join(_BRACKETS.sub(" ", name).split())
    return text if len(text) >= 2 and _ARABIC.match(text) else None


def entries(arabnamer: PackageFiles, arwikicats: PackageFiles) -> Iterator[tuple[str, str]]:
    pairs = arabnamer.json(ARABNAMER)
    assert isinstance(pairs, dict)
    for arabic in pairs.values():
        for token in str(arabic).split():
            name = clean(token)
            if name and len(name) >= _MIN_TOKEN:
                yield "xPER", name
    for path, label in ARWIKICATS.items():
        table = arwikicats.json(path)
        assert isinstance(table, dict)
        for arabic in table.values():
            name = clean(str(arabic))
            if name and (label != "xPER" or " " in name):
                yield label, name
    countries = arwikicats.json(COUNTRIES)
    assert isinstance(countries, dict)
    for forms in countries.values():
        name = clean(str(forms.get("ar", ""))) if isinstance(forms, dict) else None
        if name:
            yield "xLOC", name


HEADER = "# External name lists for the NER features: arabnamer (CC BY 4.0), ArWikiCats (MIT). scripts/build_ner_names.py"


def compile_names(arabnamer: Path, arwikicats: Path) -> list[str]:
    """`LABEL<TAB>name` lines, first occurrence kept, under a provenance header."""
    seen = dict.fromkeys(entries(PackageFiles(arabnamer), PackageFiles(arwikicats)))
    return [HEADER, *(f"{label}\t{name}" for label, name in seen)]
