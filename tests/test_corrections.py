"""Corrections applied on top of machine output: keys that survive re-analysis, flags, refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tabayyun.corrections import (
    Action,
    Correction,
    CorrectionError,
    Corrections,
    Target,
    claim_key,
    finding_key,
    make_correction,
)

CLAIM = {"type": "claim", "doc_id": "d", "start": 3, "end": 9, "text": "مقتل 15", "measure": "killed", "low": 15.0,
         "high": 15.0, "claimant": {"text": "المرصد", "kind": "organization"}, "via": []}


def test_corrections_fix_changes_fields_and_keeps_machine_values() -> None:
    fix = Correction(Target.CLAIM, claim_key("d", 3, 9, "killed"), Action.FIX, "ana",
                     {"claimant": "وزارة الصحة", "low": 12.0}, "misread", datetime(2024, 1, 1, tzinfo=UTC), 1)
    out = Corrections.of([fix]).apply(dict(CLAIM))
    assert out["claimant"] == {"text": "وزارة الصحة", "kind": "organization"}
    assert out["low"] == 12.0 and out["high"] == 15.0
    assert out["machine"] == {"claimant": "المرصد", "low": 15.0}
    assert out["corrected"][0]["author"] == "ana" and out["corrected"][0]["created_at"].startswith("2024-01-01")
    assert "wrong" not in out
    assert CLAIM["low"] == 15.0  # the machine record itself is untouched


def test_corrections_wrong_flags_and_a_measure_fix_keeps_its_key() -> None:
    key = claim_key("d", 3, 9, "killed")
    wrong = Correction(Target.CLAIM, key, Action.WRONG, "ana")
    moved = Correction(Target.CLAIM, key, Action.FIX, "bo", {"measure": "injured"})
    out = Corrections.of([wrong, moved]).apply(dict(CLAIM))
    assert out["wrong"] is True and out["measure"] == "injured" and out["key"] == key
    assert len(out["corrected"]) == 2


def test_corrections_leave_other_records_alone() -> None:
    corrections = Corrections.of([Correction(Target.CLAIM, claim_key("x", 0, 1, "killed"), Action.WRONG, "a")])
    out = corrections.apply(dict(CLAIM))
    assert "corrected" not in out and out["key"] == claim_key("d", 3, 9, "killed")
    doc = {"type": "document", "doc_id": "d"}
    assert corrections.apply(doc) is doc


def test_corrections_finding_key_ignores_claim_order() -> None:
    a = {"doc_id": "a", "start": 1, "end": 2}
    b = {"doc_id": "b", "start": 3, "end": 4}
    assert finding_key("contradiction", "killed", [a, b]) == finding_key("contradiction", "killed", [b, a])


@pytest.mark.parametrize("body", [
    {"target": "claim", "key": "k", "action": "delete"},
    {"target": "story", "key": "k", "action": "wrong"},
    {"target": "claim", "action": "wrong"},
    {"target": "claim", "key": "k", "action": "fix"},
    {"target": "claim", "key": "k", "action": "fix", "changes": {"text": "x"}},
    {"target": "claim", "key": "k", "action": "fix", "changes": {"low": "12"}},
    {"target": "claim", "key": "k", "action": "fix", "changes": {"low": True}},
    {"target": "event", "key": "k", "action": "fix", "changes": {"claimant": "x"}},
])
def test_corrections_refuse_what_cannot_be_applied(body: dict[str, object]) -> None:
    with pytest.raises(CorrectionError):
        make_correction(body, "ana")
