"""Reading GeoNames country dumps (SY.txt, IQ.zip…) into gazetteer places.

The dump is tab-separated with 19 columns per row: geonameid, name, asciiname,
alternatenames, latitude, longitude, feature class, feature code, country code, cc2,
admin1-4, population, elevation, dem, timezone, modification date. Only rows with an
Arabic name are kept: the matcher reads Arabic text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from tabayyun.geo.gazetteer import Place, read_tsv, write_tsv

GEONAMES_COLUMNS = 19
ARABIC = re.compile("[\u0621-\u064a]")
# Kurdish/Persian-only letters: those spellings are not how Arabic news writes the name
NON_ARABIC = re.compile("[\u067e\u0686\u0698\u06a4\u06af\u06b5\u06c6\u06ce\u06d5\u06cc\u06a9\u0695]")
KEPT_CLASSES = frozenset("PASLTH")
# how many leading rows may be malformed before the file is judged not to be a GeoNames dump
MAX_BAD_LEADING_ROWS = 5


class GeoNamesFormatError(ValueError):
    """The file is not a GeoNames tab-separated dump."""


def _level(fclass: str, fcode: str, population: int) -> tuple[str, str]:
    """(level, label) of a GeoNames feature."""
    if fclass == "P":
        if fcode == "PPLC":
            return "capital", "LOC"
        if fcode == "PPLA":
            return "admin1-seat", "LOC"
        return ("town" if population >= 1000 or fcode.startswith("PPLA") else "village"), "LOC"
    if fclass == "A":
        return {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3", "PCLI": "country"}.get(fcode, "admin3"), "LOC"
    if fclass == "S":
        return "facility", "FAC"
    return "region", "LOC"


def parse_rows(lines: Iterable[str], source: str = "input") -> Iterator[Place]:
    """Places with an Arabic name from GeoNames dump lines."""
    good = 0
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        try:
            if len(cols) != GEONAMES_COLUMNS:
                raise ValueError(f"{len(cols)} tab-separated columns, expected {GEONAMES_COLUMNS}")
            lat, lon = float(cols[4]), float(cols[5])
            population = int(cols[14] or 0)
        except ValueError as exc:
            if good == 0 and n >= MAX_BAD_LEADING_ROWS:
                raise GeoNamesFormatError(
                    f"{source}:{n}: not a GeoNames dump ({exc}); expected a country file such as SY.txt "
                    "from https://download.geonames.org/export/dump/") from exc
            continue
        good += 1
        if cols[6] not in KEPT_CLASSES:
            continue
        names = [a.strip() for a in cols[3].split(",") if ARABIC.search(a) and not NON_ARABIC.search(a)]
        if not names:
            continue
        level, label = _level(cols[6], cols[7], population)
        yield Place(f"gn:{cols[0]}", names[0], cols[1], lat, lon, level, population=population, country=cols[8],
                    aliases=tuple(dict.fromkeys(names[1:])), label=label)
    if good == 0:
        raise GeoNamesFormatError(f"{source}: no GeoNames rows found (expected {GEONAMES_COLUMNS} tab-separated columns)")


def read_geonames(path: Path) -> list[Place]:
    """Places from a GeoNames dump, plain (SY.txt) or zipped as downloaded (SY.zip)."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            inner = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not inner:
                raise GeoNamesFormatError(f"{path}: the zip holds no .txt dump")
            with zf.open(inner[0]) as fh:
                return list(parse_rows(io.TextIOWrapper(fh, encoding="utf-8"), f"{path}!{inner[0]}"))
    try:
        with path.open(encoding="utf-8") as fh:
            return list(parse_rows(fh, str(path)))
    except UnicodeDecodeError as exc:
        raise GeoNamesFormatError(f"{path}: not UTF-8 text ({exc.reason}); is it a GeoNames dump?") from exc


def import_into(places: list[Place], target: Path, replace: bool = False) -> tuple[int, int]:
    """Merge ``places`` into the user gazetteer at ``target`` (same id: the new row wins).
    Returns (rows imported, rows in the file afterwards)."""
    existing: dict[str, Place] = {}
    if target.is_file() and not replace:
        with target.open(encoding="utf-8") as fh:
            existing = {p.id: p for p in read_tsv(fh)}
    for p in places:
        existing[p.id] = p
    total = write_tsv(existing.values(), target)
    return len(places), total
