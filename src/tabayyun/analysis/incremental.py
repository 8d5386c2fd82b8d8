"""Incremental cross-outlet analysis: new documents attached to the records already stored.

When the stored records are complete and every document they cover is unchanged (the store
tracks the version of each document they cover), a run that only added documents does not
recompute everything:

1. **Reuse.** The shingle hashes of every stored document (``features``) are read; the pairs
   that involve a new document come out of the inverted index of the shingles a new document
   holds (exact, no sampling: each document's other shingles cannot form such a pair). A
   shingle that the new documents push over the fixed stock limit (``reuse.STOCK_DOCS``) is
   rechecked for the stored pairs it formed. Only the new and changed pairs are compared.
2. **Neighbourhood.** Each new article is compared (sparse TF-IDF over the whole store's word
   frequencies) with the stored articles published within ``follow_up_days + incident_days``
   of it (blocking by date); those that pass the story rule, or share words enough for an
   incident (``incident_similarity``) and an event site (blocking by place: the same place, or
   fine places ``same_site_km`` apart), are its neighbours.
3. **Closure.** The neighbours, the new reuse partners, the stories and incidents holding them
   and, transitively, every article of those stories and incidents form the part of the corpus
   the new articles can change. Only that part is analysed again (``corpus.analyze_items``),
   with word weights over the whole store, its stored stories and incidents kept whole: a new
   article can join or merge them, never split them, and two stored articles are not compared
   again. Its stories, incidents, findings, estimates, timelines and claim placements replace
   the stored ones (those that come out as stored keep their rows). The part and its records
   are found through the records' tables (``store.records``): no other record is read.
   Framing is a sum over articles: the new articles' namings are added to the stored counts of
   the (outlet, actor) rows they touch.
4. **Ids.** A recomputed story or incident keeps the id of the stored one it shares most
   articles (events) with; a new one takes the number after the highest stored.

What may differ from a from-scratch run over the same documents:

* story and incident ids (a from-scratch run numbers them by date) and the order of the records;
* a stored story or incident that a from-scratch run would split: word weights move as the
  store grows, and the merging of one story's incidents (``stories.consolidate``) depends on
  all of them, so that a link between two stored articles that held (just over a threshold, or
  through an incident merged in) may not hold over the larger corpus; the findings, estimates
  and timelines of such an incident follow it;
* a link between a new article and a stored one published more than ``follow_up_days +
  incident_days`` days away (an event reported weeks later) is not sought.

Text reuse and framing are exactly what a from-scratch run gives (tests/analysis/test_incremental.py
checks both, and that stored stories and incidents are never split and every claim is placed
once). ``tabayyun refresh``, a re-analysed or replaced document, or interrupted records rebuild
everything from scratch; so does a recomputed part larger than ``MAX_SHARE`` of the store,
where a full rebuild costs about as much.
"""

from __future__ import annotations

import gc
import json
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse

from tabayyun.analysis import reuse as reuse_rules
from tabayyun.analysis.corpus import CorpusAnalysis, analyze_items, corpus_records
from tabayyun.analysis.features import CorpusDoc, Packed, Site, one_site, unpack, unpack_arrays
from tabayyun.analysis.findings import ClaimRef
from tabayyun.analysis.framing import Framing, add_namings, framing_records
from tabayyun.analysis.rebuild import release_freed, return_large_blocks
from tabayyun.analysis.reuse import Reuse, reuse_from_record, reuse_of, reuse_record, shared_pairs
from tabayyun.analysis.rules import rules
from tabayyun.analysis.timeline import Timeline
from tabayyun.analysis.vectors import Bag
from tabayyun.model import Document
from tabayyun.store.base import CorpusChanges, Store

MAX_SHARE = 0.5  # a recomputed part larger than this share of the store: rebuild everything instead
# new articles whose cosines with every article near in time are held at a time (``_neighbours``:
# 256 rows of 15,340 articles are 31 MB; all 7,670 at once took 0.9 GB, twice)
NEIGHBOUR_ROWS = 256
# the stored shingles sieved at a time for those of the new documents (``_holding``: 32 MB)
HELD_HASHES = 4_000_000
# new reuse pairs whose documents are read at a time, and the documents whose words are kept
PAIR_CHUNK = 256
PAIR_DOCUMENTS = 512
# the record kinds recomputed for the articles of the recomputed part
_PART_KINDS = ("story", "incident", "finding", "estimate", "timeline", "placement")


