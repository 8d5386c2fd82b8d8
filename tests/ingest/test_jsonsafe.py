"""JSON within limits: depth and number length are refused with a message, never a crash."""

from __future__ import annotations

import json

import pytest

from tabayyun.ingest.jsonsafe import MAX_DEPTH, JSONLimitError, loads, nesting_depth


@pytest.mark.parametrize(("text", "depth"), [
    ('{"text": "نص"}', 1),
    ('[{"a": [1, {"b": []}]}]', 5),
    ('{"text": "[[[[{{{{ \\" ]]"}', 1),
    ('"[["', 0),
])
def test_nesting_depth_skips_brackets_inside_strings(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


@pytest.mark.parametrize(("text", "message"), [
    ('{"text": "x", "n": ' + "1" * 5000 + "}", "a number of 5,000 characters"),
    ('{"text": "x", "n": 1.' + "5" * 5000 + "}", "a number of 5,002 characters"),
    ('{"text": "x", "n": ' + "[" * 1000 + "]" * 1000 + "}", f"nested more than {MAX_DEPTH} levels"),
    ("[" * 100_000, f"nested more than {MAX_DEPTH} levels"),
])
def test_loads_refuses_what_json_loads_would_crash_on(text: str, message: str) -> None:
    with pytest.raises(JSONLimitError, match=message):
        loads(text)


def test_loads_reads_ordinary_records() -> None:
    record = {"id": 12, "text": "قال مصدر", "score": -1.5e3, "tags": [["a"], {"b": None}], "ok": True}
    assert loads(json.dumps(record, ensure_ascii=False)) == record


def test_loads_invalid_json_is_a_decode_error() -> None:
    with pytest.raises(json.JSONDecodeError):
        loads('{"text": ')
