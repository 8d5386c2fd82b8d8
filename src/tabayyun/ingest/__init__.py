"""Ingest: files and folders of articles to Documents, with metadata and boilerplate marked.

Nothing here raises on a bad file: each problem comes back as an ``IngestProblem`` naming
the file and what to do, and the other files go on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tabayyun.ingest.boilerplate import body_end, repeated_lines
from tabayyun.ingest.decode import DecodeError
from tabayyun.ingest.formats import SUPPORTED, FormatError, RawArticle, read_file
from tabayyun.ingest.manifest import ManifestEntry
from tabayyun.ingest.outlet import infer_outlet
from tabayyun.model import Document

DEFAULT_MAX_BYTES = 5_000_000

# files that travel with corpora but are not articles
_NOT_ARTICLES = re.compile(r"^(readme|license|licence|source|notice|copying|changelog)(\..*)?$", re.I)


@dataclass(frozen=True, slots=True)
class IngestProblem:
    path: str
    message: str


def collect_files(paths: Iterable[Path]) -> Iterator[Path | IngestProblem]:
    """Article files under the given files and folders, in a stable order."""
    for path in paths:
        if not path.exists():
            yield IngestProblem(str(path), "no such file or folder; check the path")
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.suffix.lower() == ".csv" or _NOT_ARTICLES.match(child.name):
                    continue
                if child.suffix.lower() not in SUPPORTED:
                    yield IngestProblem(str(child), f"skipped: '{child.suffix}' is not an article format "
                                                    "(.txt, .html, .json, .jsonl)")
                    continue
                yield child
        else:
            yield path


def to_document(raw: RawArticle, entry: ManifestEntry | None) -> Document:
    """Merge what the file says with the manifest (which wins) and what the text says."""
    outlet = (entry.outlet if entry else None) or raw.outlet
    if outlet is None:
        inferred = infer_outlet(raw.text)
        outlet = inferred.name if inferred else None
    return Document(
        doc_id=raw.doc_id,
        text=raw.text,
        outlet=outlet,
        published=(entry.published if entry else None) or raw.published,
        url=(entry.url if entry else None) or raw.url,
        title=raw.title or _first_line(raw.text),
        source_path=raw.source_path,
        encoding=raw.encoding,
        body_end=body_end(raw.text),
        skipped=repeated_lines(raw.text),
    )


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return None


def read_documents(paths: Iterable[Path], manifest: dict[str, ManifestEntry] | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None
                   ) -> Iterator[Document | IngestProblem]:
    manifest = manifest or {}
    for item in collect_files(paths):
        if isinstance(item, IngestProblem):
            yield item
            continue
        try:
            for raw in read_file(item, max_bytes, encoding):
                if isinstance(raw, FormatError):
                    yield IngestProblem(str(item), str(raw))
                    continue
                if not raw.text.strip():
                    yield IngestProblem(str(item), "the article text is empty: nothing to analyse")
                    continue
                yield to_document(raw, manifest.get(raw.doc_id))
        except (DecodeError, FormatError) as exc:
            yield IngestProblem(str(item), str(exc))
        except OSError as exc:
            yield IngestProblem(str(item), f"cannot read the file ({exc.strerror}); check its permissions")
