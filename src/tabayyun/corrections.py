"""Analysts' corrections, kept apart from machine output and applied on top of it.

A correction names its target by what survives a re-analysis — a claim or an event by its
document and offsets (and a claim by its measure too), a finding by its kind, measure and the
claims it holds — never by a row id, so ``tabayyun refresh`` keeps it. Applying one never
changes the stored machine output: a record gets ``corrected`` (the analysts' corrections of it,
who and when) and, for a fix, ``machine`` (the values it replaced); a record marked wrong keeps
its values and gets ``wrong: true``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tabayyun.model import Document


class Target(StrEnum):
    CLAIM = "claim"
    EVENT = "event"
    FINDING = "finding"
    # key: "DOC_A|DOC_B", two documents whose stories are one (merge); or the documents, "|"-joined,
    # that leave their story for a new one (split)
    STORY = "story"


class Action(StrEnum):
    WRONG = "wrong"  # the record is wrong: flagged, kept
    FIX = "fix"  # some of its fields take the analyst's values
    MERGE = "merge"  # stories only: the stories of the key's two documents are one
    SPLIT = "split"  # stories only: the key's documents leave their story and make a new one


# the fields a fix may change, per target, and what each must be
FIXABLE: Mapping[Target, Mapping[str, type | tuple[type, ...]]] = {
    Target.CLAIM: {"claimant": str, "claimant_kind": str, "measure": str, "low": (int, float), "high": (int, float),
                   "unit": str, "date": str},
    Target.EVENT: {"event_type": str, "sub_event_type": str, "date": str},
    Target.FINDING: {"kind": str},
    Target.STORY: {},
}


# documents one split may move (a form of checkboxes picks a few; more is a mistake)
MAX_SPLIT_DOCS = 1000


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
    if (target is Target.STORY) != (action in (Action.MERGE, Action.SPLIT)):
        raise CorrectionError("stories are merged (action merge, key DOC_A|DOC_B) or split (action split, key: "
                              "the documents that leave, DOC_A|DOC_B|…); claims, events and findings are marked "
                              "wrong or fixed")
    if action is Action.MERGE and (key.count("|") != 1 or not all(key.split("|"))):
        raise CorrectionError("a story merge's key is two document ids: DOC_A|DOC_B")
    if action is Action.SPLIT:
        docs = key.split("|")
        if not all(docs) or len(docs) > MAX_SPLIT_DOCS:
            raise CorrectionError(f"a story split's key is the ids of the documents that leave their story "
                                  f"(1 to {MAX_SPLIT_DOCS}), joined by |")
        key = "|".join(sorted(set(docs)))  # one split, one key, whatever order they were picked in
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
    """The corrections by target and key, in the order they were made; with the story records
    (and the incidents, for a split), the stories regrouped: ``story_map`` takes each machine
    story id to the story it is part of after the merges, ``doc_story`` each document of a
    regrouped story to its story, and ``regrouped`` holds the records of the stories that
    changed (None for a story merged into another)."""

    by_key: Mapping[tuple[Target, str], list[Correction]]
    story_map: Mapping[str, str] = field(default_factory=dict)
    doc_story: Mapping[str, str] = field(default_factory=dict)
    regrouped: Mapping[str, dict[str, Any] | None] = field(default_factory=dict)

    @classmethod
    def of(cls, corrections: Iterable[Correction], stories: Iterable[Mapping[str, Any]] = (),
           incidents: Iterable[Mapping[str, Any]] = ()) -> Corrections:
        by_key: dict[tuple[Target, str], list[Correction]] = {}
        ordered = sorted(corrections, key=lambda c: (c.created_at or datetime.min, c.id or 0))
        for c in ordered:
            by_key.setdefault((c.target, c.key), []).append(c)
        regroups = [c for c in ordered if c.target is Target.STORY]
        if not regroups:
            return cls(by_key)
        story_map, doc_story, regrouped = _regroup_stories(list(stories), list(incidents), regroups)
        return cls(by_key, story_map, doc_story, regrouped)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def story_of(self, story_id: str) -> str:
        """The id of the story a story is part of after the merges (itself when none)."""
        return self.story_map.get(story_id, story_id)

    def story_of_record(self, record: Mapping[str, Any]) -> Any:
        """The story a record belongs to after the regrouping: a document's claim or event goes
        with its document; an incident with its documents when they all went one way; anything
        else with the story its machine story became."""
        sid = record.get("story_id")
        doc_id = record.get("doc_id")
        if isinstance(doc_id, str) and doc_id in self.doc_story:
            return self.doc_story[doc_id]
        docs = record.get("doc_ids")
        if record.get("type") == "incident" and isinstance(docs, list) and docs:
            went = {self.doc_story.get(d) for d in docs}
            if len(went) == 1 and None not in went:
                return went.pop()
        return self.story_of(sid) if isinstance(sid, str) else sid

    def apply_story(self, record: dict[str, Any]) -> dict[str, Any] | None:
        """A story record after the regrouping: the regrouped story for one that changed, None
        for a story merged into another."""
        sid = record.get("story_id")
        if not isinstance(sid, str) or sid not in self.regrouped:
            return record
        return self.regrouped[sid]

    def new_stories(self) -> list[dict[str, Any]]:
        """The stories that splits made (no machine story record stands for them)."""
        return [r for sid, r in self.regrouped.items() if r is not None and r.get("split_from") is not None
                and sid not in self.story_map]

    def apply(self, record: dict[str, Any]) -> dict[str, Any]:
        """The record with the corrections of it applied (the same record when there are none);
        always carries its ``key`` when it is correctable."""
        sid = record.get("story_id")
        if self.regrouped and record.get("type") != "story" and "story_id" in record:
            now = self.story_of_record(record)
            if now != sid:
                record = {**record, "story_id": now, "machine": {**record.get("machine", {}), "story_id": sid}}
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
            record["machine"] = {**record.get("machine", {}), **machine}
        record["corrected"] = [c.as_json() for c in mine]
        return record

    def apply_all(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Every record corrected; the stories regrouped, those that splits made after the last
        machine story."""
        last_story = False
        for record in records:
            if not self:
                yield record
            elif record.get("type") == "story":
                last_story = True
                story = self.apply_story(record)
                if story is not None:
                    yield story
            else:
                if last_story:
                    yield from self.new_stories()
                    last_story = False
                yield self.apply(record)
        if last_story:
            yield from self.new_stories()


