"""What the pages and the API show, built from a ``Store``: plain dicts, no HTTP, no SQL.

Every record keeps the shape of the JSON Lines export (``tabayyun.export``): a claim record
has ``doc_id``, ``start``, ``end``, ``text`` (== the document's ``text[start:end]``), its
measure, values, claimant and via, and where it belongs across outlets (incident, story,
original source).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from typing import Any, cast
from urllib.parse import quote, urlsplit

from tabayyun.corrections import Corrections, Target, is_resplit, with_documents
from tabayyun.export import document_record, span_record
from tabayyun.model import ClaimRole, Document, EntityLabel, SourceKind
from tabayyun.store import ClaimFilter, DocumentSummary, EventFilter, Found, MentionFilter, Page, Store
from tabayyun.store.base import SORTS
from tabayyun.web.chart import MARKED

# the layers a document page can highlight, in the order they are drawn
DOC_LAYERS = ("mentions", "quantities", "claims", "attributions", "times", "events")
MAX_LIMIT = 500
# the largest OFFSET SQLite and PostgreSQL take (a signed 64-bit integer): beyond it the
# database raises (a 500), so the query is refused as a 400
MAX_OFFSET = 2**63 - 1
DEFAULT_LIMIT = 50
# the stories the claims table's story filter lists (the largest; any other is reached from its page)
STORY_OPTIONS = 200
# stories per page of the stories list
STORIES_PAGE = 100
# what an outlet page lists at most: its most cited sources, its actors (most named first), its
# text-reuse pairs per page (most similar first); its documents come a page (DEFAULT_LIMIT) at a time
OUTLET_SOURCES = 100
OUTLET_FRAMING = 100
REUSE_PAGE = 20
# the geocoded mentions an entity page reads for its map (one point per place): a place named
# tens of thousands of times is still one point, and its page reads a page's worth
MAP_MENTIONS = 500
# what a story page shows of a large story (the rest a page or a link away): its documents and its
# incidents a page at a time, the first findings of each kind, one map point per place
STORY_DOCUMENTS = 100
STORY_INCIDENTS = 25
STORY_FINDINGS = 10
STORY_POINTS = 200
# the reports (article events) a story page lists per incident: the largest merge 700 (the API has all)
INCIDENT_REPORTS = 10
# the timelines a story page charts (an SVG each): the 25 largest incidents of the largest story have 100
STORY_CHARTS = 30
# the kinds of findings in the order a story shows them: what an analyst checks first
FINDING_KINDS = ("contradiction", "unit_mismatch", "update", "progression", "corroboration", "single_source")


class BadQuery(ValueError):
    """A query parameter the user can fix (shown as a 400 with this message)."""


def safe_url(url: str | None) -> str | None:
    """The URL when it may become a link (http or https with a host), else None: an article's
    ``javascript:`` or ``data:`` URL is shown as text, never followed."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


# --- query parameters -----------------------------------------------------------------------

def _text(params: Mapping[str, str], key: str) -> str | None:
    value = params.get(key, "").strip()
    return value or None


def _date(params: Mapping[str, str], key: str) -> date | None:
    value = _text(params, key)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadQuery(f"{key} must be a date as YYYY-MM-DD, not {value!r}") from exc


def _bool(params: Mapping[str, str], key: str) -> bool | None:
    value = _text(params, key)
    if value is None:
        return None
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise BadQuery(f"{key} must be true or false, not {value!r}")


def flag(params: Mapping[str, str], key: str) -> bool:
    """A yes/no query parameter (1, true, yes / 0, false, no); absent is no."""
    return bool(_bool(params, key))


def _enum(params: Mapping[str, str], key: str, enum: type[Any]) -> Any:
    value = _text(params, key)
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError as exc:
        raise BadQuery(f"{key} must be one of {', '.join(e.value for e in enum)}, not {value!r}") from exc