def attach(store: Store, changes: CorpusChanges,
           load: Any = None) -> int | None:
    """Attach the documents ``changes.added`` to the stored records; how many records are
    stored now, or None when a full rebuild is needed (a document without stored features,
    a recomputed part too large, records changed meanwhile). ``load(store, doc_ids)`` reads
    documents as the cross-outlet step holds them (``runner.load_corpus``).

    The cycle collector is paused meanwhile: what an attach allocates (the store's shingles and
    word bags, the part's documents, its records) lives until it returns and forms next to no
    cycles, and each full pass of the collector re-read all of it as it grew (a fifth of the
    attach's CPU on the whole corpus). Reference counting still frees what it drops."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _attach(store, changes, load)
    finally:
        if paused:
            gc.enable()


def _attach(store: Store, changes: CorpusChanges, load: Any) -> int | None:
    if load is None:
        from tabayyun.runner import load_corpus as load
    new_ids = sorted(changes.added)
    if len(new_ids) > MAX_SHARE * store.count_documents():
        return None  # the part holds the new articles at least: too large, known before anything is read
    return_large_blocks()  # the large arrays go back to the system when freed (``rebuild``)
    new_docs = {d.doc_id: d.published for d in store.documents(new_ids)}  # their texts are not held
    dates = list(new_docs.values())
    days = None if any(d is None for d in dates) else np.unique([d.toordinal() for d in dates if d is not None])
    r = rules()
    reach = r.follow_up_days + r.incident_days
    # 1. every document's shingles, word frequencies over the whole store, the bags of those near in time
    ids: list[str] = []
    hashes: list[np.ndarray] = []
    body_words: list[np.ndarray] = []
    lead_words: list[np.ndarray] = []
    near: dict[int, Packed] = {}
    published: dict[int, date | None] = {}
    for doc_id, day, packed in store.shingle_packs():
        # a document near in time keeps its pack (the sites of its events are read from it), and
        # its arrays are views of it, not copies (12.5 KB an article held where 5.7 KB do)
        is_near = doc_id in new_docs or _within(day, days, reach)
        arrays = unpack_arrays(packed, views=is_near) if packed is not None else None
        if arrays is None:
            return None  # a document stored without features: the full rebuild computes and stores them
        k = len(ids)
        ids.append(doc_id)
        hashes.append(arrays.shingles)
        body_words.append(arrays.body_ids)
        lead_words.append(arrays.lead_ids)
        if is_near:
            near[k] = arrays
            published[k] = day
    body_df, lead_df = _Frequencies(body_words), _Frequencies(lead_words)
    del body_words, lead_words
    index = {doc_id: k for k, doc_id in enumerate(ids)}
    if any(doc_id not in index for doc_id in new_ids):
        return None
    new_k = [index[i] for i in new_ids]
    # 2. reuse: the pairs with a new document, and the stored pairs a new stock phrase may undo;
    # only the shingles a new document holds can form either (those of a stored document whose
    # pairs are rechecked are added for it)
    near_new = _holding(hashes, _shingles_of(hashes, new_k))
    undone = _newly_stock(near_new, new_k)
    if undone:
        near_new = _holding(hashes, _shingles_of(hashes, [*new_k, *undone]))
    pairs = shared_pairs(near_new, among=set(new_k) | undone)
    del near_new
    rechecked = {ids[k] for k in undone}
    kept_pairs = {(ids[i], ids[j]) for i, j in pairs}
    # the stored pairs of the documents that may gain or lose one (those of the part are read below)
    stored_reuse = _reuse_rows(store, {i for p in kept_pairs for i in p} | rechecked)
    removed_rows = [row for pair, (row, _) in stored_reuse.items()
                    if (pair[0] in rechecked or pair[1] in rechecked) and pair not in kept_pairs]
    fresh = sorted(p for p in kept_pairs if p not in stored_reuse)
    # 3. the stored neighbours of the new articles
    neighbours = _neighbours(near, published, set(new_k), body_df, lead_df, len(ids))
    # what was read of every document goes back to the system (the rest of the attach allocates
    # elsewhere: 150 MB of the whole corpus's stayed resident, unused)
    del near, hashes
    release_freed()
    touched = {ids[k] for k in neighbours} | {i for p in fresh for i in p} | rechecked
    # 4. the part of the corpus the new articles can change, closed under stories and incidents;
    # one too large is rebuilt instead, before the new pairs' texts are compared
    part, old_records, last = _closure(store, touched | set(new_ids))
    if len(part) > MAX_SHARE * len(ids):
        return None
    added_reuse = _compared(store, fresh)
    items = load(store, sorted(part))[0]
    gone = set(removed_rows)
    reuse = [*_part_reuse(store, part, stored_reuse, gone), *added_reuse]
    settled = ({d: rec["story_id"] for _, rec in old_records if rec["type"] == "story" for d in rec["doc_ids"]},
               {(e["doc_id"], e["start"]): rec["incident_id"] for _, rec in old_records if rec["type"] == "incident"
                for e in rec["events"]})
    analysis = analyze_items(items, reuse, body_df.of_bags(c.features.body for c in items), len(ids),
                             lead_df.of_bags(c.features.lead for c in items), settled, framing=False)
    analysis = _renamed(analysis, old_records, last)
    kept, records = _unchanged(old_records, [rec for rec in corpus_records(analysis) if rec["type"] in _PART_KINDS])
    records += [reuse_record(x) for x in added_reuse]
    old_framing, framing = _framing(store, [c for c in items if c.doc_id in new_docs])
    kept_framing, framing = _unchanged(old_framing, framing)  # the other outlets' rows of an actor stay
    records += framing
    removed = set(removed_rows) | {row for row, _ in old_records if row not in kept} \
        | {row for row, _ in old_framing if row not in kept_framing}
    members = [(d.document.doc_id, v) for d, v, _ in store.corpus_inputs((), new_ids)]
    return store.update_corpus_records(removed, records, changes.state.documents_version, members,
                                       expected=changes.state.records_version or 0)


def _within(day: date | None, days: np.ndarray | None, reach: int) -> bool:
    """Whether ``day`` is within ``reach`` days of one of ``days`` (sorted ordinals; None: an
    undated new article, near every day)."""
    if day is None or days is None:
        return True
    at = int(np.searchsorted(days, day.toordinal()))
    return any(0 <= i < len(days) and abs(int(days[i]) - day.toordinal()) <= reach for i in (at - 1, at))


def _shingles_of(hashes: Sequence[np.ndarray], chosen: Iterable[int]) -> np.ndarray:
    """The shingles the documents ``chosen`` hold, sorted, each once."""
    return np.unique(np.concatenate([np.zeros(0, dtype=np.uint64), *(hashes[k] for k in chosen)]))


# a shingle's top bits index a table of this many bits: the sieve that lets through the
# shingles of a few documents out of all those of the store, before an exact look-up
_SIEVE_BITS = 22


def _holding(hashes: Sequence[np.ndarray], wanted: np.ndarray) -> list[np.ndarray]:
    """Each document's shingles that are among ``wanted`` (sorted), in their order. The pairs a
    few documents form, and the shingles they make stock phrases, come from these alone: a
    store's shingles are not sorted all together for them. The documents are sieved a run of
    ``HELD_HASHES`` shingles at a time (the whole store's at once were five copies of them)."""
    if len(wanted) == 0:
        return [h[:0] for h in hashes]
    shift = np.uint64(64 - _SIEVE_BITS)
    sieve = np.zeros(1 << _SIEVE_BITS, dtype=bool)
    sieve[(wanted >> shift).astype(np.int64)] = True
    out: list[np.ndarray] = []
    start = 0
    while start < len(hashes):
        stop, total = start + 1, len(hashes[start])
        while stop < len(hashes) and total + len(hashes[stop]) <= HELD_HASHES:
            total += len(hashes[stop])
            stop += 1
        out += _sieved(hashes[start:stop], wanted, sieve, shift)
        start = stop
    return out


def _sieved(hashes: Sequence[np.ndarray], wanted: np.ndarray, sieve: np.ndarray, shift: np.uint64) -> list[np.ndarray]:
    """``_holding`` of a run of documents."""
    sizes = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    if sizes.sum() == 0:
        return [h[:0] for h in hashes]
    values = np.concatenate(hashes)
    maybe = np.flatnonzero(sieve[(values >> shift).astype(np.int64)])
    at = np.minimum(np.searchsorted(wanted, values[maybe]), len(wanted) - 1)
    keep = maybe[wanted[at] == values[maybe]]
    # the kept positions are in document order: each document's share of them is a slice
    ends = np.searchsorted(keep, np.cumsum(sizes))
    kept = values[keep]
    return [kept[lo:hi] for lo, hi in zip(np.r_[0, ends[:-1]].tolist(), ends.tolist(), strict=True)]


def _part_reuse(store: Store, part: Collection[str], stored: dict[tuple[str, ...], tuple[int, dict[str, Any]]],
                gone: Collection[int]) -> list[Reuse]:
    """The stored reuse of the pairs with an article of ``part``, but for the rows ``gone``: the
    pairs of ``stored`` (read before) updated in place, then the others in the store's order.
    Each record read here becomes its reuse as it comes (the records of the pairs of the whole
    corpus's part of 5,711 articles, held, were 100 MB)."""
    taken: dict[tuple[str, ...], tuple[int, dict[str, Any] | Reuse | None]] = dict(stored)
    for row, rec in store.related_record_rows("reuse", doc_ids=part):
        pair = tuple(rec["doc_ids"])
        wanted = row not in gone and (pair[0] in part or pair[1] in part)
        taken[pair] = (row, reuse_from_record(rec) if wanted else None)
    return [x if isinstance(x, Reuse) else reuse_from_record(x) for pair, (row, x) in taken.items()
            if x is not None and row not in gone and (pair[0] in part or pair[1] in part)]


def _reuse_rows(store: Store, doc_ids: Collection[str]) -> dict[tuple[str, ...], tuple[int, dict[str, Any]]]:
    """The stored reuse records of pairs with one of ``doc_ids``, by their pair: (row, record)."""
    if not doc_ids:
        return {}
    return {tuple(rec["doc_ids"]): (row, rec) for row, rec in store.related_record_rows("reuse", doc_ids=doc_ids)}


def _newly_stock(hashes: Sequence[np.ndarray], new_k: Collection[int]) -> set[int]:
    """The stored documents holding a shingle the new documents made a stock phrase (it was
    shared by 2 to ``STOCK_DOCS`` documents before, by more now): their pairs are checked again."""
    sizes = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    if sizes.sum() == 0:
        return set()
    values = np.concatenate(hashes)
    owners = np.repeat(np.arange(len(hashes), dtype=np.int64), sizes)
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    is_new = np.isin(owners, np.fromiter(new_k, dtype=np.int64))
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    counts = np.diff(np.r_[starts, len(values)])
    before = counts - np.add.reduceat(is_new.astype(np.int64), starts)
    stock = reuse_rules.STOCK_DOCS
    flipped = (before > 1) & (before <= stock) & (counts > stock)
    return set(owners[np.repeat(flipped, counts) & ~is_new].tolist())


class _Frequencies:
    """How many documents hold each word (by ``reuse.word_hash``), over the whole store."""

    def __init__(self, words: Sequence[np.ndarray]) -> None:
        every = np.concatenate(words) if words else np.zeros(0, dtype=np.uint64)
        self.values, self.counts = np.unique(every, return_counts=True)

    def of(self, hashed: np.ndarray) -> np.ndarray:
        at = np.clip(np.searchsorted(self.values, hashed), 0, max(0, len(self.values) - 1))
        found = (self.values[at] == hashed) if len(self.values) else np.zeros(len(hashed), dtype=bool)
        return np.where(found, self.counts[at] if len(self.values) else 0, 0)

    def of_bags(self, bags: Iterable[Bag]) -> dict[int, int]:
        """The frequency of each word of ``bags``, by its hash."""
        words = np.unique(np.concatenate([np.zeros(0, dtype=np.uint64), *(bag.words for bag in bags)]))
        return dict(zip(words.tolist(), self.of(words).tolist(), strict=True))


def _neighbours(near: dict[int, Packed], published: dict[int, date | None], new_k: set[int],
                body_df: _Frequencies, lead_df: _Frequencies, n: int) -> set[int]:
    """The stored documents near in time that a new one may join a story or an incident with."""
    order = sorted(near)
    rows = [i for i, k in enumerate(order) if k in new_k]
    if not rows:
        return set()
    bodies = _rows([near[k].body_ids for k in order], [near[k].body_counts for k in order], body_df, n)
    leads = _rows([near[k].lead_ids for k in order], [near[k].lead_counts for k in order], lead_df, n)
    # the transposed matrices in the form the products take them (scipy converts them once a product)
    bodies_t, leads_t = sparse.csr_matrix(bodies.T), sparse.csr_matrix(leads.T)
    days = np.array([published[k].toordinal() if published[k] is not None else -1 for k in order])  # type: ignore[union-attr]
    sites: dict[int, tuple[Site, ...]] = {}

    def sites_of(k: int) -> tuple[Site, ...]:
        if k not in sites:
            features = unpack(near[k].data)
            sites[k] = features.sites if features is not None else ()
        return sites[k]

    out: set[int] = set()
    for lo in range(0, len(rows), NEIGHBOUR_ROWS):
        chunk = rows[lo:lo + NEIGHBOUR_ROWS]
        # each product row is the same floats whichever rows are taken with it
        _near_rows(chunk, (bodies[chunk] @ bodies_t).toarray(), (leads[chunk] @ leads_t).toarray(),
                   days, order, sites_of, out)
    return out - new_k


def _near_rows(rows: Sequence[int], body: np.ndarray, lead: np.ndarray, days: np.ndarray, order: Sequence[int],
               sites_of: Callable[[int], tuple[Site, ...]], out: set[int]) -> None:
    """``_neighbours`` of the new articles at ``rows`` (of ``order``), whose cosines with every
    article near in time are the rows of ``body`` and ``lead``: added to ``out``."""
    r = rules()
    for a, i in enumerate(rows):
        day = days[i]
        apart = np.where((days < 0) | (day < 0), 0, np.abs(days - day))
        story = ((apart <= r.story_days) & (np.maximum(body[a], lead[a]) >= r.story_similarity)) \
            | ((apart <= r.follow_up_days) & (body[a] >= r.follow_up_similarity))
        out.update(order[j] for j in np.flatnonzero(story).tolist())
        mine = sites_of(order[i])
        if mine:  # an incident joins events of two articles at one site, whose words overlap enough
            for j in np.flatnonzero(body[a] >= r.incident_similarity).tolist():
                if any(one_site(x, y) for x in mine for y in sites_of(order[j])):
                    out.add(order[j])


def _compared(store: Store, pairs: Sequence[tuple[str, str]]) -> list[Reuse]:
    """The text reuse of the new ``pairs`` (``reuse.reuse_of``; those that share no passage
    dropped), in their order. Their documents are read from the store ``PAIR_CHUNK`` pairs at a
    time and the words of the ``PAIR_DOCUMENTS`` read last are kept (a document is in many
    pairs): held all at once, the words of the 15,340 documents of 7,670 new pairs took 1.3 GB."""
    held: OrderedDict[str, tuple[list[Any], list[str]]] = OrderedDict()  # each document's words
    docs: OrderedDict[str, Document] = OrderedDict()
    out: list[Reuse] = []
    for lo in range(0, len(pairs), PAIR_CHUNK):
        chunk = pairs[lo:lo + PAIR_CHUNK]
        docs.update((d.doc_id, d) for d in store.documents({i for p in chunk for i in p} - docs.keys()))
        for a, b in chunk:
            for i in (a, b):
                docs.move_to_end(i)
                if i in held:
                    held.move_to_end(i)
            found = reuse_of(docs[a], docs[b], held)
            if found is not None:
                out.append(found)
        for kept in (held, docs):
            while len(kept) > PAIR_DOCUMENTS:
                kept.popitem(last=False)
    return out


def _rows(words: Sequence[np.ndarray], counts: Sequence[np.ndarray], df: _Frequencies, n: int) -> sparse.csr_matrix:
    """Unit-length TF-IDF rows of hashed word bags (``incidents.tfidf``, as one sparse matrix)."""
    every = np.concatenate(words) if words else np.zeros(0, dtype=np.uint64)
    vocabulary, cols = np.unique(every, return_inverse=True)
    weights = (1 + np.log(np.concatenate(counts).astype(np.float64))) \
        * (1 + np.log((1 + n) / (1 + df.of(vocabulary)[cols].astype(np.float64))))
    indptr = np.r_[0, np.cumsum([len(w) for w in words])].astype(np.int64)
    matrix = sparse.csr_matrix((weights, cols.astype(np.int64), indptr), shape=(len(words), max(1, len(vocabulary))))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)