def _regroup_stories(stories: list[Mapping[str, Any]], incidents: list[Mapping[str, Any]],
                     regroups: list[Correction]
                     ) -> tuple[dict[str, str], dict[str, str], dict[str, dict[str, Any] | None]]:
    """Replay the merges and splits in the order they were made over the machine's stories, by
    their documents (a correction naming a document no longer stored waits for it). A merge
    keeps the smaller story id; a split's documents make a story named after the story they
    left and the correction (S003.s12). Returns (machine story -> story after the merges,
    document -> story, for the documents of the stories that changed; each changed story's
    record, None for a story merged into another)."""
    machine = {s["story_id"]: s for s in stories}
    group_of = {d: s["story_id"] for s in stories for d in s.get("doc_ids", [])}
    used: dict[str, list[Correction]] = {}
    parents: dict[str, str] = {}  # a split's story -> the story its documents left
    for c in regroups:
        docs = [d for d in c.key.split("|") if d in group_of]
        if c.action is Action.MERGE:
            if len(docs) != 2:
                continue
            a, b = group_of[docs[0]], group_of[docs[1]]
            keep, drop = min(a, b), max(a, b)
            if keep != drop:
                for d, g in group_of.items():
                    if g == drop:
                        group_of[d] = keep
                used.setdefault(keep, []).extend(used.pop(drop, []))
            used.setdefault(keep, []).append(c)
        elif c.action is Action.SPLIT and docs:
            left = Counter(group_of[d] for d in docs).most_common(1)[0][0]
            new = f"{left}.s{c.id if c.id is not None else len(parents) + 1}"
            if sum(1 for g in group_of.values() if g in {group_of[d] for d in docs}) == len(docs):
                continue  # the documents are their whole story(ies): nothing leaves
            for d in docs:
                group_of[d] = new
            parents[new] = left
            used.setdefault(new, []).append(c)
            used.setdefault(left, []).append(c)
    members: dict[str, list[str]] = {}
    for d, g in group_of.items():
        members.setdefault(g, []).append(d)
    story_map = {}
    for sid, s in machine.items():
        docs = s.get("doc_ids", [])
        after = Counter(group_of[d] for d in docs).most_common(1)[0][0] if docs else sid
        # a machine story goes where most of its documents went, unless it stands on its own
        story_map[sid] = sid if sid in members else after
    incidents_of: dict[str, set[str]] = {}
    for i in incidents:
        for d in i.get("doc_ids", []):
            incidents_of.setdefault(d, set()).add(i["incident_id"])
    regrouped: dict[str, dict[str, Any] | None] = {}
    doc_story: dict[str, str] = {}
    for g, docs in members.items():
        parts = sorted({s for s, st in machine.items() if set(st.get("doc_ids", [])) & set(docs)})
        unchanged = g in machine and set(machine[g].get("doc_ids", [])) == set(docs) and g not in used
        if unchanged:
            continue
        doc_story.update(dict.fromkeys(docs, g))
        root = g
        while root not in machine and root in parents:  # a split of a split: the machine story it came from
            root = parents[root]
        lead = machine.get(root) or machine[parts[0]]
        kept = set(docs)
        incident_ids = sorted({i for d in docs for i in incidents_of.get(d, ())}) if incidents_of else sorted(
            {i for s in parts for i in machine[s].get("incident_ids", [])})
        days = [d for s in parts for d in (machine[s].get("first"), machine[s].get("last")) if d]
        record: dict[str, Any] = {
            **lead, "story_id": g, "doc_ids": sorted(kept), "incident_ids": incident_ids,
            "outlets": sorted({o for s in parts for o in machine[s].get("outlets", []) if o})
            if len(parts) > 1 and g not in parents else lead.get("outlets", []),
            "first": min(days) if days else None, "last": max(days) if days else None,
            "corrected": [c.as_json() for c in used.get(g, [])]}
        if len(parts) > 1 and g not in parents:
            record["merged_from"] = parts
        if g in parents:
            record["split_from"] = parents[g]
            record["title"] = None  # its own lead headline: the caller knows the documents' titles
        splits = sorted(n for n, p in parents.items() if p == g and n in members)
        if splits:
            record["split_into"] = splits
        regrouped[g] = record
    for sid, st in machine.items():
        if sid not in members and st.get("doc_ids"):
            regrouped[sid] = None  # merged into another, or every document split off
    return story_map, doc_story, regrouped


def is_resplit(record: Mapping[str, Any]) -> bool:
    """A story whose documents a split changed: its outlets, days and title are its documents'."""
    return record.get("split_from") is not None or bool(record.get("split_into"))


def with_documents(record: dict[str, Any], documents: Iterable[Document]) -> dict[str, Any]:
    """A split story's outlets, first and last days from its documents, and, for a story a split
    made, the title of its earliest document as its lead headline."""
    docs = sorted(documents, key=lambda d: (d.published or date.max, d.doc_id))
    days = [d.published.isoformat() for d in docs if d.published]
    out = {**record, "outlets": sorted({d.outlet for d in docs if d.outlet}),
           "first": min(days) if days else record.get("first"), "last": max(days) if days else record.get("last")}
    if out.get("title") is None:
        out["title"] = next((d.title for d in docs if d.title), None) or (docs[0].doc_id if docs else None)
    return out
