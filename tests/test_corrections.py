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


def test_corrections_merge_stories_by_their_documents() -> None:
    stories = [{"type": "story", "story_id": "S001", "doc_ids": ["a", "b"], "incident_ids": ["I001"],
                "first": "2024-01-02", "last": "2024-01-03", "outlets": ["X"], "title": "t1"},
               {"type": "story", "story_id": "S002", "doc_ids": ["c"], "incident_ids": ["I002"],
                "first": "2024-01-01", "last": "2024-01-01", "outlets": ["Y"], "title": "t2"},
               {"type": "story", "story_id": "S003", "doc_ids": ["d"], "incident_ids": [], "outlets": []}]
    merge = make_correction({"target": "story", "key": "c|b", "action": "merge"}, "ana")
    corrections = Corrections.of([merge], stories)
    assert corrections.story_of("S002") == "S001" and corrections.story_of("S003") == "S003"
    out = list(corrections.apply_all([dict(s) for s in stories]))
    assert [s["story_id"] for s in out] == ["S001", "S003"]
    merged = out[0]
    assert merged["doc_ids"] == ["a", "b", "c"] and merged["incident_ids"] == ["I001", "I002"]
    assert (merged["first"], merged["last"], merged["outlets"]) == ("2024-01-01", "2024-01-03", ["X", "Y"])
    assert merged["merged_from"] == ["S001", "S002"] and merged["corrected"][0]["author"] == "ana"
    placed = corrections.apply({"type": "incident", "incident_id": "I002", "story_id": "S002"})
    assert placed["story_id"] == "S001" and placed["machine"] == {"story_id": "S002"}
    # a merge naming a document no longer stored waits
    waiting = Corrections.of([make_correction({"target": "story", "key": "a|zz", "action": "merge"}, "a")], stories)
    assert waiting.story_of("S001") == "S001"


@pytest.mark.parametrize("body", [
    {"target": "story", "key": "a", "action": "merge"},
    {"target": "story", "key": "a|b", "action": "wrong"},
    {"target": "claim", "key": "k", "action": "merge"},
])
def test_corrections_refuse_bad_merges(body: dict[str, object]) -> None:
    with pytest.raises(CorrectionError):
        make_correction(body, "ana")


SPLIT_STORIES = [{"type": "story", "story_id": "S001", "doc_ids": ["a", "b", "c"], "incident_ids": ["I001", "I002"],
                  "first": "2024-01-01", "last": "2024-01-05", "outlets": ["X", "Y"], "title": "t1"},
                 {"type": "story", "story_id": "S002", "doc_ids": ["d"], "incident_ids": ["I003"], "outlets": ["Z"],
                  "title": "t2"}]
SPLIT_INCIDENTS = [{"type": "incident", "incident_id": "I001", "story_id": "S001", "doc_ids": ["a", "b"]},
                   {"type": "incident", "incident_id": "I002", "story_id": "S001", "doc_ids": ["c"]},
                   {"type": "incident", "incident_id": "I003", "story_id": "S002", "doc_ids": ["d"]}]


def _split(key: str, cid: int = 7) -> Correction:
    made = make_correction({"target": "story", "key": key, "action": "split", "note": "another crisis"}, "ana")
    return Correction(made.target, made.key, made.action, made.author, made.changes, made.note,
                      datetime(2024, 2, 1, tzinfo=UTC), cid)


def test_corrections_split_moves_documents_to_a_new_story() -> None:
    corrections = Corrections.of([_split("c")], SPLIT_STORIES, SPLIT_INCIDENTS)
    out = list(corrections.apply_all([dict(s) for s in SPLIT_STORIES]))
    assert [s["story_id"] for s in out] == ["S001", "S002", "S001.s7"]
    left, _, new = out
    assert left["doc_ids"] == ["a", "b"] and left["incident_ids"] == ["I001"] and left["split_into"] == ["S001.s7"]
    assert new["doc_ids"] == ["c"] and new["incident_ids"] == ["I002"] and new["split_from"] == "S001"
    assert new["corrected"][0]["action"] == "split" and new["corrected"][0]["author"] == "ana"
    assert left["corrected"] == new["corrected"]  # both carry the flag, with who and when
    # the records of the moved document follow it, with the machine's story kept
    claim = corrections.apply({"type": "claim", "doc_id": "c", "start": 0, "end": 1, "measure": "killed",
                               "story_id": "S001"})
    assert claim["story_id"] == "S001.s7" and claim["machine"] == {"story_id": "S001"}
    stays = corrections.apply({"type": "claim", "doc_id": "a", "start": 0, "end": 1, "measure": "killed",
                               "story_id": "S001"})
    assert stays["story_id"] == "S001" and "machine" not in stays
    assert corrections.apply(dict(SPLIT_INCIDENTS[1]))["story_id"] == "S001.s7"
    assert corrections.apply(dict(SPLIT_INCIDENTS[0]))["story_id"] == "S001"


