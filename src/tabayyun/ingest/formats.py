"""Readers for the article formats: plain text, HTML (trafilatura), JSON and JSON Lines.

Limits apply to each article: a .txt or .html file is one article, read up to the limit + 1
bytes; a .jsonl file is read one line (one article) at a time, however long the file; a
.json file is parsed whole, so it has its own bound (``Limits.json_file_bytes``). A bad
record inside a multi-article file is yielded as a FormatError so the others still come.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from tabayyun.ingest.decode import DecodeError, decode_bytes, replace_surrogates
from tabayyun.ingest.files import (
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    SUPPORTED,
    InputError,
    InputFile,
    open_regular,
    read_bounded,
    too_large,
)
from tabayyun.ingest.jsonsafe import JSONLimitError, loads
from tabayyun.ingest.manifest import parse_date

__all__ = ["SUPPORTED", "FormatError", "Limits", "RawArticle", "read_file"]

_TEXT_KEYS = ("text", "content", "body", "article")
_OUTLET_KEYS = ("outlet", "source", "site", "sitename", "publisher")
_DATE_KEYS = ("published", "date", "published_at", "pubdate")

DEFAULT_MAX_BYTES = 5_000_000


class FormatError(ValueError):
    """A file is in a supported format but its content cannot be used."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one input may hold. ``article_bytes`` is ``--max-mb``."""

    article_bytes: int = DEFAULT_MAX_BYTES
    # a .json file is parsed whole; larger collections belong in .jsonl, which is streamed
    json_file_bytes: int = 100_000_000
    # title, outlet, url and id of one article, in characters
    field_chars: int = 2_000


# what a .json file over Limits.json_file_bytes is told
_WHOLE_FILE = ("a .json file (it is read whole)", "write it as .jsonl, one article per line, which is read "
               "one line at a time")


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
    # where in the input it came from, for messages ("news.jsonl line 3")
    origin: str = ""
    # the id is the record's own (not derived from the file name)
    own_id: bool = False
    warnings: tuple[str, ...] = ()


def read_file(item: InputFile, limits: Limits, encoding: str | None = None) -> Iterator[RawArticle | FormatError]:
    """The articles in one file (JSON Lines and JSON arrays hold several)."""
    suffix = item.path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(item, limits, encoding)
        elif suffix in JSON_SUFFIXES:
            yield from _read_json(item, limits, encoding)
        elif suffix in HTML_SUFFIXES:
            yield _read_html(item, read_bounded(item.path, limits.article_bytes), limits)
        else:
            decoded = decode_bytes(read_bounded(item.path, limits.article_bytes), encoding)
            yield _checked(RawArticle(item.doc_id, decoded.text, item.shown, decoded.encoding, origin=item.shown),
                           limits)
    except (InputError, DecodeError) as exc:
        raise FormatError(str(exc)) from exc


def _checked(raw: RawArticle, limits: Limits) -> RawArticle:
    """The article with text and metadata made storable: lone surrogates replaced, over-long
    metadata fields dropped (each change is a warning); FormatError for an oversized text."""
    warnings = list(raw.warnings)
    text, bad = replace_surrogates(raw.text)
    if bad:
        warnings.append(f"{bad} invalid character(s) (lone UTF-16 surrogates such as \\ud800) in the text "
                        "replaced by U+FFFD; fix the escapes in the source")
    size = len(text.encode("utf-8"))
    if size > limits.article_bytes:
        raise FormatError(too_large(size, limits.article_bytes))
    fields: dict[str, str | None] = {}
    for name in ("title", "outlet", "url"):
        value = getattr(raw, name)
        fields[name] = _field(value, name, limits, warnings) if value is not None else None
    return RawArticle(raw.doc_id, text, raw.source_path, raw.encoding, fields["title"], fields["outlet"],
                      raw.published, fields["url"], raw.origin, raw.own_id, tuple(warnings))


def _field(value: str, name: str, limits: Limits, warnings: list[str]) -> str | None:
    if len(value) > limits.field_chars:
        warnings.append(f"{name} of {len(value):,} characters ignored (limit {limits.field_chars:,})")
        return None
    value, bad = replace_surrogates(value)
    if bad:
        warnings.append(f"{name}: {bad} invalid character(s) (lone surrogates) replaced by U+FFFD")
    return value


def _error(exc: BaseException) -> str:
    detail = str(exc)[:200]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:  # a dependency of the package; only a broken install lacks it
        name = exc.name or ""
        if "html_clean" in str(exc) or name.startswith(("lxml_html_clean", "lxml.html.clean")):
            raise FormatError("reading HTML needs lxml's html_clean part, which this installation lacks "
                              "(lxml 5.2 moved it to its own package): pip install lxml_html_clean") from exc
        raise FormatError(f"reading HTML needs trafilatura, which cannot be imported (missing module "
                          f"{name or '?'}: {exc}): pip install --force-reinstall trafilatura") from exc
    return trafilatura


