"""The CSV manifest that names each article's outlet, publication date and URL.

A manifest is refused as a whole, with the line number, when a row cannot be trusted: a
quoted field running over several lines (an unclosed quote folds the following rows into
one field), a row whose number of fields differs from the header's, a date that is not a
date, an empty or duplicated doc_id, an over-long field. Applying half a manifest would
store wrong metadata without a word; a refused one is fixed in a minute.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tabayyun.ingest.files import InputError, read_bounded, shown
from tabayyun.safety import csv_cell_read

COLUMNS = ("doc_id", "outlet", "published", "url")
MAX_MANIFEST_BYTES = 100_000_000
MAX_FIELD_CHARS = 2_000


class ManifestError(ValueError):
    """The manifest cannot be used as it is."""


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    doc_id: str
    outlet: str | None
    published: date | None
    url: str | None


def parse_date(value: str | None) -> date | None:
    """ISO dates (2022-01-22, also with a time part); anything else is None."""
    if not value or not value.strip():
        return None
    text = value.strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _text(path: Path) -> str:
    try:
        data = read_bounded(path, MAX_MANIFEST_BYTES, "a manifest", "split it, or keep only the columns "
                                                                  + ",".join(COLUMNS))
    except InputError as exc:
        if "no such file" in str(exc):
            raise ManifestError(f"manifest {shown(path)} does not exist; check the path given to --manifest") from exc
        raise ManifestError(f"manifest {shown(path)}: {exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"manifest {shown(path)} is not UTF-8 text; save it as UTF-8 CSV") from exc


def _rows(path: Path, raw: str) -> list[tuple[int, list[str]]]:
    """(first line, fields) of each non-blank record; ManifestError for malformed CSV."""
    where = shown(path)
    reader = csv.reader(io.StringIO(raw, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise ManifestError(f"{where}:{start}: a field longer than {csv.field_size_limit():,} characters; "
                                    "a manifest field holds an id, an outlet, a date or a URL: is a quote (\") "
                                    "left unclosed, swallowing the following rows?") from exc
            if "unexpected end of data" in str(exc):
                raise ManifestError(f"{where}:{start}: a quote (\") opened on or after line {start} is never closed, "
                                    "so every following row is folded into one field; close or remove it") from exc
            raise ManifestError(f"{where}:{start}: malformed CSV ({exc}); a quote (\") inside a field must be "
                                "doubled, or the whole field quoted") from exc
        end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if end > start and any("\n" in cell or "\r" in cell for cell in row):
            raise ManifestError(f"{where}:{start}: a quoted field runs from line {start} to line {end}, which is an "
                                "unclosed quote (\") folding the following rows into one field; close or remove it")
        rows.append((start, row))


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """doc_id -> entry. Columns: doc_id (required), outlet, published (YYYY-MM-DD), url;
    other columns (notes) are ignored."""
    where = shown(path)
    rows = _rows(path, _text(path))
    if not rows:
        raise ManifestError(f"manifest {where} is empty: it needs a header row doc_id,outlet,published,url")
    header_line, header = rows[0]
    names = [h.strip() for h in header]
    if "doc_id" not in names:
        raise ManifestError(f"manifest {where} needs a header row with a doc_id column "
                            f"(doc_id,outlet,published,url); found: {', '.join(names)[:200]}")
    for name in COLUMNS:
        if names.count(name) > 1:
            raise ManifestError(f"{where}:{header_line}: the column {name} appears twice in the header; keep one")
    column = {name: names.index(name) for name in COLUMNS if name in names}
    entries: dict[str, ManifestEntry] = {}
    first_line: dict[str, int] = {}
    for n, row in rows[1:]:
        if len(row) != len(names):
            raise ManifestError(f"{where}:{n}: {len(row)} fields where the header has {len(names)} "
                                f"({','.join(names)[:200]}); quote fields that contain a comma")
        cells = {name: csv_cell_read(row[i].strip()) for name, i in column.items()}
        for name, value in cells.items():
            if len(value) > MAX_FIELD_CHARS:
                raise ManifestError(f"{where}:{n}: {name} of {len(value):,} characters "
                                    f"(limit {MAX_FIELD_CHARS:,}); is a quote unclosed?")
        doc_id = cells["doc_id"]
        if not doc_id:
            raise ManifestError(f"{where}:{n}: empty doc_id; every row must name a document "
                                "(the file name without extension)")
        if doc_id in first_line:
            raise ManifestError(f"{where}:{n}: doc_id '{doc_id}' already has a row at line {first_line[doc_id]}; "
                                "keep one row per document")
        published_raw = cells.get("published", "")
        published = parse_date(published_raw)
        if published_raw and published is None:
            raise ManifestError(f"{where}:{n}: published '{published_raw[:40]}' is not a date; write it as YYYY-MM-DD")
        first_line[doc_id] = n
        entries[doc_id] = ManifestEntry(doc_id, cells.get("outlet") or None, published, cells.get("url") or None)
    return entries