def test_corrections_split_key_is_the_sorted_documents() -> None:
    assert _split("c|a|c").key == "a|c"


def test_corrections_split_waits_for_its_documents_and_never_empties_a_story() -> None:
    # a document no longer stored: nothing moves; the whole story: nothing is left behind to split from
    for key in ("zz", "d"):
        corrections = Corrections.of([_split(key)], SPLIT_STORIES, SPLIT_INCIDENTS)
        assert list(corrections.apply_all([dict(s) for s in SPLIT_STORIES])) == SPLIT_STORIES


def test_corrections_split_then_merge_replay_in_order() -> None:
    """A split document merged into another story later goes there: corrections replay in the order made."""
    merge = make_correction({"target": "story", "key": "c|d", "action": "merge"}, "bo")
    merge = Correction(merge.target, merge.key, merge.action, merge.author, merge.changes, merge.note,
                       datetime(2024, 3, 1, tzinfo=UTC), 8)
    corrections = Corrections.of([merge, _split("c")], SPLIT_STORIES, SPLIT_INCIDENTS)
    out = {s["story_id"]: s for s in corrections.apply_all([dict(s) for s in SPLIT_STORIES])}
    assert out["S001"]["doc_ids"] == ["a", "b"]
    assert sorted(out) == ["S001", "S001.s7"] and out["S001.s7"]["doc_ids"] == ["c", "d"]


def test_corrections_split_story_takes_its_documents_facts() -> None:
    from datetime import date

    from tabayyun.corrections import with_documents
    from tabayyun.model import Document

    docs = [Document("c", "نص", outlet="Y", published=date(2024, 1, 4), title="عنوان ج"),
            Document("e", "نص", outlet="W", published=date(2024, 1, 2), title="عنوان هـ")]
    out = with_documents({"story_id": "S001.s7", "title": None, "outlets": ["X", "Y"]}, docs)
    assert (out["outlets"], out["first"], out["last"], out["title"]) == (["W", "Y"], "2024-01-02", "2024-01-04",
                                                                         "عنوان هـ")


@pytest.mark.parametrize("body", [
    {"target": "story", "key": "a||b", "action": "split"},
    {"target": "claim", "key": "k", "action": "split"},
    {"target": "story", "key": "|".join(f"d{i}" for i in range(1001)), "action": "split"},
])
def test_corrections_refuse_bad_splits(body: dict[str, object]) -> None:
    with pytest.raises(CorrectionError):
        make_correction(body, "ana")


def test_corrections_split_of_a_split_keeps_its_lineage() -> None:
    first, second = _split("b|c", 7), _split("c", 9)
    second = Correction(second.target, second.key, second.action, second.author, second.changes, second.note,
                        datetime(2024, 2, 2, tzinfo=UTC), 9)
    out = {s["story_id"]: s for s in Corrections.of([first, second], SPLIT_STORIES, SPLIT_INCIDENTS).apply_all(
        [dict(s) for s in SPLIT_STORIES])}
    assert sorted(out) == ["S001", "S001.s7", "S001.s7.s9", "S002"]
    assert [out[k]["doc_ids"] for k in ("S001", "S001.s7", "S001.s7.s9")] == [["a"], ["b"], ["c"]]
    assert out["S001.s7.s9"]["split_from"] == "S001.s7" and out["S001.s7"]["split_into"] == ["S001.s7.s9"]
