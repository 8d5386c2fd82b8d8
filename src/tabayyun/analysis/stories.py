"""Stories: all the reporting on one developing crisis, across outlets and days.

A story gathers the articles about one crisis: the incident, its aftermath, reactions and
follow-ups. Two articles are one story when their central incidents are one incident (an
article's central incidents are those it reports most: in its headline and lead, or with most
supporting sentences), or when they were published within a few days of each other and their
bodies, or headlines and leads, share words (each article linking only to its nearest few). A reaction or a funeral
report with no violent event of its own joins the story by its words. Links are taken strongest
first (incident links before word links), and once a story is large it grows only with what is
like it as a whole (its summed words), so that no chain of links makes one story of a month of
news. Every article belongs to exactly one story. Thresholds: ``rules.py``.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse

from tabayyun.analysis.incidents import (
    Incident,
    _join_settled,
    _tfidf,
    _Union,
    merge_within_story,
    merged,
    tfidf,
)
from tabayyun.analysis.rules import rules
from tabayyun.analysis.vectors import RowSum, SparseRows, WordRows
from tabayyun.model import AnalyzedDoc, Event
from tabayyun.text.normalize import normalize_key

LEAD_CHARS = 400  # the lead an article's words are read from, after its headline
HEADLINE_WEIGHT = 2  # a headline word counts as much as this many lead words
CENTRAL_SHARE = 1.0  # an incident is central to an article that gives it this share of its top weight
LEAD_WEIGHT = 2  # a report in the headline or lead counts this many times
BLOCK_ROWS = 16  # articles compared at once with their window (bounds the dense blocks)
WHOLE_PARTS = 3  # parts the whole corpus's columns are compared in (bounds its transposed copy)
WINDOW_COLUMNS = 10_000  # articles a window's columns are taken at once (more parts for a larger store)


@dataclass(frozen=True, slots=True)
class Story:
    story_id: str
    title: str
    doc_ids: tuple[str, ...]
    incident_ids: tuple[str, ...]
    first: date | None
    last: date | None
    outlets: tuple[str, ...]


def headline(doc: AnalyzedDoc) -> str:
    """The article's headline: its title, else its first line."""
    if doc.document.title:
        return doc.document.title.strip()
    text = doc.text.lstrip()
    return text[:text.find("\n")].strip() if "\n" in text else text[:120].strip()


def lead_end(doc: AnalyzedDoc) -> int:
    """Where the article's lead ends (its headline and ``LEAD_CHARS`` after it, within its body)."""
    start = len(doc.text) - len(doc.text.lstrip())
    return min(doc.document.extraction_end, start + len(headline(doc)) + LEAD_CHARS)


def central_incidents(doc: AnalyzedDoc, incidents: Iterable[Incident]) -> set[str]:
    """The incidents an article reports most: each supporting report counts once, twice in
    the headline and lead; those within ``CENTRAL_SHARE`` of the top weight are central."""
    doc_id = doc.document.doc_id
    return _central(doc, [(i.incident_id, r.event) for i in incidents for r in i.events if r.doc_id == doc_id])


def _central(doc: AnalyzedDoc, reports: Iterable[tuple[str, Event]]) -> set[str]:
    """``central_incidents`` over the article's own (incident id, event) pairs."""
    lead = lead_end(doc)
    weight: Counter[str] = Counter()
    for incident_id, event in reports:
        for start, _ in event.support or ((event.start, event.end),):
            weight[incident_id] += LEAD_WEIGHT if start < lead else 1
    if not weight:
        return set()
    top = max(weight.values())
    return {i for i, w in weight.items() if w >= CENTRAL_SHARE * top}


def _reports_by_doc(incidents: Iterable[Incident]) -> dict[str, list[tuple[str, Event]]]:
    """Each article's (incident id, event) pairs, indexed once for a whole corpus."""
    out: dict[str, list[tuple[str, Event]]] = defaultdict(list)
    for incident in incidents:
        for r in incident.events:
            out[r.doc_id].append((incident.incident_id, r.event))
    return out


