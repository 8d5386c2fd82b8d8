"""The CSV manifest that names each article's outlet, publication date and URL."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path


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


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """doc_id -> entry. Columns: doc_id (required), outlet, published (YYYY-MM-DD), url."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ManifestError(f"manifest {path} does not exist; check the path given to --manifest") from exc
    except UnicodeDecodeError as exc:
        raise ManifestError(f"manifest {path} is not UTF-8 text; save it as UTF-8 CSV") from exc
    reader = csv.DictReader(raw.splitlines())
    if not reader.fieldnames or "doc_id" not in reader.fieldnames:
        raise ManifestError(f"manifest {path} needs a header row with a doc_id column "
                            "(doc_id,outlet,published,url); found: {', '.join(reader.fieldnames or [])}")
    entries: dict[str, ManifestEntry] = {}
    for n, row in enumerate(reader, start=2):
        doc_id = (row.get("doc_id") or "").strip()
        if not doc_id:
            raise ManifestError(f"{path}:{n}: empty doc_id; every row must name a file (its name without extension)")
        published_raw = (row.get("published") or "").strip()
        published = parse_date(published_raw)
        if published_raw and published is None:
            raise ManifestError(f"{path}:{n}: published '{published_raw}' is not a date; write it as YYYY-MM-DD")
        entries[doc_id] = ManifestEntry(doc_id, (row.get("outlet") or "").strip() or None, published,
                                        (row.get("url") or "").strip() or None)
    return entries