def _closure(store: Store, seeds: set[str]) -> tuple[set[str], list[tuple[int, dict[str, Any]]], tuple[int, int]]:
    """The articles of every story and incident holding a seed, transitively, with the stored
    records of those stories and incidents and of their findings, estimates, timelines and
    placements; and the highest story and incident numbers stored. Found through the records'
    tables (``store.records``): only the records of the part are read."""
    story_ids, incident_ids = store.group_ids()
    last = (_number(story_ids, "S"), _number(incident_ids, "I"))
    part = set(seeds)
    chosen: dict[str, set[str]] = {"story": set(), "incident": set()}
    frontier = set(seeds)
    while frontier:
        found = store.group_members(frontier)
        frontier = set()
        for kind, group, doc_id in found:
            chosen[kind].add(group)
            if doc_id not in part:
                part.add(doc_id)
                frontier.add(doc_id)
    old = sorted(store.related_record_rows("story", story_ids=chosen["story"])
                 + store.related_record_rows("incident", incident_ids=chosen["incident"]), key=lambda r: r[0])
    incidents = {rec["incident_id"] for _, rec in old if rec["type"] == "incident"}
    incidents |= {f"doc:{d}" for d in part}
    placed = {row: rec for kind in ("finding", "estimate", "timeline") for row, rec
              in store.related_record_rows(kind, incident_ids=incidents)}
    placed.update(store.related_record_rows("placement", incident_ids=incidents, doc_ids=part))
    old += sorted(placed.items(), key=lambda r: r[0])
    return part, old, last


