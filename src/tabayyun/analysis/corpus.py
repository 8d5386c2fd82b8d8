"""Across outlets: the one entry point that turns analysed articles into corpus findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tabayyun.analysis.findings import ClaimRef, Finding, compare_claims, finding_record
from tabayyun.analysis.framing import Framing, build_framing, framing_records
from tabayyun.analysis.reuse import Reuse, find_reuse, reuse_record
from tabayyun.analysis.scope import claim_scope, is_instant
from tabayyun.analysis.stories import Story, build_stories, claim_stories, story_record
from tabayyun.analysis.timeline import (
    Estimate,
    Timeline,
    build_estimates,
    build_timelines,
    estimate_record,
    timeline_record,
)
from tabayyun.model import AnalyzedDoc, Claim, SourceKind
from tabayyun.text.normalize import normalize_key


@dataclass(frozen=True, slots=True)
class CorpusAnalysis:
    stories: tuple[Story, ...]
    findings: tuple[Finding, ...]
    reuse: tuple[Reuse, ...]
    framing: tuple[Framing, ...]
    timelines: tuple[Timeline, ...]
    estimates: tuple[Estimate, ...] = ()


def _copy_groups(doc_ids: Sequence[str], reuse: Sequence[Reuse]) -> dict[str, str]:
    """Articles that share passages carry one wire text: their own voice is one source."""
    parent = {d: d for d in doc_ids}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for r in reuse:
        a, b = r.doc_ids
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    return {d: find(d) for d in doc_ids}


def source_key(claim: Claim, doc: AnalyzedDoc, group: str) -> str:
    """The original source of a claim: its claimant when it quotes someone (outlets relaying the
    same spokesman share it), else the article's own voice, shared by copies of one wire text."""
    if claim.claimant_kind != SourceKind.OUTLET and claim.claimant:
        return normalize_key(claim.claimant, drop_article=True)
    return f"outlet:{doc.document.outlet or group}" if group == doc.document.doc_id else f"wire:{group}"


def as_of(claim: Claim, doc: AnalyzedDoc, story: Story | None) -> date | None:
    """The day a figure speaks for. Every report of an incident over in a moment (a bombing)
    gives its toll as of the incident's day, whenever it was published: a later, different figure
    is a rival count (or a correction), not a new day's count. In an unfolding story (a siege)
    the claim's own date counts; an undated figure has no day there (the publication day would
    make two reports of one moment look like a progression)."""
    if story is None:
        return claim.date or doc.document.published
    if is_instant(story.sub_event_type):
        return story.date or claim.date or doc.document.published
    return claim.date


def claim_refs(docs: Sequence[AnalyzedDoc], stories: Sequence[Story], reuse: Sequence[Reuse]) -> list[ClaimRef]:
    groups = _copy_groups([d.document.doc_id for d in docs], reuse)
    by_id = {s.story_id: s for s in stories}
    refs = []
    for doc in docs:
        doc_id = doc.document.doc_id
        placed = claim_stories(doc, stories)
        for c in doc.layer("claims"):
            if c.start >= doc.document.extraction_end:
                continue
            story = placed.get((c.start, c.end), f"doc:{doc_id}")
            refs.append(ClaimRef(doc_id, c, story, source_key(c, doc, groups[doc_id]),
                                 as_of(c, doc, by_id.get(story)), claim_scope(doc, c)))
    return refs


def analyze_corpus(docs: Sequence[AnalyzedDoc]) -> CorpusAnalysis:
    """Stories, findings, text reuse, framing and timelines over analysed articles."""
    reuse = find_reuse(docs)
    stories = build_stories(docs)
    refs = claim_refs(docs, stories, reuse)
    return CorpusAnalysis(tuple(stories), tuple(compare_claims(refs)), tuple(reuse), tuple(build_framing(docs)),
                          tuple(build_timelines(refs)), tuple(build_estimates(refs)))


def corpus_records(analysis: CorpusAnalysis) -> list[dict[str, Any]]:
    """JSON-ready export records: story, finding, estimate, timeline, reuse, framing."""
    records: list[dict[str, Any]] = [story_record(s) for s in analysis.stories]
    records += [finding_record(f) for f in analysis.findings]
    records += [estimate_record(e) for e in analysis.estimates]
    records += [timeline_record(t) for t in analysis.timelines]
    records += [reuse_record(r) for r in analysis.reuse]
    records += framing_records(analysis.framing)
    return records