def _read_html(item: InputFile, data: bytes, limits: Limits) -> RawArticle:
    trafilatura = _trafilatura()
    html = decode_bytes(data).text
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # lxml and htmldate fail on some malformed pages (AssertionError, ValueError...)
        raise FormatError(f"the HTML parser failed on this page ({_error(exc)}); save the article text as "
                          ".txt instead") from exc
    if doc is None:
        raise FormatError("no article text found in this HTML page (is it an index or a login page?)")
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    if not text.strip():
        raise FormatError("no article text found in this HTML page (is it an index or a login page?)")
    strings = {k: meta.get(k) if isinstance(meta.get(k), str) else None for k in ("title", "sitename", "url")}
    published = parse_date(meta["date"]) if isinstance(meta.get("date"), str) else None
    return _checked(RawArticle(item.doc_id, text, item.shown, "html", strings["title"], strings["sitename"],
                               published, strings["url"], item.shown), limits)


def _record_id(obj: dict[str, Any], limits: Limits, warnings: list[str]) -> str | None:
    """The record's own id (``doc_id`` or ``id``: a string or an integer), or None."""
    raw = obj.get("doc_id") or obj.get("id")
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        warnings.append(f"id of type {type(raw).__name__} ignored: give each article a string id")
        return None
    value = str(raw).strip()
    return _field(value, "id", limits, warnings) if value else None


def _article_from_object(obj: Any, fallback_id: str, item: InputFile, encoding: str, origin: str,
                         limits: Limits) -> RawArticle:
    if not isinstance(obj, dict):
        raise FormatError(f"expected a JSON object per article, found {type(obj).__name__}")
    text = next((obj[k] for k in _TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if text is None or not text.strip():
        raise FormatError(f"article object has no text: give it one of the keys {', '.join(_TEXT_KEYS)}")
    warnings: list[str] = []
    own = _record_id(obj, limits, warnings)
    outlet = next((obj[k] for k in _OUTLET_KEYS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    published_raw = next((obj[k] for k in _DATE_KEYS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    published = parse_date(published_raw[:100]) if published_raw else None
    if published_raw and published is None:
        warnings.append(f"published '{published_raw[:40]}' is not a date (YYYY-MM-DD): ignored")
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    raw = RawArticle(own or fallback_id, text.replace("\r\n", "\n").replace("\r", "\n"), item.shown, encoding,
                     title, outlet, published, url, origin, own is not None, tuple(warnings))
    return _checked(raw, limits)


def _record(line: str, n: int, item: InputFile, encoding: str, limits: Limits) -> RawArticle | FormatError:
    try:
        obj = loads(line)
    except json.JSONDecodeError as exc:
        return FormatError(f"line {n} is not JSON ({exc.msg}); each line must be one article object")
    except JSONLimitError as exc:
        return FormatError(f"line {n}: {exc}")
    try:
        return _article_from_object(obj, f"{item.name}:{n}", item, encoding, f"{item.shown} line {n}", limits)
    except FormatError as exc:
        return FormatError(f"line {n}: {exc}")


def _skip_line(handle: Any) -> int:
    """Read past the rest of an over-long line without keeping it; the bytes skipped."""
    skipped = 0
    while True:
        chunk = handle.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _decode_line(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding is None:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    decoded = decode_bytes(data, encoding)
    return decoded.text, decoded.encoding


def _read_jsonl(item: InputFile, limits: Limits, encoding: str | None) -> Iterator[RawArticle | FormatError]:
    """One article per line, read line by line: memory stays one article whatever the file's size."""
    fd = open_regular(item.path)
    with os.fdopen(fd, "rb") as handle:
        head = handle.read(4)
        handle.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            yield from _read_jsonl_utf16(item, limits)
            return
        n = 0
        while True:
            data = handle.readline(limits.article_bytes + 1)
            if not data:
                return
            n += 1
            if len(data) > limits.article_bytes and not data.endswith(b"\n"):
                size = len(data) + _skip_line(handle)
                yield FormatError(f"line {n}: {too_large(size, limits.article_bytes)}")
                continue
            if n == 1 and data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8):]
            if not data.strip():
                continue
            try:
                line, used = _decode_line(data.rstrip(b"\r\n"), encoding)
            except DecodeError as exc:
                yield FormatError(f"line {n}: {exc}")
                continue
            yield _record(line, n, item, used, limits)


def _read_jsonl_utf16(item: InputFile, limits: Limits) -> Iterator[RawArticle | FormatError]:
    """UTF-16 JSON Lines cannot be split on the newline byte: read whole, within the .json bound."""
    decoded = decode_bytes(read_bounded(item.path, limits.json_file_bytes, "a UTF-16 .jsonl file (it is read whole)",
                                        "save it as UTF-8, which is read one line at a time"))
    for n, line in enumerate(decoded.text.split("\n"), start=1):
        if line.strip():
            yield _record(line, n, item, decoded.encoding, limits)


def _read_json(item: InputFile, limits: Limits, encoding: str | None) -> Iterator[RawArticle | FormatError]:
    decoded = decode_bytes(read_bounded(item.path, limits.json_file_bytes, *_WHOLE_FILE), encoding)
    try:
        obj = loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON ({exc.msg} at line {exc.lineno}); fix the file or use .txt") from exc
    except JSONLimitError as exc:
        raise FormatError(str(exc)) from exc
    if isinstance(obj, list):
        for n, entry in enumerate(obj, start=1):
            try:
                yield _article_from_object(entry, f"{item.name}:{n}", item, decoded.encoding,
                                           f"{item.shown} item {n}", limits)
            except FormatError as exc:
                yield FormatError(f"item {n}: {exc}")
    else:
        yield _article_from_object(obj, item.doc_id, item, decoded.encoding, item.shown, limits)