def lead_bag(d: AnalyzedDoc) -> dict[str, int]:
    """The words of headline (weighted) and lead, with their counts."""
    bag: Counter[str] = Counter()
    for w in normalize_key(headline(d), drop_article=True).split():
        if len(w) > 2:
            bag[w] += HEADLINE_WEIGHT
    body_start = len(d.text) - len(d.text.lstrip()) + len(headline(d))
    for w in normalize_key(d.text[body_start:lead_end(d)], drop_article=True).split():
        if len(w) > 2:
            bag[w] += 1
    return dict(bag)


def _lead_vectors(docs: Sequence[AnalyzedDoc]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of headline (weighted) and lead."""
    return tfidf([lead_bag(d) for d in docs])


def build_stories(docs: Sequence[AnalyzedDoc], incidents: Sequence[Incident],
                  bodies: Sequence[Mapping[Any, float]] | WordRows | None = None,
                  leads: Sequence[Mapping[Any, float]] | WordRows | None = None,
                  settled: Mapping[str, str] | None = None) -> list[Story]:
    """Every article in exactly one story (see the module's policy). ``bodies`` and ``leads``:
    the ``tfidf`` vectors of bodies and leads, when already computed. ``settled``: the story of
    each article already placed (an incremental run): they stay together, and a link between
    two of them is not made again (they stay apart when they were)."""
    n = len(docs)
    union = _Union(n)
    settled = settled or {}
    known = [settled.get(d.document.doc_id) for d in docs]
    _join_settled(union, known)
    by_incident: dict[str, list[int]] = defaultdict(list)
    reports = _reports_by_doc(incidents)
    central = [_central(d, reports.get(d.document.doc_id, ())) for d in docs]
    for k, ids in enumerate(central):
        for i in ids:
            by_incident[i].append(k)
    # articles whose central incident is one join first (through the same cohesion gate as word links)
    incident_links = [(members[0], k) for members in by_incident.values() for k in members[1:]]
    vectors = leads if leads is not None else _lead_vectors(docs) if n > 1 else [{} for _ in docs]
    if bodies is None:
        bodies = _tfidf(docs) if n > 1 else [{} for _ in docs]
    # articles are compared only with those of nearby days, a day's block at a time
    by_day: dict[int | None, list[int]] = defaultdict(list)
    for k, d in enumerate(docs):
        by_day[d.document.published.toordinal() if d.document.published else None].append(k)
    r = rules()
    window = max(r.story_days, r.follow_up_days)
    # (a function of its own: its matrices and blocks are freed before the stories' centroids grow)
    body_rows = SparseRows(bodies)  # one matrix for the links and the centroids (a view of ``WordRows``)
    if settled:
        # a link is made only with an article not placed before, and only when each is among the
        # other's nearest: the links of the new articles are found first, then those of the
        # placed articles among their nearest (a placed article's own nearest decide whether
        # the link holds); the other placed articles are not compared with their window again
        fresh = {k for k in range(n) if known[k] is None}
        candidates = _candidates(docs, by_day, body_rows, vectors, window, fresh)
        linked = {j for k in fresh for _, j in candidates.get(k, ()) if known[j] is not None}
        candidates.update(_candidates(docs, by_day, body_rows, vectors, window, linked))
    else:
        candidates = _candidates(docs, by_day, body_rows, vectors, window)
    # two articles join only when each is among the other's nearest: on a day with dozens of
    # reports from one war, a chain of weak links from article to article would otherwise join
    # every front (and every crisis sharing its words)
    # the few nearest (``story_neighbours``) per article, packed (``_Nearest``): a set of them
    # took ~700 bytes, a list of (score, article) tuples ~600
    mutual = sorted((-score, k, j) for k, score, j in candidates.links()
                    if j > k and candidates.has(j, k) and (known[k] is None or known[j] is None))
    # strongest links first; and a story larger than ``story_cohesion_from`` articles grows only
    # when its words, summed over its articles, are like those of what joins it
    # (``story_cohesion``): a chain of mutual links, each strong, from a royal visit to a charity
    # to a wedding would otherwise make one story of a month of news
    centroids = _Centroids(union, body_rows, n)
    for k, j in incident_links + [(k, j) for _, k, j in mutual]:
        if centroids.size(k, j) <= r.story_cohesion_from or centroids.cosine(k, j) >= r.story_cohesion:
            centroids.join(k, j)
    # an article no link placed joins the story of its nearest article when that link is strong
    # (``story_orphan_similarity``): in a story of a dozen reports each report's nearest are its
    # siblings, so a late or differently worded report is among nobody's nearest; one article
    # joining its best match makes no chain (it is taken after every mutual link)
    for k in range(n):
        nearest = candidates.get(k) if known[k] is None and centroids.size(k, k) == 1 else []
        if nearest:
            score, j = nearest[0]
            if score >= r.story_orphan_similarity and (
                    centroids.size(k, j) <= r.story_cohesion_from or centroids.cosine(k, j) >= r.story_cohesion):
                centroids.join(k, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(n):
        groups[union.find(k)].append(k)
    home = _incident_homes(docs, incidents, union)
    stories = []
    for members in groups.values():
        root = union.find(members[0])
        stories.append(_story([docs[k] for k in members], [central[k] for k in members],
                              sorted(i for i, r in home.items() if r == root)))
    stories.sort(key=lambda s: (s.first or date.max, s.doc_ids[0]))
    return [Story(f"S{n + 1:03d}", s.title, s.doc_ids, s.incident_ids, s.first, s.last, s.outlets)
            for n, s in enumerate(stories)]


def _candidates(docs: Sequence[AnalyzedDoc], by_day: Mapping[int | None, list[int]],
                body_rows: SparseRows, leads: Sequence[Mapping[Any, float]] | WordRows,
                window: int, rows: Collection[int] | None = None) -> _Nearest:
    """Each article's nearest links (score, other article), nearest first: articles of nearby
    days whose bodies, or headlines and leads, share words (``build_stories``); of the
    articles ``rows`` only, when given (an article's links do not depend on which others are
    linked too)."""
    n = len(docs)
    lead_rows = SparseRows(leads)
    candidates = _Nearest()
    # the whole corpus's columns are taken transposed a part at a time (all of it at once was
    # 90 MB for 30,000 articles, the rebuild's peak); a window of few days in the first part
    parts = max(WHOLE_PARTS, -(-n // WINDOW_COLUMNS))
    for part in range(parts):
        part_cols = range(n * part // parts, n * (part + 1) // parts)
        every: tuple[sparse.csr_matrix, sparse.csr_matrix] | None = None
        for day, every_k in by_day.items():
            day_ks = every_k if rows is None else [k for k in every_k if k in rows]
            if not day_ks:
                continue
            near = list(range(n)) if day is None else \
                [j for o in range(day - window, day + window + 1) for j in by_day.get(o, ())] + by_day.get(None, [])
            # a window of most of the corpus (a corpus of a few weeks) is compared against the
            # whole corpus's columns: a copy of the window per day was two copies of every vector
            # at once; its blocks are scored over every column, those outside the window too far
            # apart to link (picking the window's columns copied each block)
            whole = 2 * len(near) > n
            if not whole and part:
                continue
            # days apart (an undated article is as near as can be)
            published = [docs[j].document.published for j in near]
            apart = np.array([0 if day is None or p is None else abs(day - p.toordinal()) for p in published])
            cols: Sequence[int] = near
            if whole:
                if every is None:
                    every = (body_rows.rows_transposed(part_cols), lead_rows.rows_transposed(part_cols))
                (body_cols, lead_cols), cols = every, part_cols
                by_column = np.full(n, window + 1)
                by_column[near] = apart
                apart = by_column[part_cols.start:part_cols.stop]
                _link_day(day_ks, body_rows, lead_rows, body_cols, lead_cols, cols, apart, candidates)
                continue
            # a window of many articles (a store of months) is taken a piece at a time: its
            # columns transposed were two copies of the window's vectors at once
            for at in range(0, len(near), WINDOW_COLUMNS):
                piece = near[at:at + WINDOW_COLUMNS]
                _link_day(day_ks, body_rows, lead_rows, body_rows.columns(piece), lead_rows.columns(piece), piece,
                          apart[at:at + WINDOW_COLUMNS], candidates)
    return candidates


def _link_day(day_ks: Sequence[int], body_rows: SparseRows, lead_rows: SparseRows, body_cols: sparse.csr_matrix,
              lead_cols: sparse.csr_matrix, cols: Sequence[int], apart: np.ndarray,
              candidates: _Nearest) -> None:
    """The links of a day's articles to the columns ``cols`` (``apart``: days from them), each
    article's nearest few kept (``_candidates``)."""
    r = rules()
    # a few rows at a time: a day of 2,000 articles against the 10,000 of its window is
    # dense blocks of 160 MB each, and their product before them (16 rows: 4 MB each for 30,000 articles)
    for at in range(0, len(day_ks), BLOCK_ROWS):
        ks = day_ks[at:at + BLOCK_ROWS]
        found: dict[int, list[tuple[float, int]]] = defaultdict(list)
        body = body_rows.block_of(ks, body_cols)
        lead = lead_rows.block_of(ks, lead_cols)
        # within a few days, words in common (the bodies, or the headlines and leads); later, a
        # follow-up (a death from wounds, an arrest, a funeral) only by most of its words
        score = np.maximum(body, lead, out=lead)
        linked = ((apart <= r.story_days) & (score >= r.story_similarity)) \
            | ((apart <= r.follow_up_days) & (body >= r.follow_up_similarity))
        for a, b in zip(*np.nonzero(linked), strict=True):
            k, j = ks[a], cols[b]
            if j != k:
                found[k].append((float(score[a, b]), j))
        # each article keeps its nearest few links (all of an article's links come from its own
        # row: kept as soon as its row is done, not the thousands of a busy day per article)
        for k in ks:
            if k in found:
                candidates.keep(k, found.pop(k), r.story_neighbours)


class _Nearest:
    """Each article's nearest links (score, other article), nearest first, packed as two small
    arrays an article (about 200 bytes, where a list of (float, int) tuples took about 600: a
    whole corpus's links were held together at the stories' peak)."""

    def __init__(self) -> None:
        self._scores: dict[int, array[float]] = {}
        self._others: dict[int, array[int]] = {}

    def keep(self, k: int, links: list[tuple[float, int]], size: int) -> None:
        """Add ``links`` to the article's, keeping the nearest ``size`` (by score, then article)."""
        kept = sorted(self.get(k) + links, key=lambda sj: (-sj[0], sj[1]))[:size]
        self._scores[k] = array("d", [score for score, _ in kept])
        self._others[k] = array("q", [j for _, j in kept])

    def get(self, k: int, default: Iterable[tuple[float, int]] = ()) -> list[tuple[float, int]]:
        others = self._others.get(k)
        return list(default) if others is None else list(zip(self._scores[k], others, strict=True))

    def has(self, k: int, j: int) -> bool:
        """Whether ``j`` is among the nearest of ``k``."""
        return j in self._others.get(k, ())

    def links(self) -> Iterator[tuple[int, float, int]]:
        """Every (article, score, other article) kept."""
        for k, others in self._others.items():
            yield from ((k, score, j) for score, j in zip(self._scores[k], others, strict=True))

    def update(self, other: _Nearest) -> None:
        """The links of ``other``'s articles replace these articles' own."""
        self._scores.update(other._scores)
        self._others.update(other._others)


class _Centroids:
    """The summed body vectors of the stories being built, joined with them (small into large).
    A story of one article is its own row of the body matrix, read when it is compared: only
    stories of several articles hold a sum (``vectors.RowSum``: arrays, not a dict of every word,
    the peak of a full rebuild), so that a copy of every article's vector is never held."""

    def __init__(self, union: _Union, bodies: SparseRows, n: int) -> None:
        self.union = union
        self.bodies = bodies
        self.sums: dict[int, RowSum] = {}
        self.norms: dict[int, float] = {}
        self.sizes: dict[int, int] = defaultdict(int)
        for k in range(n):
            self.sizes[union.find(k)] += 1
        for k in range(n):
            root = union.find(k)
            if self.sizes[root] > 1:  # articles already placed together (an incremental run)
                row = bodies.row_sum(k)
                total = self.sums.get(root)
                self.sums[root] = row if total is None else total.plus(row)
        for root, summed in self.sums.items():
            self.norms[root] = summed.squared_norm()

    def _sum(self, root: int) -> RowSum:
        """The summed vector of a story (a story of one article: its row, as summing it into
        nothing gives the same floats: 0.0 + v is v)."""
        summed = self.sums.get(root)
        return self.bodies.row_sum(root) if summed is None else summed

    def _norm(self, root: int, summed: RowSum) -> float:
        norm = self.norms.get(root)
        return summed.squared_norm() if norm is None else norm

    def size(self, k: int, j: int) -> int:
        """Articles of the story the two would make."""
        a, b = self.union.find(k), self.union.find(j)
        return self.sizes[a] + (self.sizes[b] if b != a else 0)

    def cosine(self, k: int, j: int) -> float:
        a, b = self.union.find(k), self.union.find(j)
        if a == b:
            return 1.0
        x, y = self._sum(a), self._sum(b)
        dot = _dot(x, y)
        norm = math.sqrt(self._norm(a, x) * self._norm(b, y))
        return dot / norm if norm else 0.0

    def join(self, k: int, j: int) -> None:
        a, b = self.union.find(k), self.union.find(j)
        if a == b:
            return
        x, y = self._sum(a), self._sum(b)
        dot = _dot(x, y)
        (small, small_sum), (large, large_sum) = ((a, x), (b, y)) if len(x) <= len(y) else ((b, y), (a, x))
        norm = self._norm(small, small_sum) + self._norm(large, large_sum) + 2 * dot
        into = large_sum.plus(small_sum)
        for root in (a, b):
            self.sums.pop(root, None)
            self.norms.pop(root, None)
        size = self.sizes.pop(a) + self.sizes.pop(b)
        self.union.join(k, j)
        root = self.union.find(k)
        self.sums[root], self.norms[root], self.sizes[root] = into, norm, size


def _dot(x: RowSum, y: RowSum) -> float:
    """Their dot product, taken over the words of the smaller (the order a dict's would be)."""
    return y.dot(x) if len(x) > len(y) else x.dot(y)


def _incident_homes(docs: Sequence[AnalyzedDoc], incidents: Sequence[Incident], union: _Union) -> dict[str, int]:
    """The story of each incident: the one holding most of its articles."""
    index = {d.document.doc_id: k for k, d in enumerate(docs)}
    out = {}
    for incident in incidents:
        roots = Counter(union.find(index[doc_id]) for doc_id in incident.doc_ids if doc_id in index)
        if roots:
            out[incident.incident_id] = roots.most_common(1)[0][0]
    return out


def _story(docs: list[AnalyzedDoc], central: list[set[str]], incident_ids: list[str]) -> Story:
    days = [d.document.published for d in docs if d.document.published]
    counts = Counter(i for ids in central for i in ids)
    top = counts.most_common(1)[0][0] if counts else None
    # named by the earliest article about its main incident, else by its earliest article
    lead = min(range(len(docs)), key=lambda k: (top is not None and top not in central[k],
                                                 docs[k].document.published or date.max, docs[k].document.doc_id))
    return Story("", headline(docs[lead]), tuple(sorted(d.document.doc_id for d in docs)), tuple(incident_ids),
                 min(days) if days else None, max(days) if days else None,
                 tuple(sorted({d.document.outlet for d in docs if d.document.outlet})))


def story_record(s: Story) -> dict[str, object]:
    return {"type": "story", "story_id": s.story_id, "title": s.title, "doc_ids": list(s.doc_ids),
            "incident_ids": list(s.incident_ids), "first": s.first.isoformat() if s.first else None,
            "last": s.last.isoformat() if s.last else None, "outlets": list(s.outlets)}


def consolidate(stories: Sequence[Story], incidents: Sequence[Incident]) -> tuple[list[Story], list[Incident]]:
    """Merge each story's incidents that are one event told with places of different precision
    (``incidents.merge_within_story``); a merged incident keeps the id of its best-supported part."""
    by_id = {i.incident_id: i for i in incidents}
    out_stories: list[Story] = []
    out_incidents: list[Incident] = []
    for s in stories:
        ids = []
        for group in merge_within_story([by_id[i] for i in s.incident_ids if i in by_id]):
            lead = max(group, key=lambda i: (len(i.events), -int(i.incident_id.lstrip("I") or 0)))
            out_incidents.append(merged(lead.incident_id, group))
            ids.append(lead.incident_id)
        out_stories.append(Story(s.story_id, s.title, s.doc_ids, tuple(sorted(ids)), s.first, s.last, s.outlets))
    homeless = {i.incident_id for i in incidents} - {i for s in stories for i in s.incident_ids}
    out_incidents += [by_id[i] for i in sorted(homeless)]
    return out_stories, sorted(out_incidents, key=lambda i: i.incident_id)
