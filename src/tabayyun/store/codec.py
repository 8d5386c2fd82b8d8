"""Spans and documents to storable values and back, driven by the dataclass fields.

Two shapes: a row with one plain column per field (mentions, attributions, claims, events:
enums as their text, dates as ISO text, tuples as JSON text), and a packed layer, one
compressed JSON value per document (sentences, quantities, times), whose spans leave their
text out because it is ``document.text[start:end]``.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
import zlib
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from typing import Any

from tabayyun.model import LAYER_TYPES, Document, Span

_BASE = ("start", "end", "text")


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def span_fields(span: Span) -> dict[str, Any]:
    """A span's own fields, JSON-ready (start, end and text are kept apart)."""
    return {f.name: to_jsonable(getattr(span, f.name)) for f in dataclasses.fields(span) if f.name not in _BASE}


_HINTS: dict[type, dict[str, Any]] = {}
_OWN: dict[type, tuple[str, ...]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _from_jsonable(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            if arg is type(None):
                continue
            return _from_jsonable(arg, value)
    if origin is tuple:
        args = typing.get_args(hint)
        if (len(args) == 2 and args[1] is Ellipsis) or len(args) == 1:
            return tuple(_from_jsonable(args[0], v) for v in value)
        if args:
            return tuple(_from_jsonable(a, v) for a, v in zip(args, value, strict=True))
        return tuple(value)
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return hint(value)
        if hint is date:
            return date.fromisoformat(value)
        if hint is bool:
            return bool(value)
        if hint is float and isinstance(value, int):
            return float(value)
    return value


def _plain(hint: Any) -> Any:
    """The non-None type of an optional hint."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def column_kind(cls: type[Span], name: str) -> str:
    """How a field is stored in its column: json, enum, date, bool, int, float or text."""
    hint = _plain(_hints(cls)[name])
    if typing.get_origin(hint) is tuple:
        return "json"
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return "enum"
        if hint is date:
            return "date"
        if hint is bool:
            return "bool"
        if hint is int:
            return "int"
        if hint is float:
            return "float"
    return "text"


def own_fields(cls: type[Span]) -> tuple[str, ...]:
    """The fields of a span type beyond start, end and text, in declaration order."""
    names = _OWN.get(cls)
    if names is None:
        names = _OWN[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.name not in _BASE)
    return names


def to_column(value: Any) -> Any:
    """A field value as a column value."""
    if value is None:
        return None
    if isinstance(value, tuple | list):
        return json.dumps(to_jsonable(value), ensure_ascii=False)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_column(cls: type[Span], name: str, value: Any) -> Any:
    if value is None:
        return None
    if column_kind(cls, name) == "json":
        value = json.loads(value)
    return _from_jsonable(_hints(cls)[name], value)


def span_row(span: Span) -> tuple[Any, ...]:
    """start, end, text and every own field of a span, as column values."""
    return (span.start, span.end, span.text, *(to_column(getattr(span, n)) for n in own_fields(type(span))))


Converter = Callable[[Any], Any]
_DECODERS: dict[tuple[type, bool], tuple[Converter | None, ...]] = {}


def _converter(hint: Any, from_text: bool) -> Converter | None:
    """What turns a stored value (never None) back into the field's type; None: it already is.
    ``from_text``: tuples come as JSON text (columns), else as lists (packed layers)."""
    plain = _plain(hint)
    if typing.get_origin(plain) is tuple:
        convert = _element(plain)
        if not from_text:
            return convert
        return lambda v: () if v == "[]" else convert(json.loads(v))  # type: ignore[misc]
    if isinstance(plain, type):
        if issubclass(plain, Enum):
            return plain
        if plain is date:
            return date.fromisoformat
        if plain is bool:
            return bool
        if plain is float:
            return float
    return None


def _element(hint: Any) -> Converter | None:
    """A converter from a JSON value (lists for tuples) to ``hint``, compiled once."""
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        if (len(args) == 2 and args[1] is Ellipsis) or len(args) == 1:
            inner = _element(args[0])
            if inner is None:
                return tuple
            return lambda v: tuple(inner(x) for x in v)
        parts = [_element(a) for a in args]
        return lambda v: tuple(x if f is None else f(x) for f, x in zip(parts, v, strict=True))
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return hint
        if hint is date:
            return date.fromisoformat
        if hint is float:
            return float
    return None


def _decoders(cls: type[Span], from_text: bool) -> tuple[Converter | None, ...]:
    """One converter per own field, worked out once per span type (queries decode many rows)."""
    key = (cls, from_text)
    decoders = _DECODERS.get(key)
    if decoders is None:
        hints = _hints(cls)
        decoders = _DECODERS[key] = tuple(_converter(hints[n], from_text) for n in own_fields(cls))
    return decoders


def span_from_columns(cls: type[Span], values: Sequence[Any]) -> Span:
    """The inverse of ``span_row``: values in the order start, end, text, own fields (the
    dataclass's own field order, so the span is built positionally)."""
    own = [v if f is None or v is None else f(v) for f, v in zip(_decoders(cls, True), values[3:], strict=True)]
    return cls(values[0], values[1], values[2], *own)


def span_from_row(layer: str, start: int, end: int, text: str, fields: dict[str, Any]) -> Span:
    """A span from its JSON fields (the 0001 schema's ``spans`` rows and packed layers)."""
    cls = LAYER_TYPES[layer]
    hints = _hints(cls)
    known = set(own_fields(cls))
    kwargs = {k: _from_jsonable(hints[k], v) for k, v in fields.items() if k in known}
    return cls(start=start, end=end, text=text, **kwargs)


# --- packed layers -----------------------------------------------------------------------

def pack_layer(layer: str, spans: Sequence[Span], text: str) -> bytes:
    """One compressed JSON value for a whole layer of a document.

    ``{"fields": [...], "rows": [[start, end, value, ...]], "texts": {"i": text}}``: a span's
    text is left out when it is ``text[start:end]`` (always, for spans made by ``make_span``),
    and kept in ``texts`` otherwise, so that nothing is lost either way.
    """
    names = own_fields(LAYER_TYPES[layer])
    rows = []
    texts: dict[str, str] = {}
    for i, span in enumerate(spans):
        rows.append([span.start, span.end, *(to_jsonable(getattr(span, n)) for n in names)])
        if text[span.start:span.end] != span.text:
            texts[str(i)] = span.text
    payload: dict[str, Any] = {"fields": list(names), "rows": rows}
    if texts:
        payload["texts"] = texts
    return zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack_layer(layer: str, data: bytes, text: str) -> list[Span]:
    cls = LAYER_TYPES[layer]
    payload = json.loads(zlib.decompress(bytes(data)).decode("utf-8"))
    names = payload["fields"]
    texts = payload.get("texts", {})
    if list(names) != list(own_fields(cls)):
        # packed by a version whose span type had other fields: match them by name
        return [span_from_row(layer, row[0], row[1], texts.get(str(i), text[row[0]:row[1]]),
                              dict(zip(names, row[2:], strict=True))) for i, row in enumerate(payload["rows"])]
    decoders = _decoders(cls, False)
    spans = []
    for i, row in enumerate(payload["rows"]):
        start, end = row[0], row[1]
        own = [v if f is None or v is None else f(v) for f, v in zip(decoders, row[2:], strict=True)]
        spans.append(cls(start, end, texts.get(str(i), text[start:end]), *own))
    return spans


# --- documents ---------------------------------------------------------------------------

DOCUMENT_COLUMNS = ("doc_id", "text", "outlet", "published", "url", "title", "source_path", "encoding",
                    "body_end", "skipped")
# what identifies a document's metadata: a change means the stored analysis is out of date
METADATA = ("outlet", "published", "url", "title")


def document_row(doc: Document) -> tuple[Any, ...]:
    """A document's values in ``DOCUMENT_COLUMNS`` order."""
    return (doc.doc_id, doc.text, doc.outlet, doc.published.isoformat() if doc.published else None, doc.url,
            doc.title, doc.source_path, doc.encoding, doc.body_end, json.dumps([list(r) for r in doc.skipped]))


def metadata_of(doc: Document) -> tuple[Any, ...]:
    return (doc.outlet, doc.published.isoformat() if doc.published else None, doc.url, doc.title)


def document_from_row(row: Sequence[Any]) -> Document:
    """The inverse of ``document_row``. ``skipped`` is JSON text, parsed (not iterated as a string)."""
    doc_id, text, outlet, published, url, title, source_path, encoding, body_end, skipped = row
    ranges = json.loads(skipped) if skipped else []
    return Document(
        doc_id=doc_id, text=text, outlet=outlet,
        published=date.fromisoformat(published) if published else None,
        url=url, title=title, source_path=source_path, encoding=encoding, body_end=body_end,
        skipped=tuple((int(a), int(b)) for a, b in ranges),
    )
