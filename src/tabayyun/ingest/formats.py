"""Readers for the article formats: plain text, HTML (trafilatura), JSON and JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tabayyun.ingest.decode import decode_bytes
from tabayyun.ingest.manifest import parse_date

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

_TEXT_KEYS = ("text", "content", "body", "article")
_OUTLET_KEYS = ("outlet", "source", "site", "sitename", "publisher")
_DATE_KEYS = ("published", "date", "published_at", "pubdate")


class FormatError(ValueError):
    """A file is in a supported format but its content cannot be used."""


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as read, before boilerplate detection and metadata merging."""

    doc_id: str
    text: str
    source_path: str
    encoding: str
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None


def read_file(path: Path, max_bytes: int, encoding: str | None = None) -> Iterator[RawArticle | FormatError]:
    """The articles in one file (JSON Lines and JSON arrays hold several). A bad record
    inside a multi-article file is yielded as a FormatError so the others still come."""
    size = path.stat().st_size
    if size > max_bytes:
        raise FormatError(f"{size / 1e6:.1f} MB is larger than one article can be (limit {max_bytes / 1e6:.0f} MB): "
                          "split it into one file per article, or raise --max-mb")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        yield _read_html(path, data)
        return
    decoded = decode_bytes(data, encoding)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, decoded.text, decoded.encoding)
    elif suffix in JSON_SUFFIXES:
        yield from _read_json(path, decoded.text, decoded.encoding)
    else:
        yield RawArticle(path.stem, decoded.text, str(path), decoded.encoding)


def _read_html(path: Path, data: bytes) -> RawArticle:
    try:
        import trafilatura
    except ImportError as exc:  # a dependency of the package; only a broken install lacks it
        raise FormatError("reading HTML needs trafilatura: pip install trafilatura") from exc
    html = decode_bytes(data).text
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        raise FormatError("no article text found in this HTML page (is it an index or a login page?)")
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    if not text.strip():
        raise FormatError("no article text found in this HTML page (is it an index or a login page?)")
    return RawArticle(path.stem, text, str(path), "html", meta.get("title"), meta.get("sitename"),
                      parse_date(meta.get("date")), meta.get("url"))


def _article_from_object(obj: Any, fallback_id: str, path: Path, encoding: str) -> RawArticle:
    if not isinstance(obj, dict):
        raise FormatError(f"expected a JSON object per article, found {type(obj).__name__}")
    text = next((obj[k] for k in _TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if text is None or not text.strip():
        raise FormatError(f"article object has no text: give it one of the keys {', '.join(_TEXT_KEYS)}")
    doc_id = str(obj.get("doc_id") or obj.get("id") or fallback_id)
    outlet = next((obj[k] for k in _OUTLET_KEYS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    published_raw = next((obj[k] for k in _DATE_KEYS if isinstance(obj.get(k), str)), None)
    return RawArticle(doc_id, text.replace("\r\n", "\n").replace("\r", "\n"), str(path), encoding,
                      obj.get("title") if isinstance(obj.get("title"), str) else None,
                      outlet, parse_date(published_raw), obj.get("url") if isinstance(obj.get("url"), str) else None)


def _read_jsonl(path: Path, text: str, encoding: str) -> Iterator[RawArticle | FormatError]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield _article_from_object(json.loads(line), f"{path.stem}-{n}", path, encoding)
        except json.JSONDecodeError as exc:
            yield FormatError(f"line {n} is not JSON ({exc.msg}); each line must be one article object")
        except FormatError as exc:
            yield FormatError(f"line {n}: {exc}")


def _read_json(path: Path, text: str, encoding: str) -> Iterator[RawArticle | FormatError]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON ({exc.msg} at line {exc.lineno}); fix the file or use .txt") from exc
    if isinstance(obj, list):
        for n, item in enumerate(obj, start=1):
            try:
                yield _article_from_object(item, f"{path.stem}-{n}", path, encoding)
            except FormatError as exc:
                yield FormatError(f"item {n}: {exc}")
    else:
        yield _article_from_object(obj, path.stem, path, encoding)
