"""Spans and documents to JSON-ready dicts and back, driven by the dataclass fields.

The store keeps each span's own fields (beyond start/end/text) as JSON, so a layer can
gain a field without a schema migration.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from typing import Any

from tabayyun.model import LAYER_TYPES, Document, Span

_BASE = {"start", "end", "text"}


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


_HINTS: dict[str, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls.__name__ not in _HINTS:
        _HINTS[cls.__name__] = typing.get_type_hints(cls)
    return _HINTS[cls.__name__]


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
        inner = args[0] if args else Any
        return tuple(_from_jsonable(inner, v) for v in value)
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return hint(value)
        if hint is date:
            return date.fromisoformat(value)
    return value


def span_from_row(layer: str, start: int, end: int, text: str, fields: dict[str, Any]) -> Span:
    cls = LAYER_TYPES[layer]
    hints = _hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    kwargs = {k: _from_jsonable(hints[k], v) for k, v in fields.items() if k in known}
    return cls(start=start, end=end, text=text, **kwargs)


def document_from_row(row: dict[str, Any]) -> Document:
    skipped = tuple(tuple(r) for r in (row.get("skipped") or []))
    return Document(
        doc_id=row["doc_id"], text=row["text"], outlet=row.get("outlet"),
        published=date.fromisoformat(row["published"]) if row.get("published") else None,
        url=row.get("url"), title=row.get("title"), source_path=row.get("source_path"),
        encoding=row.get("encoding"), body_end=row.get("body_end"),
        skipped=typing.cast(tuple[tuple[int, int], ...], skipped),
    )
