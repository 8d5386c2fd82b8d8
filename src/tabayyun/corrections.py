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


class Action(StrEnum):
    WRONG = "wrong"  # the record is wrong: flagged, kept
    FIX = "fix"  # some of its fields take the analyst's values


# the fields a fix may change, per target, and what each must be
FIXABLE: Mapping[Target, Mapping[str, type | tuple[type, ...]]] = {
    Target.CLAIM: {"claimant": str, "claimant_kind": str, "measure": str, "low": (int, float), "high": (int, float),
                   "unit": str, "date": str},
    Target.EVENT: {"event_type": str, "sub_event_type": str, "date": str},
    Target.FINDING: {"kind": str},
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
    """The corrections by target and key, in the order they were made."""

    by_key: Mapping[tuple[Target, str], list[Correction]]

    @classmethod
    def of(cls, corrections: Iterable[Correction]) -> Corrections:
        by_key: dict[tuple[Target, str], list[Correction]] = {}
        for c in sorted(corrections, key=lambda c: (c.created_at or datetime.min, c.id or 0)):
            by_key.setdefault((c.target, c.key), []).append(c)
        return cls(by_key)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def apply(self, record: dict[str, Any]) -> dict[str, Any]:
        """The record with the corrections of it applied (the same record when there are none);
        always carries its ``key`` when it is correctable."""
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
            yield self.apply(record) if self else record