def _unchanged(old: Sequence[tuple[int, dict[str, Any]]],
               new: Sequence[dict[str, Any]]) -> tuple[set[int], list[dict[str, Any]]]:
    """The stored rows of ``old`` that a record of ``new`` repeats as it is (they stay, as most
    of a recomputed part's do: its stories and incidents the new articles do not join, their
    findings and placements), and the records of ``new`` left to store."""
    rows: dict[str, list[int]] = {}
    for row, rec in old:
        rows.setdefault(json.dumps(rec, ensure_ascii=False), []).append(row)
    kept: set[int] = set()
    fresh: list[dict[str, Any]] = []
    for rec in new:
        same = rows.get(json.dumps(rec, ensure_ascii=False))
        if same:
            kept.add(same.pop())
        else:
            fresh.append(rec)
    return kept, fresh


def _renamed(analysis: CorpusAnalysis, old: Sequence[tuple[int, dict[str, Any]]],
             last: tuple[int, int]) -> CorpusAnalysis:
    """The analysis of the recomputed part with each story and incident under the id of the
    stored one it overlaps most, else the next number after ``last`` (stories, incidents)."""
    old_stories = [rec for _, rec in old if rec["type"] == "story"]
    old_incidents = [rec for _, rec in old if rec["type"] == "incident"]
    story_ids = _match([set(s.doc_ids) for s in analysis.stories],
                       [(rec["story_id"], set(rec["doc_ids"])) for rec in old_stories], "S",
                       [s.story_id for s in analysis.stories], last[0])
    incident_ids = _match([{(e.doc_id, e.event.start) for e in i.events} for i in analysis.incidents],
                          [(rec["incident_id"], {(e["doc_id"], e["start"]) for e in rec["events"]})
                           for rec in old_incidents], "I", [i.incident_id for i in analysis.incidents], last[1])

    def inc(i: str) -> str:
        return incident_ids.get(i, i)

    stories = tuple(replace(s, story_id=story_ids[s.story_id], incident_ids=tuple(sorted(inc(i) for i in s.incident_ids)))
                    for s in analysis.stories)
    incidents = tuple(replace(i, incident_id=inc(i.incident_id)) for i in analysis.incidents)
    claims = tuple(replace(c, incident_id=inc(c.incident_id)) for c in analysis.claims)
    renamed_claim = {id(a): b for a, b in zip(analysis.claims, claims, strict=True)}

    def refs(found: Iterable[ClaimRef]) -> tuple[ClaimRef, ...]:
        return tuple(renamed_claim.get(id(r), replace(r, incident_id=inc(r.incident_id))) for r in found)

    findings = tuple(replace(f, incident_id=inc(f.incident_id), claims=refs(f.claims)) for f in analysis.findings)
    timelines = tuple(Timeline(inc(t.incident_id), t.measure, refs(t.entries)) for t in analysis.timelines)
    estimates = tuple(replace(e, incident_id=inc(e.incident_id)) for e in analysis.estimates)
    return CorpusAnalysis(stories, incidents, findings, analysis.reuse, analysis.framing, timelines, estimates, claims)


