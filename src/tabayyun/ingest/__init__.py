"""Ingest: files and folders of articles to Documents, with metadata and boilerplate marked.

Nothing here raises on a bad input: each problem comes back as an ``IngestProblem`` naming
the file (and line or item) and what to do, and the other files and records go on. What
was read but changed on the way (an id that collided, a file name or text that was not
valid Unicode) comes back as an ``IngestProblem`` with ``warning=True`` beside its document.

Document ids are unique by construction: a file's id is its path relative to the folder it
was found in without the extension (see ``files``); a record of a JSON or JSON Lines file
keeps its own ``id``/``doc_id``, and a record without one is named by its file and line
(``news.jsonl:3``). An id met twice in one run with different texts (two records with one
id, or one name under two input folders) is qualified (``x~2``) and reported; the same text
met twice is one document, as the store keys texts by their content hash.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from tabayyun.ingest.boilerplate import body_end, repeated_lines
from tabayyun.ingest.decode import replace_surrogates
from tabayyun.ingest.files import (
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    InputFile,
    SkippedInput,
    collect_files,
    open_regular,
    read_bounded,
)
from tabayyun.ingest.formats import DEFAULT_MAX_BYTES, FormatError, Limits, RawArticle, read_file
from tabayyun.ingest.jsonsafe import loads
from tabayyun.ingest.manifest import ManifestEntry
from tabayyun.ingest.outlet import infer_outlet
from tabayyun.model import Document

__all__ = ["DEFAULT_MAX_BYTES", "IngestProblem", "Limits", "count_articles", "read_documents", "to_document"]


@dataclass(frozen=True, slots=True)
class IngestProblem:
    path: str
    message: str
    # False: the input was not read (skipped). True: it was read, and this says what changed.
    warning: bool = False

    def __post_init__(self) -> None:
        # messages quote the input (a date, an id), which may hold lone surrogates: a message
        # must be printable and storable whatever it quotes
        for name in ("path", "message"):
            clean, bad = replace_surrogates(getattr(self, name))
            if bad:
                object.__setattr__(self, name, clean)


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


class _Ids:
    """The ids given in one run: a second input under an id already given to another text
    is qualified (``x~2``) and reported, so that neither replaces the other."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}  # id -> (content hash prefix, origin)

    def assign(self, doc_id: str, content_hash: str, origin: str) -> tuple[str, IngestProblem | None]:
        key = content_hash[:20]
        prior = self._seen.get(doc_id)
        if prior is None or prior[0] == key:
            self._seen.setdefault(doc_id, (key, origin))
            return doc_id, None
        k = 2
        while (taken := self._seen.get(f"{doc_id}~{k}")) is not None and taken[0] != key:
            k += 1
        qualified = f"{doc_id}~{k}"
        self._seen.setdefault(qualified, (key, origin))
        return qualified, IngestProblem(origin, f"the id '{doc_id}' is already used by {prior[1]} (another text) "
                                                f"in this run: stored as '{qualified}'; give the articles "
                                                "distinct ids or file names", warning=True)


def _entry(raw: RawArticle, item: InputFile, manifest: dict[str, ManifestEntry]) -> ManifestEntry | None:
    """The manifest row of an article: by its id, or for a whole-file article by its bare
    file name (the manifest of a flat folder names ``x`` for ``sub/x.txt`` too)."""
    entry = manifest.get(raw.doc_id)
    if entry is None and raw.doc_id == item.doc_id:
        entry = manifest.get(Path(item.name).stem)
    return entry


def read_documents(paths: Iterable[Path], manifest: dict[str, ManifestEntry] | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None
                   ) -> Iterator[Document | IngestProblem]:
    manifest = manifest or {}
    limits = Limits(article_bytes=max_bytes)
    ids = _Ids()
    for item in collect_files(paths):
        if isinstance(item, SkippedInput):
            yield IngestProblem(item.shown, item.message)
            continue
        if item.renamed:
            yield IngestProblem(item.shown, f"the file name is not valid UTF-8: read with the id '{item.doc_id}'; "
                                            "rename the file in UTF-8", warning=True)
        try:
            for raw in read_file(item, limits, encoding):
                if isinstance(raw, FormatError):
                    yield IngestProblem(item.shown, str(raw))
                    continue
                yield from _document(raw, item, manifest, ids)
        except FormatError as exc:
            yield IngestProblem(item.shown, str(exc))
        except OSError as exc:
            yield IngestProblem(item.shown, f"cannot read the file ({exc.strerror or exc}); check its permissions")
        except Exception as exc:  # a bug met on one file must not stop the run: report it and go on
            yield IngestProblem(item.shown, f"could not be read ({type(exc).__name__}: {str(exc)[:200]}); this is "
                                            "a bug in tabayyun: please report it with the file")


def _document(raw: RawArticle, item: InputFile, manifest: dict[str, ManifestEntry],
              ids: _Ids) -> Iterator[Document | IngestProblem]:
    origin = raw.origin or item.shown
    if not raw.text.strip():
        yield IngestProblem(origin, "the article text is empty: nothing to analyse")
        return
    for warning in raw.warnings:
        yield IngestProblem(origin, warning, warning=True)
    try:
        document = to_document(raw, _entry(raw, item, manifest))
    except Exception as exc:  # as in read_documents: one article's bug is reported, the run goes on
        yield IngestProblem(origin, f"could not be prepared ({type(exc).__name__}: {str(exc)[:200]}); this is a "
                                    "bug in tabayyun: please report it with the article")
        return
    doc_id, collision = ids.assign(document.doc_id, document.content_hash, origin)
    if collision is not None:
        yield collision
        document = replace(document, doc_id=doc_id)
    yield document


def count_articles(paths: Iterable[Path], limit: int = 1_000_000) -> int | None:
    """How many items ``read_documents`` will yield apart from warnings (articles and
    skipped inputs), for a progress bar's total; None when unknown or above ``limit``."""
    n = 0
    for item in collect_files(paths):
        n += 1 if isinstance(item, SkippedInput) else _articles_in(item)
        if n > limit:
            return None
    return n or None


def _articles_in(item: InputFile) -> int:
    suffix = item.path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            return max(1, _nonblank_lines(item.path))
        if suffix in JSON_SUFFIXES:
            obj = loads(read_bounded(item.path, Limits().json_file_bytes).decode("utf-8-sig", errors="replace"))
            return max(1, len(obj)) if isinstance(obj, list) else 1
    except (OSError, ValueError):
        pass
    return 1


def _nonblank_lines(path: Path) -> int:
    count = 0
    with os.fdopen(open_regular(path), "rb") as handle:
        blank = True
        while chunk := handle.readline(1 << 20):
            blank = blank and not chunk.strip()
            if chunk.endswith(b"\n"):
                count += 0 if blank else 1
                blank = True
        count += 0 if blank else 1
    return count