def page_of(params: Mapping[str, str], table: str, default_sort: str = "doc") -> Page:
    sort = _text(params, "sort") or default_sort
    if sort not in SORTS[table]:
        raise BadQuery(f"cannot sort {table} by {sort!r}; choose one of {', '.join(SORTS[table])}")
    try:
        limit = int(params.get("limit") or DEFAULT_LIMIT)
        offset = int(params.get("offset") or 0)
    except ValueError as exc:
        raise BadQuery("limit and offset must be whole numbers") from exc
    if limit < 1 or limit > MAX_LIMIT or offset < 0 or offset > MAX_OFFSET:
        raise BadQuery(f"limit must be 1 to {MAX_LIMIT} and offset 0 to {MAX_OFFSET}")
    return Page(sort=sort, limit=limit, offset=offset)


def claim_filter(params: Mapping[str, str]) -> ClaimFilter:
    return ClaimFilter(outlet=_text(params, "outlet"), measure=_text(params, "measure"),
                       role=_enum(params, "role", ClaimRole), claimant_kind=_enum(params, "claimant_kind", SourceKind),
                       claimant=_text(params, "claimant"), claimant_id=_text(params, "claimant_id"),
                       hedged=_bool(params, "hedged"), date_from=_date(params, "date_from"),
                       date_to=_date(params, "date_to"), doc_id=_text(params, "doc_id"))


def event_filter(params: Mapping[str, str]) -> EventFilter:
    return EventFilter(outlet=_text(params, "outlet"), event_type=_text(params, "event_type"),
                       sub_event_type=_text(params, "sub_event_type"), location_id=_text(params, "location_id"),
                       date_from=_date(params, "date_from"), date_to=_date(params, "date_to"),
                       doc_id=_text(params, "doc_id"), geocoded=_bool(params, "geocoded"))


def mention_filter(params: Mapping[str, str]) -> MentionFilter:
    return MentionFilter(outlet=_text(params, "outlet"), entity_id=_text(params, "entity_id"),
                         label=_enum(params, "label", EntityLabel), origin=_text(params, "origin"),
                         doc_id=_text(params, "doc_id"), geocoded=_bool(params, "geocoded"))


# --- pages of records -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Listing:
    total: int
    page: Page
    items: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.page.limit, "offset": self.page.offset, "sort": self.page.sort,
                "items": self.items}


def corrections_of(store: Store) -> Corrections:
    """The analysts' corrections, with the stories they merge and split: only the stories that
    hold a document a merge or split names are read, with the incidents of their documents."""
    every = store.corrections()
    named = {d for c in every if c.target is Target.STORY for d in c.key.split("|")}
    if not named:
        return Corrections.of(every)
    touched = store.related_records("story", doc_ids=named)
    docs = {d for s in touched for d in s.get("doc_ids", [])}
    return Corrections.of(every, touched, store.related_records("incident", doc_ids=docs))


