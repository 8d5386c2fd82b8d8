"""Across outlets: the one entry point that turns analysed articles into corpus findings.

Two levels: incidents (one real-world event, merged from the article events of every outlet
that reports it) and stories (all the reporting on one developing crisis). Each claim belongs
to the incident of the article event it is about; findings compare claims within an incident.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from tabayyun.analysis.features import CorpusDoc, DocFeatures, body_claims, corpus_doc
from tabayyun.analysis.findings import ClaimRef, Finding, compare_claims, finding_record
from tabayyun.analysis.framing import Framing, add_namings, iter_framing_records
from tabayyun.analysis.incidents import Incident, build_incidents, incident_record
from tabayyun.analysis.relays import story_lookup
from tabayyun.analysis.reuse import Reuse, iter_reuse, reuse_record
from tabayyun.analysis.scene import SceneReader
from tabayyun.analysis.sources import CopyGroups, echoed, one_source, restated, source_key
from tabayyun.analysis.spill import ReuseFile
from tabayyun.analysis.stories import Story, build_stories, consolidate, story_record
from tabayyun.analysis.threads import claim_marks
from tabayyun.analysis.timeline import (
    Estimate,
    Timeline,
    build_estimates,
    build_timelines,
    estimate_record,
    timeline_record,
)
from tabayyun.analysis.vectors import WordRows
from tabayyun.claims.scope import Scope, claim_scope
from tabayyun.model import AnalyzedDoc, Claim


@dataclass(frozen=True, slots=True)
class CorpusAnalysis:
    stories: tuple[Story, ...]
    incidents: tuple[Incident, ...]
    findings: tuple[Finding, ...]
    reuse: tuple[Reuse, ...] | ReuseFile  # a full rebuild keeps them on disk (``spill``)
    framing: tuple[Framing, ...]
    timelines: tuple[Timeline, ...]
    estimates: tuple[Estimate, ...] = ()
    claims: tuple[ClaimRef, ...] = ()

    def story_of_incident(self) -> dict[str, str]:
        return {i: s.story_id for s in self.stories for i in s.incident_ids}

    def story_of_doc(self) -> dict[str, str]:
        return {d: s.story_id for s in self.stories for d in s.doc_ids}


def claim_refs(docs: Sequence[AnalyzedDoc | CorpusDoc], incidents: Sequence[Incident],
               reuse: Iterable[Reuse]) -> list[ClaimRef]:
    """Every claim of the article bodies, in the incident of the article event it is about
    (a claim about no event stays in its article: ``doc:ID``)."""
    # the copied stretches of the articles with claims only (the source keys read no others)
    copies = CopyGroups(reuse, among={(d.doc if isinstance(d, CorpusDoc) else d).document.doc_id for d in docs
                                      if body_claims(d.doc if isinstance(d, CorpusDoc) else d)})
    incident_of: dict[tuple[str, int | None], str] = {(r.doc_id, r.event.start): i.incident_id
                                                      for i in incidents for r in i.events}
    refs = []
    for item in docs:
        doc, features = (item.doc, item.features) if isinstance(item, CorpusDoc) else (item, None)
        doc_id = doc.document.doc_id
        claims = body_claims(doc)
        if features is None:
            reader = SceneReader(doc)
            scopes, scenes = [claim_scope(doc, c) for c in claims], reader.scenes(claims)
        else:
            scopes, scenes = _scopes(doc_id, claims, features), list(features.scenes)
        marks = item.claim_marks(claims) if isinstance(item, CorpusDoc) else claim_marks(doc.text, claims)
        tactics = {e.start: e.sub_event_type for e in doc.layer("events")}
        own = f"doc:{doc_id}"  # one string for the article's claims about no event
        for c, scope, scene, (thread, raised) in zip(claims, scopes, scenes, marks, strict=True):
            incident = incident_of.get((doc_id, c.event_start), own)
            # a source key is one of few (an outlet's, a source's): one string for each, not one a claim
            refs.append(ClaimRef(doc_id, c, incident, sys.intern(source_key(c, doc, copies)), c.as_of, scope, scene,
                                 thread, raised, tactics.get(c.event_start, "") if c.event_start is not None else ""))
    for k, key in restated([(r.doc_id, r.claim, r.source) for r in refs]).items():
        refs[k] = replace(refs[k], source=key)
    by_incident: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(refs):
        by_incident[r.incident_id].append(k)
    for members in by_incident.values():
        same = one_source([refs[k].source for k in members])
        for k in members:
            refs[k] = replace(refs[k], source=same.get(refs[k].source, refs[k].source))
        copied = echoed([(refs[k].doc_id, refs[k].source, refs[k].scene) for k in members])
        for k in members:
            if refs[k].source in copied:
                refs[k] = replace(refs[k], source=copied[refs[k].source])
    return refs


def _scopes(doc_id: str, claims: Sequence[Claim], features: DocFeatures) -> list[Scope]:
    if ([(c.start, c.end) for c in claims] != [(s, e) for s, e, _ in features.scopes]
            or len(features.scenes) != len(claims)):
        raise ValueError(f"{doc_id}: the stored claim scopes do not match its claims; run `tabayyun refresh`")
    return [scope for _, _, scope in features.scopes]


def analyze_corpus(docs: Sequence[AnalyzedDoc | CorpusDoc]) -> CorpusAnalysis:
    """Incidents, stories, findings, text reuse, framing and timelines over analysed articles
    (whole, or as the cross-outlet step holds them: ``features.CorpusDoc``)."""
    items = [d if isinstance(d, CorpusDoc) else corpus_doc(d) for d in docs]
    return analyze_items(items, ReuseFile(iter_reuse([c.doc for c in items], hashes=[c.features.shingles for c in items])))


class DocNames(Mapping[str, frozenset[str]]):
    """Every name each article mentions (``features.names``), by doc id, for the names' document
    frequencies (``identity.Identity`` reads them once, for the findings). Held as tuples: a
    frozenset of a few names takes ~600 bytes, a tuple ~100; each read gives the frozenset back.
    A full rebuild puts each document's names here as it loads (``runner.load_corpus``)."""

    def __init__(self) -> None:
        self._names: dict[str, tuple[str, ...]] = {}

    def add(self, doc_id: str, names: Iterable[str]) -> None:
        self._names[doc_id] = tuple(names)

    def __getitem__(self, doc_id: str) -> frozenset[str]:
        return frozenset(self._names[doc_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _framing(table: Mapping[tuple[str, str], Framing]) -> tuple[Framing, ...]:
    return tuple(sorted(table.values(), key=lambda f: (f.entity_id, f.outlet)))


def analyze_items(items: Sequence[CorpusDoc], reuse: Collection[Reuse] | ReuseFile, df: Mapping[int, int] | None = None,
                  n: int | None = None, lead_df: Mapping[int, int] | None = None,
                  settled: tuple[Mapping[str, str], Mapping[tuple[str, int], str]] | None = None,
                  vectors: tuple[WordRows, WordRows] | None = None, framing: bool = True,
                  names: Mapping[str, frozenset[str]] | None = None) -> CorpusAnalysis:
    """The analysis of documents whose text reuse is known; word weights over the documents
    themselves, or ``df`` and ``lead_df`` (bodies, leads) over ``n`` documents (an incremental
    run: the whole store; by word hash). ``settled``: the stories of articles and the incidents of events
    already placed (an incremental run), kept together and not compared again. ``vectors``: the
    word vectors of bodies and of headlines and leads, weighed already (``rebuild.first_pass``),
    released once the stories are built (``WordRows.release``). ``framing``: false when the caller counts the framing itself (an incremental run adds the
    new articles' namings to the stored counts), and none is returned. ``names``: every name
    each article mentions, when not in the items' features (``DocNames``)."""
    if vectors is None:
        bodies = WordRows.tfidf([c.features.body for c in items], df, n)
        leads = WordRows.tfidf([c.features.lead for c in items], lead_df, n if lead_df is not None else None)
        incidents, stories = build_groups([c.doc for c in items], bodies, leads, settled)
    else:
        incidents, stories = build_groups([c.doc for c in items], *vectors, settled, release=True)
    return analyze_grouped(items, incidents, stories, reuse, framing, names)


def build_groups(docs: Sequence[AnalyzedDoc], bodies: WordRows, leads: WordRows,
                 settled: tuple[Mapping[str, str], Mapping[tuple[str, int], str]] | None = None,
                 release: bool = False) -> tuple[list[Incident], list[Story]]:
    """The incidents and stories of documents (``analyze_items``): they read each document's
    events, date, outlet and headline, and the word vectors, never its claims or features, so a
    full rebuild builds them before it loads the claims (``runner.rebuild_corpus``).
    ``release``: the vectors (the first pass's, weighed for this analysis) are released once the
    stories are built: nothing after them reads them."""
    stories_of, incidents_of = settled or ({}, {})
    incidents = build_incidents(docs, bodies, incidents_of)
    stories, incidents = consolidate(build_stories(docs, incidents, bodies, leads, stories_of), incidents)
    if release:
        bodies.release()
        leads.release()
    return incidents, stories


def analyze_grouped(items: Sequence[CorpusDoc], incidents: Sequence[Incident], stories: Sequence[Story],
                    reuse: Collection[Reuse] | ReuseFile, framing: bool = True,
                    names: Mapping[str, frozenset[str]] | None = None, release: bool = False) -> CorpusAnalysis:
    """The rest of ``analyze_items`` once the incidents and stories of ``items`` are built
    (``build_groups``): claim placements, findings, framing, timelines and estimates.
    ``release``: ``items`` (a list) is emptied once its claims are placed and its namings counted,
    before the findings: what the placements keep (claims, scopes, scenes) stays, the documents
    and the rest of their features go (a full rebuild: ``runner.rebuild_corpus``)."""
    refs = claim_refs(items, incidents, reuse)
    namings: dict[tuple[str, str], Framing] = {}
    for c in items if framing else ():
        add_namings(namings, c.doc_id, c.doc.document.outlet, c.features.namings)
    # a name's document frequency, by which two figures' shared names pick out one event
    if names is None:
        names = {c.doc_id: c.features.names for c in items}
    if release and isinstance(items, list):
        items.clear()
    story_of = story_lookup({i: s.story_id for s in stories for i in s.incident_ids},
                            {d: s.story_id for s in stories for d in s.doc_ids})
    return CorpusAnalysis(tuple(stories), tuple(incidents), tuple(compare_claims(refs, names, story_of)),
                          reuse if isinstance(reuse, ReuseFile) else tuple(reuse),
                          _framing(namings),
                          tuple(build_timelines(refs)), tuple(build_estimates(refs)), tuple(refs))


def corpus_records(analysis: CorpusAnalysis) -> list[dict[str, Any]]:
    """JSON-ready export records: story, incident, finding, estimate, timeline, reuse, framing,
    and a claim placement per claim (its incident and story)."""
    return list(iter_corpus_records(analysis))


def iter_corpus_records(analysis: CorpusAnalysis) -> Iterator[dict[str, Any]]:
    """``corpus_records`` one at a time, in the same order: a store writes a whole corpus's
    200,000 records a batch at a time, and never holds them all."""
    story_of = analysis.story_of_incident()
    story_of_doc = analysis.story_of_doc()
    tolls = {e.incident_id: int(e.acled) for e in analysis.estimates
             if e.measure == "killed" and e.unit == "persons" and e.acled is not None}
    yield from (story_record(s) for s in analysis.stories)
    yield from (incident_record(i, story_of.get(i.incident_id), tolls.get(i.incident_id)) for i in analysis.incidents)
    # a finding over figures about no event (incident ``doc:ID``) belongs to its first article's story
    yield from (finding_record(f, story_of.get(f.incident_id) or story_of_doc.get(f.claims[0].doc_id))
                for f in analysis.findings)
    yield from (estimate_record(e) for e in analysis.estimates)
    yield from (timeline_record(t) for t in analysis.timelines)
    if isinstance(analysis.reuse, ReuseFile):
        yield from analysis.reuse.records()
    else:
        yield from (reuse_record(r) for r in analysis.reuse)
    yield from iter_framing_records(analysis.framing)
    yield from ({"type": "placement", "doc_id": r.doc_id, "start": r.claim.start, "end": r.claim.end,
                 "measure": r.claim.measure, "incident_id": None if r.incident_id.startswith("doc:") else r.incident_id,
                 "story_id": story_of.get(r.incident_id) or story_of_doc.get(r.doc_id), "source": r.source}
                for r in analysis.claims)
