"""JSON parsing with limits: nesting depth and number length are checked, so that a hostile
or broken file is a reported problem, never a RecursionError or a ValueError from int()."""

from __future__ import annotations

import json
import re
from typing import Any

# an article record needs a few levels (a list of objects holding lists of authors); 64 is generous
MAX_DEPTH = 64
# the longest number a record may hold, in characters (an id or a count, never a 4,300-digit integer)
MAX_NUMBER_CHARS = 100

_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)


class JSONLimitError(ValueError):
    """Valid JSON perhaps, but beyond what an article record may be."""


def nesting_depth(text: str, stop_at: int = MAX_DEPTH) -> int:
    """The deepest nesting of arrays and objects (strings skipped); counting stops past ``stop_at``."""
    depth = deepest = 0
    for m in _STRING_OR_BRACKET.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_at:
                    return deepest
        elif c in "]}":
            depth = max(0, depth - 1)
    return deepest


def _number(parse: type[int] | type[float]) -> Any:
    def convert(digits: str) -> int | float:
        if len(digits) > MAX_NUMBER_CHARS:
            raise JSONLimitError(f"a number of {len(digits):,} characters (limit {MAX_NUMBER_CHARS}): "
                                 "write long identifiers as strings")
        return parse(digits)

    return convert


def loads(text: str) -> Any:
    """``json.loads`` within the limits. Raises json.JSONDecodeError for invalid JSON and
    JSONLimitError for JSON nested deeper than MAX_DEPTH or with over-long numbers."""
    if "[" in text or "{" in text:
        depth = nesting_depth(text)
        if depth > MAX_DEPTH:
            raise JSONLimitError(f"nested more than {MAX_DEPTH} levels deep; an article record is an object "
                                 "with text and metadata fields")
    try:
        return json.loads(text, parse_int=_number(int), parse_float=_number(float))
    except RecursionError as exc:  # the depth check counts brackets the parser never reaches; belt and braces
        raise JSONLimitError("nested too deeply to read; an article record is an object with text and "
                             "metadata fields") from exc