def shown_story(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    """A story as the pages show it: one a split changed takes its outlets, days and lead
    headline from its documents, read without their texts (``with_documents`` reads only their
    id, outlet, day and title, which a summary has: a split of a 4,000-document story would
    otherwise read every text)."""
    if not is_resplit(record):
        return record
    return with_documents(record, cast(list[Document], store.document_summaries(doc_ids=record.get("doc_ids", []))))


def story_claims(corrections: Corrections, story_id: str) -> ClaimFilter:
    """The claims of a story after the analysts' merges and splits, as a filter: those placed in
    it, or, for a story they regrouped, the placed claims of its documents (a claim goes with its
    document, as ``Corrections.apply`` moves it)."""
    lead = corrections.story_of(story_id)
    regrouped = corrections.regrouped.get(lead)
    if regrouped is not None:
        return ClaimFilter(placed_doc_ids=tuple(sorted(regrouped.get("doc_ids", []))))
    return ClaimFilter(story_ids=tuple(story_parts(corrections, lead)))


def story_parts(corrections: Corrections, story_id: str) -> list[str]:
    """The stored stories that make up a story after the merges: itself, or every part of the
    story it was merged into."""
    lead = corrections.story_of(story_id)
    return sorted(s for s, rep in corrections.story_map.items() if rep == lead) or [lead]


def found_record(f: Found[Any], layer: str) -> dict[str, Any]:
    """A span found in the store as its export record, with its document's outlet and day."""
    r = span_record(f.doc_id, layer, f.span)
    r.update({"outlet": f.outlet, "published": f.published.isoformat() if f.published else None})
    return r


def claims_listing(store: Store, params: Mapping[str, str]) -> Listing:
    """Claim records (export shape, with incident, story and original source) of a filtered,
    sorted page. A ``story`` filter keeps the claims of that story after the analysts' merges
    and splits (``story_claims``). The store filters, sorts and pages; the placements
    of the page's documents are then read through their index: a page costs its size."""
    where = claim_filter(params)
    page = page_of(params, "claims", default_sort=_text(params, "sort") or "-as_of")
    corrections = corrections_of(store)
    story = _text(params, "story")
    if story is not None:
        chosen = story_claims(corrections, story)
        where = replace(where, story_ids=chosen.story_ids, placed_doc_ids=chosen.placed_doc_ids)
    found = list(store.claims(where, page))
    placed = store.claim_placements({f.doc_id for f in found})
    items = []
    for f in found:
        r = found_record(f, "claims")
        place = placed.get((f.doc_id, r["start"], r["end"], r["measure"]), {})
        r.update({k: place.get(k) for k in ("incident_id", "story_id", "source")})
        items.append(corrections.apply(r))
    return Listing(store.count(where), page, items)


def events_listing(store: Store, params: Mapping[str, str]) -> Listing:
    where = event_filter(params)
    page = page_of(params, "events")
    corrections = corrections_of(store)
    found = list(store.events(where, page))
    incident_of = store.event_incidents({f.doc_id for f in found})
    items = []
    for f in found:
        r = found_record(f, "events")
        r["incident_id"] = incident_of.get((f.doc_id, r["start"]))
        items.append(corrections.apply(r))
    return Listing(store.count(where), page, items)


def mentions_listing(store: Store, params: Mapping[str, str]) -> Listing:
    where = mention_filter(params)
    page = page_of(params, "mentions")
    items = []
    for f in store.mentions(where, page):
        r = found_record(f, "mentions")
        items.append(r)
    return Listing(store.count(where), page, items)


def documents_listing(store: Store, params: Mapping[str, str]) -> Listing:
    """A page of documents (no text) in doc_id order, of one outlet when asked: the store pages
    and counts them, the texts stay in the database."""
    page = page_of(params, "mentions")  # only limit/offset matter: documents come in doc_id order
    outlet = _text(params, "outlet")
    found = store.document_summaries(outlet, limit=page.limit, offset=page.offset)
    return Listing(store.count_documents(outlet), page, [_document_summary(d) for d in found])


def _document_summary(d: DocumentSummary) -> dict[str, Any]:
    return {"type": "document", "doc_id": d.doc_id, "outlet": d.outlet,
            "published": d.published.isoformat() if d.published else None, "url": d.url, "title": d.title,
            "chars": d.chars, "body_end": d.body_end, "encoding": d.encoding}


def _section(params: Mapping[str, str], prefix: str = "", default_limit: int = DEFAULT_LIMIT) -> Page:
    """The limit and offset of one paged list of a page (``prefix``: its parameters' prefix,
    when a page has two lists)."""
    return page_of({"limit": params.get(prefix + "limit") or str(default_limit),
                    "offset": params.get(prefix + "offset") or "0"}, "mentions")


# --- stories ----------------------------------------------------------------------------------

def _summary(story: dict[str, Any], counts: Mapping[str, int]) -> dict[str, Any]:
    return {**story, "documents": len(story.get("doc_ids", [])), "incidents": len(story.get("incident_ids", [])),
            "claims": counts["claims"], "findings": counts["findings"], "contradictions": counts["contradictions"]}


def stories_listing(store: Store, params: Mapping[str, str], default_limit: int = DEFAULT_LIMIT) -> Listing:
    """A page of ``stories`` (limit and offset from ``params``) and how many there are."""
    page = page_of({"limit": params.get("limit") or str(default_limit), "offset": params.get("offset") or "0"},
                   "mentions")
    items, total = _stories(store, page.limit, page.offset)
    return Listing(total, page, items)


def stories(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Stories with their counts, the largest (most documents, then claims, then most recent)
    first; the ``limit`` largest when given."""
    return _stories(store, limit)[0]


def _stories(store: Store, limit: int | None = None, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """A page of stories and how many there are. The store counts, sorts and pages them; the
    analysts' corrections are then applied (a story merged or split counts its own claims and
    findings, a finding fixed to or from a contradiction moves its story's count), over every
    story when there are any."""
    corrections = corrections_of(store)
    fixed = [key for (target, key), made in corrections.by_key.items()
             if target is Target.FINDING and any("kind" in c.changes for c in made)]
    if not corrections.regrouped and not fixed:
        return [_summary(s, s) for s in store.stories_by_size(limit, offset)], store.count_records("story")
    every = store.stories_by_size()
    counts = {s["story_id"]: {k: s[k] for k in ("claims", "findings", "contradictions")} for s in every}
    for f in store.related_records("finding", keys=fixed):
        moved = (corrections.apply(f)["kind"] == "contradiction") - (f["kind"] == "contradiction")
        if f.get("story_id") in counts:
            counts[f["story_id"]]["contradictions"] += moved
    counts.update(_regrouped_counts(store, corrections))  # after the fixes: they count them themselves
    out = []
    for s in [*every, *corrections.new_stories()]:
        story = corrections.apply_story(s)
        if story is None:
            continue  # merged into another
        out.append(_summary(shown_story(store, story), counts[story["story_id"]]))
    # most documents (then claims) first; among equals the latest last day first
    out.sort(key=lambda s: s.get("last") or "", reverse=True)
    out.sort(key=lambda s: (s["documents"], s["claims"]), reverse=True)
    return out[offset:] if limit is None else out[offset:offset + limit], len(out)


def _regrouped_counts(store: Store, corrections: Corrections) -> dict[str, dict[str, int]]:
    """The claims, findings and contradictions of each story the analysts' merges and splits
    changed, from its own records: the claims ``story_claims`` keeps, the findings (of the
    stories the corrections read) that ``Corrections.apply`` puts in it."""
    changed = [sid for sid, r in corrections.regrouped.items() if r is not None]
    out = {sid: {"claims": store.count(story_claims(corrections, sid)), "findings": 0, "contradictions": 0}
           for sid in changed}
    for f in store.related_records("finding", story_ids=list(corrections.story_map)):
        f = corrections.apply(f)
        if f.get("story_id") in out:
            out[f["story_id"]]["findings"] += 1
            out[f["story_id"]]["contradictions"] += f.get("kind") == "contradiction"
    return out


def story(store: Store, story_id: str, params: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """A story as a page's worth: a page of its documents (``limit``, ``offset``: titles, no
    texts), a page of its incidents, the most reported first (``incident_limit``,
    ``incident_offset``), with their estimates and timelines, the first ``STORY_FINDINGS``
    findings of each kind (contradictions first) and the map points of what is shown, each list
    with its total. A story of 4,000 documents and 1,000 incidents otherwise read every text and
    drew a 10 MB page. Read through the record tables' story and incident indexes."""
    params = params or {}
    doc_page = _section(params, "", STORY_DOCUMENTS)
    incident_page = _section(params, "incident_", STORY_INCIDENTS)
    corrections = corrections_of(store)
    story_id = corrections.story_of(story_id)
    regrouped = story_id in corrections.regrouped
    if regrouped:  # merged or split by the analysts: its record is theirs
        found = corrections.regrouped[story_id]
    else:
        found = next(iter(store.related_records("story", story_ids=[story_id])), None)
    if found is None:
        return None
    found = shown_story(store, found)
    doc_ids = list(found.get("doc_ids", []))
    shown_docs = doc_ids[doc_page.offset:doc_page.offset + (doc_page.limit or STORY_DOCUMENTS)]
    summaries = {d.doc_id: d for d in store.document_summaries(doc_ids=shown_docs)} if shown_docs else {}
    incidents, incidents_total = _story_incidents(store, corrections, found, regrouped, incident_page)
    shown_ids = [i["incident_id"] for i in incidents]
    findings, findings_total = _story_findings(store, corrections, found, regrouped)
    estimates = store.related_records("estimate", incident_ids=shown_ids) if shown_ids else []
    timelines = store.related_records("timeline", incident_ids=shown_ids) if shown_ids else []
    # in the incidents' order, the longest first within one
    rank = {iid: n for n, iid in enumerate(shown_ids)}
    timelines.sort(key=lambda t: (rank.get(t.get("incident_id"), len(rank)), -len(t.get("entries") or [])))
    # the findings that mark the claims of the timelines shown (those of the incidents shown)
    marking = [f for f in (corrections.apply(f) for f in store.related_records("finding", incident_ids=shown_ids))
               if f.get("kind") in MARKED] if shown_ids else []
    documents = [_document_summary(summaries[d]) if d in summaries else {"type": "document", "doc_id": d}
                 for d in shown_docs]
    return {**found, "incidents": incidents, "findings": findings, "estimates": estimates, "timelines": timelines,
            "points": story_points(store, shown_docs, incidents),
            "documents": documents, "documents_total": len(doc_ids), "limit": doc_page.limit,
            "offset": doc_page.offset, "incidents_total": incidents_total, "incident_limit": incident_page.limit,
            "incident_offset": incident_page.offset, "findings_total": findings_total,
            "findings_limit": STORY_FINDINGS, "timeline_findings": marking}


def _story_incidents(store: Store, corrections: Corrections, found: dict[str, Any], regrouped: bool,
                     page: Page) -> tuple[list[dict[str, Any]], int]:
    """A page of a story's incidents, the most reported (documents) first, then in record order,
    and how many it has. The store sorts and pages those of a story as the machine made it; a
    story the analysts regrouped holds the incidents its record lists, sorted here."""
    if not regrouped:
        where = {"story_id": [found["story_id"]]}
        page_of_incidents = store.records_where("incident", where, page.limit, page.offset, order="-documents")
        return [corrections.apply(i) for i in page_of_incidents], store.count_records("incident", where)
    every = [corrections.apply(i) for i in store.related_records("incident",
                                                                 incident_ids=found.get("incident_ids", []))]
    every.sort(key=lambda i: len(i.get("doc_ids") or []), reverse=True)  # stable: record order among equals
    return every[page.offset:page.offset + (page.limit or STORY_INCIDENTS)], len(every)


def _kinds_moved(corrections: Corrections) -> bool:
    """Whether the analysts regrouped stories or changed a finding's kind: a story's findings
    per kind are then those of the corrected findings, not of the store's columns."""
    return bool(corrections.regrouped) or any(target is Target.FINDING and any("kind" in c.changes for c in made)
                                              for (target, _), made in corrections.by_key.items())


def _kind_order(kind: str) -> tuple[int, str]:
    return (FINDING_KINDS.index(kind) if kind in FINDING_KINDS else len(FINDING_KINDS), kind)


def _story_findings(store: Store, corrections: Corrections, found: dict[str, Any],
                    regrouped: bool) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The first ``STORY_FINDINGS`` findings of each kind of a story (contradictions first,
    then in record order) and how many of each kind it has. The store counts and pages them per
    kind, unless the analysts moved findings (``_kinds_moved``): then the story's findings are
    read and corrected, those of its incidents and those the regrouping leaves in it (a split's
    findings stay with the story its documents left, as in the export)."""
    story_id = found["story_id"]
    if not _kinds_moved(corrections):
        where: dict[str, list[Any]] = {"story_id": [story_id]}
        totals = store.tally_records("finding", "kind", where)
        shown = [corrections.apply(f) for kind in sorted(totals, key=_kind_order)
                 for f in store.records_where("finding", {**where, "kind": [kind]}, limit=STORY_FINDINGS)]
        return shown, {k: totals[k] for k in sorted(totals, key=_kind_order)}
    incident_ids = list(found.get("incident_ids", []))
    parts = story_parts(corrections, story_id) if regrouped else [story_id]
    every = [f for f in (corrections.apply(f) for f in store.related_records("finding", story_ids=parts,
                                                                              incident_ids=incident_ids))
             if f.get("story_id") == story_id or f.get("incident_id") in incident_ids]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for f in every:
        by_kind.setdefault(str(f.get("kind")), []).append(f)
    kinds = sorted(by_kind, key=_kind_order)
    return [f for k in kinds for f in by_kind[k][:STORY_FINDINGS]], {k: len(by_kind[k]) for k in kinds}


def story_points(store: Store, doc_ids: Iterable[str], incidents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The geocoded places of (a page of) a story for its map: each incident's place, then every
    other geocoded place its documents mention; one point per place, ``STORY_POINTS`` at most."""
    points: dict[tuple[float, float], dict[str, Any]] = {}
    for i in incidents:
        loc = i.get("location") or {}
        if loc.get("lat") is not None and loc.get("lon") is not None:
            points.setdefault((loc["lat"], loc["lon"]), {
                "lat": loc["lat"], "lon": loc["lon"], "text": loc.get("text") or "",
                "href": f"#{i['incident_id']}", "label": f"incident {i['incident_id']}"})
    for doc_id in doc_ids:
        if len(points) >= STORY_POINTS:
            break
        for f in store.mentions(MentionFilter(doc_id=doc_id, geocoded=True)):
            m = f.span
            assert m.lat is not None and m.lon is not None
            points.setdefault((m.lat, m.lon), {"lat": m.lat, "lon": m.lon, "text": m.text,
                                               "href": f"/documents/{quote(doc_id, safe='')}#at-{m.start}-{m.end}",
                                               "label": doc_id})
    return list(points.values())[:STORY_POINTS]


def incidents(store: Store, story_id: str | None = None) -> list[dict[str, Any]]:
    corrections = corrections_of(store)
    if story_id is None:
        return list(corrections.apply_all(store.stream_corpus_records("incident")))
    lead = corrections.story_of(story_id)
    # a story the analysts regrouped also holds the incidents its documents took along
    regrouped = corrections.regrouped.get(lead) or {}
    candidates = store.related_records("incident", story_ids=story_parts(corrections, lead),
                                       incident_ids=regrouped.get("incident_ids", []))
    return [i for i in corrections.apply_all(candidates) if i.get("story_id") == lead]


FINDING_FILTERS = ("story_id", "incident_id", "measure", "kind")


def findings(store: Store, params: Mapping[str, str]) -> list[dict[str, Any]]:
    wanted = {k: _text(params, k) for k in FINDING_FILTERS}
    corrections = corrections_of(store)
    if wanted["incident_id"] is not None:  # through the findings table's indexes: a story's worth, not the store's
        candidates: Iterable[dict[str, Any]] = store.related_records("finding", incident_ids=[wanted["incident_id"]])
    elif wanted["story_id"] is not None:
        candidates = store.related_records("finding", story_ids=story_parts(corrections, wanted["story_id"]))
    else:
        candidates = store.stream_corpus_records("finding")
    return [f for f in (corrections.apply(f) for f in candidates)
            if all(v is None or f.get(k) == v for k, v in wanted.items())]


def findings_listing(store: Store, params: Mapping[str, str]) -> Listing:
    """A page of findings filtered by story, incident, measure and kind. The store filters and
    pages them, unless the analysts regrouped stories or changed a finding's kind (the filters then
    apply to the corrected findings, all of them read)."""
    page = page_of({k: v for k, v in params.items() if k in ("limit", "offset")}, "mentions")
    corrections = corrections_of(store)
    if _kinds_moved(corrections):
        every = findings(store, params)
        return Listing(len(every), page, every[page.offset:page.offset + (page.limit or len(every))])
    where = {k: [v] for k in FINDING_FILTERS if (v := _text(params, k)) is not None}
    items = [corrections.apply(f) for f in store.records_where("finding", where, page.limit, page.offset)]
    return Listing(store.count_records("finding", where), page, items)


# --- a document -------------------------------------------------------------------------------

def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    """A document, its records per layer (export shape) and its text cut into segments at
    every span boundary: the segments put together are the original text, and each carries
    the indexes of the records covering it."""
    analyzed = next(iter(store.analyzed(DOC_LAYERS, doc_ids=[doc_id])), None)
    if analyzed is None:
        return None
    text = analyzed.document.text
    corrections = corrections_of(store)
    records: list[dict[str, Any]] = []
    for layer in DOC_LAYERS:
        for span in analyzed.layer(layer):
            r = corrections.apply(span_record(doc_id, layer, span))
            r["layer"] = layer
            records.append(r)
    return {"document": document_record(analyzed), "text": text, "records": records,
            "segments": segments(text, records), "url": safe_url(analyzed.document.url)}


def segments(text: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every start and end of a record: ``{"text", "start", "end", "ids",
    "classes"}`` in order, with ``text == text[start:end]`` and no gap or overlap."""
    cuts = {0, len(text)}
    for r in records:
        if 0 <= r["start"] < r["end"] <= len(text):
            cuts.update((r["start"], r["end"]))
    points = sorted(cuts)
    out = []
    for a, b in pairwise(points):
        covering = [i for i, r in enumerate(records) if r["start"] <= a and b <= r["end"]]
        classes = sorted({f"l-{records[i]['layer']}" for i in covering}
                         | {f"t-{records[i]['label']}" for i in covering if records[i]["layer"] == "mentions"})
        out.append({"text": text[a:b], "start": a, "end": b, "ids": covering, "classes": classes})
    return out


# --- entities and outlets ---------------------------------------------------------------------

def entity(store: Store, entity_id: str, params: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """An entity: its names, outlets and labels counted in the store, its framing profile, its
    places (from at most ``MAP_MENTIONS`` geocoded mentions) and one page of its mentions (limit
    and offset from ``params``) with their total."""
    page = _section(params or {})
    where = MentionFilter(entity_id=entity_id)
    total = store.count(where)
    if not total:
        return None
    aliases = store.tally(where, ("text",))
    outlets = store.tally(where, ("outlet",))
    labels = store.tally(where, ("label",), limit=1)
    first = next(iter(store.mentions(where, Page(limit=1)))).span
    profile = next(iter(store.records_where("framing_profile", {"entity_id": [entity_id]}, limit=1)), None)
    points: dict[tuple[float, float], dict[str, Any]] = {}
    for f in store.mentions(MentionFilter(entity_id=entity_id, geocoded=True), Page(limit=MAP_MENTIONS)):
        m = f.span
        if m.lat is None or m.lon is None:  # the filter asked for geocoded mentions only
            continue
        points.setdefault((m.lat, m.lon), {"lat": m.lat, "lon": m.lon, "text": m.text, "label": f.doc_id,
                                           "href": f"/documents/{quote(f.doc_id, safe='')}#at-{m.start}-{m.end}"})
    mentions = [{**span_record(f.doc_id, "mentions", f.span), "outlet": f.outlet} for f in store.mentions(where, page)]
    return {"entity_id": entity_id, "label": labels[0][0][0].value, "canonical": first.canonical,
            "name_en": first.name_en, "aliases": [(k[0], n) for k, n in aliases],
            "outlets": [(k[0] or "(unknown outlet)", n) for k, n in outlets],
            "mentions": mentions, "mentions_total": total, "limit": page.limit, "offset": page.offset,
            "framing": profile, "points": list(points.values())}


def outlet(store: Store, name: str, params: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """An outlet: a page of its documents (``limit``, ``offset``), the sources it cites counted
    in the store (the ``OUTLET_SOURCES`` most cited), how it names each actor (the
    ``OUTLET_FRAMING`` it names most) and a page of the text reuse pairing its documents with
    others (``reuse_offset``), each list with its total; every one read through an index."""
    params = params or {}
    total = store.count_documents(name)
    if not total:
        return None
    page = _section(params)
    reuse_page = _section(params, "reuse_", REUSE_PAGE)
    docs = store.document_summaries(name, limit=page.limit, offset=page.offset)
    sources = store.tally(ClaimFilter(outlet=name), ("claimant", "claimant_kind", "via"), limit=OUTLET_SOURCES)
    framing = store.records_where("framing", {"outlet": [name]}, limit=OUTLET_FRAMING, order="-mentions")
    reuse = store.outlet_reuse(name, limit=reuse_page.limit, offset=reuse_page.offset)
    paired = {d for r in reuse for d in r.get("doc_ids", [])}
    outlet_of = {d.doc_id: d.outlet for d in store.document_summaries(doc_ids=paired)} if paired else {}
    for r in reuse:
        r["outlets"] = [outlet_of.get(d) for d in r.get("doc_ids", [])]
    return {"name": name, "documents": [_document_summary(d) for d in docs], "documents_total": total,
            "limit": page.limit, "offset": page.offset,
            "sources": [{"claimant": claimant, "kind": kind.value, "via": " ← ".join(via), "claims": n}
                        for (claimant, kind, via), n in sources], "sources_limit": OUTLET_SOURCES,
            "framing": framing, "framing_total": store.count_records("framing", {"outlet": [name]}),
            "reuse": reuse, "reuse_total": store.count_outlet_reuse(name), "reuse_limit": reuse_page.limit,
            "reuse_offset": reuse_page.offset}


# --- search -----------------------------------------------------------------------------------

SNIPPET = 60  # characters of context either side of a match


def search(store: Store, params: Mapping[str, str]) -> dict[str, Any]:
    """Documents holding the query in any spelling, each with its matches (original offsets)
    and a snippet around the first ones: (before, match, after), cut from the original text."""
    query = (params.get("q") or "").strip()
    page = page_of({k: v for k, v in params.items() if k in ("limit", "offset")}, "mentions")
    if not query:
        return {"query": "", "total": 0, "limit": page.limit, "offset": page.offset, "items": []}
    if len(query) > 200:
        raise BadQuery("a query is at most 200 characters")
    result = store.search(query, limit=page.limit or DEFAULT_LIMIT, offset=page.offset)
    texts = {d.doc_id: d.text for d in store.documents([h.doc_id for h in result.hits])}
    items = []
    for h in result.hits:
        text = texts.get(h.doc_id, "")
        snippets = [(text[max(0, a - SNIPPET):a], text[a:b], text[b:b + SNIPPET]) for a, b in h.matches[:3]]
        items.append({"doc_id": h.doc_id, "outlet": h.outlet, "published": h.published.isoformat() if h.published
                      else None, "title": h.title,
                      "matches": [{"start": a, "end": b, "text": text[a:b]} for a, b in h.matches],
                      "snippets": snippets})
    return {"query": query, "total": result.total, "limit": page.limit, "offset": page.offset, "items": items}


def filter_options(store: Store, story_id: str | None = None) -> dict[str, Any]:
    """The values the claims table's filters offer: the largest stories (and the one chosen).
    The stories are ranked by the store as the machine made them, whatever the analysts merged
    (a part merged into another is left out): ranking the merged ones too reads every story.
    The stories split off a listed one follow it."""
    corrections = corrections_of(store)
    listed: list[tuple[str, str]] = []

    def add(story: dict[str, Any]) -> None:
        listed.append((story["story_id"], story.get("title") or story["story_id"]))
        for new in story.get("split_into") or []:
            split = corrections.regrouped.get(new)
            if split is not None:
                add(shown_story(store, split))

    for s in store.stories_by_size(STORY_OPTIONS):
        story = corrections.apply_story(s)
        if story is not None:
            add(story)
    if story_id and story_id not in {sid for sid, _ in listed}:
        chosen = corrections.regrouped.get(story_id)
        listed.insert(0, (story_id, shown_story(store, chosen).get("title") or story_id) if chosen else
                      (story_id, story_id))
    return {"outlets": sorted(o for o in store.outlets() if o), "measures": list(store.measures()),
            "stories": listed, "claimant_kinds": [k.value for k in SourceKind], "sorts": SORTS["claims"]}
