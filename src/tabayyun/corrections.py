"""Analysts' corrections, kept apart from machine output and applied on top of it.

A correction names its target by what survives a re-analysis — a claim or an event by its
document and offsets (and a claim by its measure too), a finding by its kind, measure and the
claims it holds — never by a row id, so ``tabayyun refresh`` keeps it. Applying one never
changes the stored machine output: a record gets ``corrected`` (the analysts' corrections of it,
who and when) and, for a fix, ``machine`` (the values it replaced); a record marked wrong keeps
its values and gets ``wrong: true``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Target(StrEnum):
    CLAIM = "claim"
    EVENT = "event"
    FINDING = "finding"
    STORY = "story"  # key: "DOC_A|DOC_B", two documents whose stories are one


class Action(StrEnum):
    WRONG = "wrong"  # the record is wrong: flagged, kept
    FIX = "fix"  # some of its fields take the analyst's values
    MERGE = "merge"  # stories only: the stories of the key's two documents are one


# the fields a fix may change, per target, and what each must be
FIXABLE: Mapping[Target, Mapping[str, type | tuple[type, ...]]] = {
    Target.CLAIM: {"claimant": str, "claimant_kind": str, "measure": str, "low": (int, float), "high": (int, float),
                   "unit": str, "date": str},
    Target.EVENT: {"event_type": str, "sub_event_type": str, "date": str},
    Target.FINDING: {"kind": str},
    Target.STORY: {},
}


class CorrectionError(ValueError):
    """A correction that cannot be stored as given (the message says why)."""


@dataclass(frozen=True, slots=True)
class Correction:
    target: Target
    key: str  # the target's stable key (``claim_key``, ``event_key``, ``finding_key``)
    action: Action
    author: str
    changes: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    created_at: datetime | None = None  # set by the store
    id: int | None = None  # set by the store

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "target": self.target.value, "key": self.key, "action": self.action.value,
                "changes": dict(self.changes), "author": self.author, "note": self.note,
                "created_at": self.created_at.isoformat() if self.created_at else None}


def claim_key(doc_id: str, start: int, end: int, measure: str) -> str:
    return f"{doc_id}:{start}:{end}:{measure}"


def event_key(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id}:{start}:{end}"


def finding_key(kind: str, measure: str, claims: Iterable[Mapping[str, Any]]) -> str:
    refs = sorted(f"{c['doc_id']}:{c['start']}:{c['end']}" for c in claims)
    return f"{kind}|{measure}|{','.join(refs)}"


def record_key(record: Mapping[str, Any]) -> tuple[Target, str] | None:
    """The target and key of an export record (None: not a correctable record). A claim fixed to
    another measure keeps the key of the measure the machine gave it."""
    kind = record.get("type")
    if kind == "claim":
        measure = (record.get("machine") or {}).get("measure", record["measure"])
        return Target.CLAIM, claim_key(record["doc_id"], record["start"], record["end"], measure)
    if kind == "event":
        return Target.EVENT, event_key(record["doc_id"], record["start"], record["end"])
    if kind == "finding":
        return Target.FINDING, finding_key(record["kind"], record["measure"], record.get("claims", []))
    return None


def make_correction(data: Mapping[str, Any], author: str) -> Correction:
    """A correction from an API body: ``{"target", "key" or the target's fields, "action",
    "changes", "note"}``; refused with a message when anything is wrong."""
    try:
        target = Target(str(data.get("target")))
        action = Action(str(data.get("action")))
    except ValueError as exc:
        raise CorrectionError(f"target must be one of {', '.join(Target)} and action one of {', '.join(Action)}"
                              ) from exc
    key = data.get("key")
    if not isinstance(key, str) or not key:
        raise CorrectionError("key is required: the record's key (its `key` field in the API)")
    if (target is Target.STORY) != (action is Action.MERGE):
        raise CorrectionError("stories are merged (action merge, key DOC_A|DOC_B); claims, events and findings "
                              "are marked wrong or fixed")
    if target is Target.STORY and (key.count("|") != 1 or not all(key.split("|"))):
        raise CorrectionError("a story merge's key is two document ids: DOC_A|DOC_B")
    changes = data.get("changes") or {}
    if not isinstance(changes, dict):
        raise CorrectionError("changes must be an object")
    if action is Action.FIX and not changes:
        raise CorrectionError("a fix needs changes, e.g. {\"claimant\": \"…\"}")
    allowed = FIXABLE[target]
    for name, value in changes.items():
        if name not in allowed:
            raise CorrectionError(f"a {target.value} fix may change {', '.join(allowed)}, not {name!r}")
        if not isinstance(value, allowed[name]) or isinstance(value, bool):
            raise CorrectionError(f"{name} has the wrong type")
    note = data.get("note") or ""
    if not isinstance(note, str) or len(note) > 2000 or len(author) > 200:
        raise CorrectionError("note must be text of at most 2,000 characters, author at most 200")
    return Correction(target, key, action, author, dict(changes), note)


@dataclass(frozen=True, slots=True)
class Corrections:
    """The corrections by target and key, in the order they were made; with the story records,
    the stories merged (``story_map``: each story id to the id of the story it is part of)."""

    by_key: Mapping[tuple[Target, str], list[Correction]]
    story_map: Mapping[str, str] = field(default_factory=dict)
    merged: Mapping[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, corrections: Iterable[Correction], stories: Iterable[Mapping[str, Any]] = ()) -> Corrections:
        by_key: dict[tuple[Target, str], list[Correction]] = {}
        ordered = sorted(corrections, key=lambda c: (c.created_at or datetime.min, c.id or 0))
        for c in ordered:
            by_key.setdefault((c.target, c.key), []).append(c)
        merges = [c for c in ordered if c.target is Target.STORY]
        story_map, merged = _merge_stories(list(stories), merges) if merges else ({}, {})
        return cls(by_key, story_map, merged)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def story_of(self, story_id: str) -> str:
        """The id of the story a story is part of after the merges (itself when none)."""
        return self.story_map.get(story_id, story_id)

    def apply_story(self, record: dict[str, Any]) -> dict[str, Any] | None:
        """A story record after the merges: the merged story for the one that stands for it,
        None for a story merged into another."""
        sid = record.get("story_id")
        if not isinstance(sid, str) or sid not in self.story_map:
            return record
        if self.story_map[sid] != sid:
            return None
        return self.merged[sid]

    def apply(self, record: dict[str, Any]) -> dict[str, Any]:
        """The record with the corrections of it applied (the same record when there are none);
        always carries its ``key`` when it is correctable."""
        sid = record.get("story_id")
        if isinstance(sid, str) and self.story_of(sid) != sid and record.get("type") != "story":
            record = {**record, "story_id": self.story_of(sid),
                      "machine": {**record.get("machine", {}), "story_id": sid}}
        found = record_key(record)
        if found is None:
            return record
        record = {**record, "key": found[1]}
        mine = self.by_key.get(found)
        if not mine:
            return record
        machine: dict[str, Any] = {}
        for c in mine:
            if c.action is Action.WRONG:
                record["wrong"] = True
            for name, value in c.changes.items():
                if name == "claimant" and isinstance(record.get("claimant"), dict):
                    machine.setdefault(name, record["claimant"]["text"])
                    record["claimant"] = {**record["claimant"], "text": value}
                elif name == "claimant_kind" and isinstance(record.get("claimant"), dict):
                    machine.setdefault(name, record["claimant"]["kind"])
                    record["claimant"] = {**record["claimant"], "kind": value}
                else:
                    machine.setdefault(name, record.get(name))
                    record[name] = value
        if machine:
            record["machine"] = machine
        record["corrected"] = [c.as_json() for c in mine]
        return record

    def apply_all(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            if not self:
                yield record
            elif record.get("type") == "story":
                story = self.apply_story(record)
                if story is not None:
                    yield story
            else:
                yield self.apply(record)


def _merge_stories(stories: list[Mapping[str, Any]], merges: list[Correction]
                   ) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Union the stories each merge names (by their documents); the merged story keeps the
    smallest id, every document, incident and outlet of its parts, and the merges behind it."""
    story_of_doc = {d: s["story_id"] for s in stories for d in s.get("doc_ids", [])}
    parent = {s["story_id"]: s["story_id"] for s in stories}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    used: dict[str, list[Correction]] = {}
    for c in merges:
        a, b = (story_of_doc.get(d) for d in c.key.split("|"))
        if a is None or b is None:
            continue  # a document no longer stored: the merge waits
        ra, rb = root(a), root(b)
        keep, drop = min(ra, rb), max(ra, rb)
        parent[drop] = keep
        used.setdefault(keep, []).extend(used.pop(drop, []) if drop != keep else [])
        used[keep].append(c)
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for s in stories:
        groups.setdefault(root(s["story_id"]), []).append(s)
    story_map: dict[str, str] = {}
    merged: dict[str, dict[str, Any]] = {}
    for rep, parts in groups.items():
        if len(parts) < 2:
            continue
        parts = sorted(parts, key=lambda s: s["story_id"])
        lead = next(s for s in parts if s["story_id"] == rep)
        days = [d for s in parts for d in (s.get("first"), s.get("last")) if d]
        merged[rep] = {**lead,
                       "doc_ids": sorted({d for s in parts for d in s.get("doc_ids", [])}),
                       "incident_ids": sorted({i for s in parts for i in s.get("incident_ids", [])}),
                       "outlets": sorted({o for s in parts for o in s.get("outlets", []) if o}),
                       "first": min(days) if days else None, "last": max(days) if days else None,
                       "merged_from": [s["story_id"] for s in parts],
                       "corrected": [c.as_json() for c in used.get(rep, [])]}
        story_map.update({s["story_id"]: rep for s in parts})
    return story_map, merged