def _match(new: Sequence[set[Any]], old: Sequence[tuple[str, set[Any]]], prefix: str,
           new_ids: Sequence[str], last: int) -> dict[str, str]:
    """Each new group's id: the stored group's it overlaps most (each stored id used once), else
    the next number after ``last`` (the highest a stored id of ``prefix`` has)."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    holders: dict[Any, list[int]] = {}  # each member's stored groups: only overlapping pairs are met
    for o, (_, o_members) in enumerate(old):
        for m in o_members:
            holders.setdefault(m, []).append(o)
    shared: Counter[tuple[int, int]] = Counter((k, o) for k, members in enumerate(new) for m in members
                                               for o in holders.get(m, ()))
    overlaps = sorted(((size, -k, old[o][0], k) for (k, o), size in shared.items()), reverse=True)
    for _, _, o_id, k in overlaps:
        if new_ids[k] not in out and o_id not in taken:
            out[new_ids[k]] = o_id
            taken.add(o_id)
    for i in new_ids:
        if i not in out:
            last += 1
            out[i] = f"{prefix}{last:03d}"
    return out


def _number(ids: Iterable[str], prefix: str) -> int:
    """The highest number of the ids of ``prefix`` (S012 -> 12)."""
    return max((int(i[len(prefix):]) for i in ids if i.startswith(prefix) and i[len(prefix):].isdigit()), default=0)


def _framing(store: Store, new: Sequence[CorpusDoc]) -> tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]]]:
    """The framing rows of the actors the new articles name, with their namings added: (the
    stored rows they replace, with their records; the records that replace them)."""
    namings = {(c.doc.document.outlet or "unknown", n[0]) for c in new for n in c.features.namings}
    actors = {key for _, key in namings}
    table: dict[tuple[str, str], Framing] = {}
    rows: list[tuple[int, dict[str, Any]]] = []
    stored = sorted(store.related_record_rows("framing", entity_ids=actors)
                    + store.related_record_rows("framing_profile", entity_ids=actors), key=lambda r: r[0])
    for row, rec in stored:
        if rec["entity_id"] not in actors:
            continue
        rows.append((row, rec))
        if rec["type"] == "framing":
            table[(rec["outlet"], rec["entity_id"])] = Framing(
                rec["outlet"], rec["entity_id"], rec["name"], Counter(rec["designations"]), Counter(rec["stances"]),
                int(rec["neutral"]), int(rec["mentions"]), set(rec["doc_ids"]))
    for c in sorted(new, key=lambda c: c.doc_id):
        # the rows its namings count into (``add_namings`` changes no other)
        named = {(c.doc.document.outlet or "unknown", n[0]) for n in c.features.namings}
        before = {key: (table[key].name, min(table[key].doc_ids)) for key in named
                  if key in table and table[key].doc_ids}
        add_namings(table, c.doc_id, c.doc.document.outlet, c.features.namings)
        for key, (name, first) in before.items():
            if c.doc_id < first:  # a from-scratch run names the actor as its first article (by id) does
                own = next((n[1] for n in c.features.namings if n[0] == key[1]), None)
                table[key].name = own if own is not None else name
    items = sorted(table.values(), key=lambda f: (f.entity_id, f.outlet))
    return rows, framing_records(items)

