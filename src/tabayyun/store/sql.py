"""The SQL both backends share. Statements use ``?`` placeholders; a backend translates them.

A backend supplies the connection (``_execute``, ``_executemany``, ``_rows``), the writer
lock (``_transact``: SQLite ``BEGIN IMMEDIATE``, PostgreSQL advisory locks) and its checks
on values it cannot store.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any, TypeVar

from tabayyun.corrections import Action, Correction, Target
from tabayyun.model import LAYER_TYPES, AnalyzedDoc, Claim, Document, Event, Mention, Span
from tabayyun.pipeline import Outcome, StageFailure
from tabayyun.stages.segment import segment
from tabayyun.store.base import (
    AnyFilter,
    ClaimFilter,
    CorpusChanges,
    CorpusState,
    Counts,
    DocumentSummary,
    EventFilter,
    FingerprintInfo,
    Found,
    MentionFilter,
    Page,
    SaveResult,
    SearchHit,
    SearchResult,
    StoreError,
)
from tabayyun.store.codec import (
    DOCUMENT_COLUMNS,
    document_from_row,
    document_row,
    from_column,
    metadata_of,
    own_fields,
    pack_layer,
    span_from_columns,
    span_row,
    unpack_layer,
)
from tabayyun.store.records import FILLED_BY, RECORD_TABLE, STORY_COUNTS, TABLES, table_rows
from tabayyun.store.records import insert_sql as record_insert_sql
from tabayyun.store.schema import (
    PACKED,
    RECOMPUTED,
    RELATIONAL,
    ROW_PREFIX,
    column_list,
    insert_sql,
    quoted,
    select_columns,
    span_columns,
)
from tabayyun.text.search import find_matches, query_form

T = TypeVar("T")

# documents fetched per round trip when streaming (keyset pages: no cursor stays open)
PAGE = 200
RECORD_BATCH = 2_000  # cross-outlet records written per statement (their JSON is built a batch at a time)
# values bound in one IN (...) list at most
IN_CHUNK = 1000

_DOC_COLUMNS = column_list(DOCUMENT_COLUMNS)

# ORDER BY clauses for the sort keys of base.SORTS; doc_id and id make every order total
_ORDER: dict[str, dict[str, str]] = {
    "claims": {
        "doc": "doc_id, id",
        "date": '"date" NULLS LAST, doc_id, id', "-date": '"date" DESC NULLS LAST, doc_id, id',
        "as_of": "as_of NULLS LAST, doc_id, id", "-as_of": "as_of DESC NULLS LAST, doc_id, id",
        "outlet": "outlet NULLS LAST, doc_id, id", "measure": "measure, doc_id, id",
        "measure_date": "measure, COALESCE(\"date\", ''), doc_id, id",
        "low": "low NULLS LAST, doc_id, id", "-low": "low DESC NULLS LAST, doc_id, id",
        "high": "high NULLS LAST, doc_id, id", "-high": "high DESC NULLS LAST, doc_id, id",
    },
    "events": {
        "doc": "doc_id, id",
        "date": '"date" NULLS LAST, doc_id, id', "-date": '"date" DESC NULLS LAST, doc_id, id',
        "outlet": "outlet NULLS LAST, doc_id, id", "event_type": "event_type, sub_event_type, doc_id, id",
    },
    "mentions": {
        "doc": "doc_id, id", "outlet": "outlet NULLS LAST, doc_id, id",
        "entity_id": "entity_id NULLS LAST, doc_id, id", "label": "label, doc_id, id",
    },
}


# the reuse records one of whose documents an outlet published
_OUTLET_REUSE = ("SELECT DISTINCT rd.record_id FROM documents d JOIN reuse_documents rd ON rd.doc_id = d.doc_id "
                 "WHERE d.outlet = ?")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _placeholders(n: int) -> str:
    return ", ".join("?" for _ in range(n))


def _where(where: AnyFilter) -> tuple[str, str, list[Any]]:
    """(table, WHERE clause, parameters) for a query filter."""
    clauses: list[str] = []
    params: list[Any] = []

    def eq(column: str, value: Any) -> None:
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)

    eq("doc_id", where.doc_id)
    eq("outlet", where.outlet)
    if isinstance(where, ClaimFilter):
        table = "claims"
        eq("measure", where.measure)
        eq("role", where.role.value if where.role else None)
        eq("claimant_kind", where.claimant_kind.value if where.claimant_kind else None)
        eq("claimant", where.claimant)
        eq("claimant_id", where.claimant_id)
        eq("hedged", where.hedged)
        if where.story_ids is not None:
            # through the placements' story index: a story's claims cost its size, not the store's
            clauses.append("id IN (SELECT c.id FROM claim_placements p JOIN claims c ON c.doc_id = p.doc_id "
                           'AND c.start = p.start AND c."end" = p."end" AND c.measure = p.measure '
                           f"WHERE p.story_id IN ({_placeholders(len(where.story_ids))}))"
                           if where.story_ids else "1 = 0")
            params.extend(where.story_ids)
        if where.placed_doc_ids is not None:
            # through the placements' (doc_id, start, end, measure) index: the documents' claims only
            clauses.append("id IN (SELECT c.id FROM claim_placements p JOIN claims c ON c.doc_id = p.doc_id "
                           'AND c.start = p.start AND c."end" = p."end" AND c.measure = p.measure '
                           f"WHERE p.doc_id IN ({_placeholders(len(where.placed_doc_ids))}) "
                           "AND p.story_id IS NOT NULL)" if where.placed_doc_ids else "1 = 0")
            params.extend(where.placed_doc_ids)
    elif isinstance(where, EventFilter):
        table = "events"
        eq("event_type", where.event_type)
        eq("sub_event_type", where.sub_event_type)
        eq("location_id", where.location_id)
    else:
        table = "mentions"
        eq("entity_id", where.entity_id)
        eq("label", where.label.value if where.label else None)
        eq("origin", where.origin)
    if isinstance(where, ClaimFilter | EventFilter):
        if where.date_from is not None:
            clauses.append('"date" >= ?')
            params.append(where.date_from.isoformat())
        if where.date_to is not None:
            clauses.append('"date" <= ?')
            params.append(where.date_to.isoformat())
    if isinstance(where, EventFilter | MentionFilter) and where.geocoded is not None:
        clauses.append("lat IS NOT NULL AND lon IS NOT NULL" if where.geocoded else "(lat IS NULL OR lon IS NULL)")
    return table, (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class SQLStore:
    """Everything of the ``Store`` protocol that is plain SQL."""

    # the clause that lifts a LIMIT when only an OFFSET is wanted
    NO_LIMIT = "LIMIT -1"
    # the documents_version the write in progress makes (the cross-outlet records remember which they cover)
    _saving_version: int | None = None

    # --- what a backend supplies ------------------------------------------------------
    @property
    def location(self) -> str:
        raise NotImplementedError

    @property
    def target(self) -> str | None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def migrate(self) -> list[str]:
        raise NotImplementedError

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _rows(self, sql: str, params: Sequence[Any] = (), stream: bool = False) -> Iterator[Sequence[Any]]:
        raise NotImplementedError

    def _transact(self, lock_keys: Collection[str], work: Callable[[], T]) -> T:
        """Run ``work`` in one write transaction, holding the writer lock (and ``lock_keys``)."""
        raise NotImplementedError

    def refusal(self, document: Document) -> str | None:
        """Why this backend cannot store a document as it is (None: it can)."""
        for value in (document.doc_id, document.text, document.outlet, document.url, document.title,
                      document.source_path, document.encoding):
            if value is None:
                continue
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "a text field holds an unpaired surrogate, which UTF-8 cannot store; fix the input file"
        return None

    # --- life cycle -----------------------------------------------------------------
    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._execute(sql, params).fetchone()
        return None if row is None else row[0]

    # --- writing --------------------------------------------------------------------
    def status_of(self, document: Document) -> SaveResult:
        row = self._execute("SELECT doc_id, outlet, published, url, title FROM documents WHERE content_hash = ?",
                            (document.content_hash,)).fetchone()
        if row is not None:
            if row[0] == document.doc_id and tuple(row[1:]) != metadata_of(document):
                return SaveResult.UPDATED
            return SaveResult.UNCHANGED
        exists = self._one("SELECT 1 FROM documents WHERE doc_id = ?", (document.doc_id,))
        return SaveResult.UPDATED if exists else SaveResult.ADDED

    def save(self, outcome: Outcome, fingerprint: str | None = None) -> SaveResult:
        return self.save_many([outcome], fingerprint)[0]

    def save_many(self, outcomes: Sequence[Outcome], fingerprint: str | None = None) -> list[SaveResult]:
        for outcome in outcomes:
            problem = self.refusal(outcome.analyzed.document)
            if problem:
                raise StoreError(f"cannot store {outcome.analyzed.document.doc_id!r}: {problem}")
        keys = {f"doc:{o.analyzed.document.doc_id}" for o in outcomes}
        keys |= {f"hash:{o.analyzed.document.content_hash}" for o in outcomes}

        def work() -> list[SaveResult]:
            # the version this write makes: the cross-outlet records remember which versions they cover
            self._saving_version = int(self._one("SELECT documents_version FROM corpus_state WHERE id = 1")) + 1
            results = [self._save_one(o, fingerprint) for o in outcomes]
            if any(r is not SaveResult.UNCHANGED for r in results):
                # last, so that PostgreSQL holds this one-row lock only while committing
                self._execute("UPDATE corpus_state SET documents_version = documents_version + 1 WHERE id = 1")
            return results

        return self._transact(keys, work)

    def _save_one(self, outcome: Outcome, fingerprint: str | None) -> SaveResult:
        doc = outcome.analyzed.document
        row = self._execute("SELECT doc_id, outlet, published, url, title, fingerprint FROM documents "
                            "WHERE content_hash = ?", (doc.content_hash,)).fetchone()
        if row is not None:
            if row[0] != doc.doc_id:
                return SaveResult.UNCHANGED  # a copy of a stored text under another name
            if tuple(row[1:5]) != metadata_of(doc):
                status = SaveResult.UPDATED
            elif fingerprint is not None and row[5] != fingerprint:
                status = SaveResult.REANALYZED
            else:
                return SaveResult.UNCHANGED
        else:
            exists = self._one("SELECT 1 FROM documents WHERE doc_id = ?", (doc.doc_id,))
            status = SaveResult.UPDATED if exists else SaveResult.ADDED
        if status is not SaveResult.ADDED:
            self._delete_document(doc.doc_id)
        inserted = self._execute(
            f"INSERT INTO documents({_DOC_COLUMNS}, content_hash, fingerprint, analyzed_at, saved_version) "
            f"VALUES ({_placeholders(len(DOCUMENT_COLUMNS) + 4)}) ON CONFLICT DO NOTHING RETURNING doc_id",
            (*document_row(doc), doc.content_hash, fingerprint, _now(), self._saving_version)).fetchone()
        if inserted is None:  # the writer lock makes this unreachable; never store layers without their document
            return SaveResult.UNCHANGED
        self._insert_layers(outcome.analyzed)
        if outcome.features is not None:
            self._execute("INSERT INTO doc_features(doc_id, data) VALUES (?, ?)", (doc.doc_id, outcome.features))
        self._index_document(doc)
        self._executemany("INSERT INTO failures(doc_id, stage, error, detail) VALUES (?, ?, ?, ?)",
                          [(f.doc_id, f.stage, f.error, f.detail) for f in outcome.failures])
        return status

    def _delete_document(self, doc_id: str) -> None:
        self._execute("DELETE FROM failures WHERE doc_id = ?", (doc_id,))
        for table in (*RELATIONAL, "packed_layers", "doc_features"):  # what ON DELETE CASCADE would do, without relying on it
            self._execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self._execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        self._unindex_document(doc_id)

    def _index_document(self, doc: Document) -> None:
        """Add a document to the search index (a backend with one overrides this)."""

    def _unindex_document(self, doc_id: str) -> None:
        """Take a document out of the search index."""

    def _insert_layers(self, analyzed: AnalyzedDoc) -> None:
        doc = analyzed.document
        prefix = (doc.doc_id, doc.outlet, doc.published.isoformat() if doc.published else None)
        packed = [(doc.doc_id, layer, len(analyzed.layer(layer)), pack_layer(layer, analyzed.layer(layer), doc.text))
                  for layer in PACKED if layer in analyzed.layers]
        self._executemany("INSERT INTO packed_layers(doc_id, layer, spans, data) VALUES (?, ?, ?, ?)", packed)
        for layer in RELATIONAL:
            spans = analyzed.layer(layer)
            if spans:
                self._executemany(insert_sql(layer), [(*prefix, *span_row(s)) for s in spans])

    def record_fingerprint(self, info: FingerprintInfo) -> None:
        description = json.dumps(dict(info.description), ensure_ascii=False, sort_keys=True)

        def work() -> None:
            self._execute("INSERT INTO fingerprints(fingerprint, description) VALUES (?, ?) ON CONFLICT DO NOTHING",
                          (info.digest, description))

        self._transact((), work)

    def fingerprints(self) -> dict[str, dict[str, Any]]:
        return {r[0]: json.loads(r[1]) for r in self._rows("SELECT fingerprint, description FROM fingerprints")}

    # --- reading documents ------------------------------------------------------------
    def documents(self, doc_ids: Collection[str] | None = None) -> Iterator[Document]:
        if doc_ids is not None:
            wanted = sorted(set(doc_ids))
            for i in range(0, len(wanted), PAGE):
                chunk = wanted[i:i + PAGE]
                rows = self._rows(f"SELECT {_DOC_COLUMNS} FROM documents WHERE doc_id IN ({_placeholders(len(chunk))}) "
                                  "ORDER BY doc_id", chunk)
                yield from (document_from_row(r) for r in rows)
            return
        yield from self._document_pages("", ())

    def _document_pages(self, condition: str, params: Sequence[Any]) -> Iterator[Document]:
        """Documents in doc_id order, a page per query (nothing stays open between pages, so
        the caller may write to the store while it reads)."""
        last = None
        while True:
            if last is None:
                sql = f"SELECT {_DOC_COLUMNS} FROM documents {('WHERE ' + condition) if condition else ''} "
                args: list[Any] = list(params)
            else:
                sql = f"SELECT {_DOC_COLUMNS} FROM documents WHERE doc_id > ? {('AND ' + condition) if condition else ''} "
                args = [last, *params]
            rows = list(self._rows(sql + f"ORDER BY doc_id LIMIT {PAGE}", args))
            yield from (document_from_row(r) for r in rows)
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    def document(self, doc_id: str) -> Document | None:
        return next(self.documents([doc_id]), None)

    def analyzed(self, layers: Collection[str] | None = None,
                 doc_ids: Collection[str] | None = None) -> Iterator[AnalyzedDoc]:
        wanted = tuple(LAYER_TYPES) if layers is None else tuple(layers)
        unknown = [name for name in wanted if name not in LAYER_TYPES]
        if unknown:
            raise StoreError(f"unknown layer(s) {', '.join(unknown)}; known: {', '.join(LAYER_TYPES)}")
        page: list[Document] = []
        for doc in self.documents(doc_ids):
            page.append(doc)
            if len(page) == PAGE:
                yield from self._with_layers(page, wanted)
                page = []
        if page:
            yield from self._with_layers(page, wanted)

    def _with_layers(self, docs: list[Document], wanted: tuple[str, ...]) -> Iterator[AnalyzedDoc]:
        ids = [d.doc_id for d in docs]
        marks = _placeholders(len(ids))
        found: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
        texts = {d.doc_id: d.text for d in docs}
        packed = [name for name in wanted if name in PACKED]
        if packed:
            rows = self._rows(f"SELECT doc_id, layer, data FROM packed_layers WHERE layer IN ({_placeholders(len(packed))})"
                              f" AND doc_id IN ({marks})", [*packed, *ids])
            for doc_id, layer, data in rows:
                found[doc_id][layer] = unpack_layer(layer, data, texts[doc_id])
        for layer in (name for name in wanted if name in RELATIONAL):
            cls = RELATIONAL[layer]
            rows = self._rows(f"SELECT {select_columns(layer)} FROM {layer} WHERE doc_id IN ({marks}) "
                              "ORDER BY doc_id, id", ids)
            for row in rows:
                found[row[0]][layer].append(span_from_columns(cls, row[3:]))
        for doc in docs:
            analyzed = AnalyzedDoc(doc)
            layers = found.get(doc.doc_id, {})
            for name in LAYER_TYPES:  # the pipeline's layer order, whatever order they were asked in
                if name not in wanted:
                    continue
                if name in RECOMPUTED:
                    analyzed = analyzed.with_layer(name, segment(AnalyzedDoc(doc)).layer(name))
                else:
                    analyzed = analyzed.with_layer(name, layers.get(name, []))
            yield analyzed

    def corpus_inputs(self, layers: Collection[str],
                      doc_ids: Collection[str] | None = None) -> Iterator[tuple[AnalyzedDoc, int | None, bytes | None]]:
        """(document with ``layers``, its saved version, its packed features or None), in doc_id
        order, a page at a time: what the cross-outlet step reads, and nothing more."""
        source = self.documents(doc_ids)
        while True:
            page = [d for _, d in zip(range(PAGE), source, strict=False)]
            if not page:
                return
            ids = [d.doc_id for d in page]
            marks = _placeholders(len(ids))
            versions: dict[str, int | None] = {
                r[0]: r[1] for r in self._rows(f"SELECT doc_id, saved_version FROM documents WHERE doc_id IN ({marks})", ids)}
            packs = {r[0]: bytes(r[1]) for r in
                     self._rows(f"SELECT doc_id, data FROM doc_features WHERE doc_id IN ({marks})", ids)}
            for doc in self._with_layers(page, tuple(layers)):
                doc_id = doc.document.doc_id
                yield doc, versions.get(doc_id), packs.get(doc_id)

    def store_features(self, packs: Sequence[tuple[str, bytes]]) -> None:
        if not packs:
            return

        def work() -> None:
            self._executemany("INSERT INTO doc_features(doc_id, data) SELECT ?, ? WHERE EXISTS "
                              "(SELECT 1 FROM documents WHERE doc_id = ?) "
                              "ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data",
                              [(doc_id, data, doc_id) for doc_id, data in packs])

        self._transact((), work)

    def shingle_packs(self) -> Iterator[tuple[str, date | None, bytes | None]]:
        """(doc_id, published, packed features or None) of every document, streamed in doc_id order."""
        rows = self._rows("SELECT d.doc_id, d.published, f.data FROM documents d "
                          "LEFT JOIN doc_features f ON f.doc_id = d.doc_id ORDER BY d.doc_id", stream=True)
        return ((r[0], date.fromisoformat(r[1]) if r[1] else None, None if r[2] is None else bytes(r[2])) for r in rows)

    def stale_documents(self, fingerprint: str) -> Iterator[Document]:
        yield from self._document_pages("(fingerprint IS NULL OR fingerprint <> ?)", (fingerprint,))

    def count_stale(self, fingerprint: str) -> int:
        return int(self._one("SELECT COUNT(*) FROM documents WHERE fingerprint IS NULL OR fingerprint <> ?",
                             (fingerprint,)))

    def failures(self) -> list[StageFailure]:
        rows = self._rows("SELECT doc_id, stage, error, detail FROM failures ORDER BY id")
        return [StageFailure(r[0], r[1], r[2], r[3] or "") for r in rows]

    def counts(self) -> Counts:
        documents = int(self._one("SELECT COUNT(*) FROM documents"))
        spans = {layer: int(n) for layer, n in self._rows("SELECT layer, SUM(spans) FROM packed_layers GROUP BY layer")
                 if n}
        for layer in RELATIONAL:
            n = int(self._one(f"SELECT COUNT(*) FROM {layer}"))
            if n:
                spans[layer] = n
        failures = int(self._one("SELECT COUNT(*) FROM failures"))
        return Counts(documents, dict(sorted(spans.items())), failures)

    def outlets(self) -> dict[str | None, int]:
        rows = self._rows("SELECT outlet, COUNT(*) FROM documents GROUP BY outlet ORDER BY COUNT(*) DESC, outlet NULLS LAST")
        return {r[0]: int(r[1]) for r in rows}

    def measures(self) -> dict[str, int]:
        rows = self._rows("SELECT measure, COUNT(*) FROM claims GROUP BY measure ORDER BY COUNT(*) DESC, measure")
        return {r[0]: int(r[1]) for r in rows}

    # --- queries ---------------------------------------------------------------------
    def claims(self, where: ClaimFilter | None = None, page: Page | None = None) -> Iterator[Found[Claim]]:
        return self._query(where or ClaimFilter(), page or Page())  # type: ignore[return-value]

    def events(self, where: EventFilter | None = None, page: Page | None = None) -> Iterator[Found[Event]]:
        return self._query(where or EventFilter(), page or Page())  # type: ignore[return-value]

    def mentions(self, where: MentionFilter | None = None, page: Page | None = None) -> Iterator[Found[Mention]]:
        return self._query(where or MentionFilter(), page or Page())  # type: ignore[return-value]

    def _query(self, where: AnyFilter, page: Page) -> Iterator[Found[Span]]:
        table, clause, params = _where(where)
        order = _ORDER[table].get(page.sort)
        if order is None:
            raise StoreError(f"cannot sort {table} by {page.sort!r}; choose one of {', '.join(_ORDER[table])}")
        if (page.limit is not None and page.limit < 0) or page.offset < 0:
            raise StoreError("limit and offset cannot be negative")
        sql = f"SELECT {select_columns(table)} FROM {table}{clause} ORDER BY {order}"
        if page.limit is not None:
            sql += " LIMIT ?"
            params.append(page.limit)
        elif page.offset:
            sql += " " + self.NO_LIMIT
        if page.offset:
            sql += " OFFSET ?"
            params.append(page.offset)
        return self._found(RELATIONAL[table], self._rows(sql, params, stream=page.limit is None))

    @staticmethod
    def _found(cls: type[Span], rows: Iterable[Sequence[Any]]) -> Iterator[Found[Span]]:
        for row in rows:
            published = date.fromisoformat(row[2]) if row[2] else None
            yield Found(row[0], row[1], published, span_from_columns(cls, row[3:]))

    def count(self, where: AnyFilter) -> int:
        table, clause, params = _where(where)
        return int(self._one(f"SELECT COUNT(*) FROM {table} t{clause}", params))

    def tally(self, where: AnyFilter, fields: Sequence[str], limit: int | None = None) -> list[tuple[tuple[Any, ...], int]]:
        table, clause, params = _where(where)
        known = ROW_PREFIX + span_columns(table)
        unknown = [f for f in fields if f not in known]
        if unknown or not fields:
            raise StoreError(f"cannot tally {table} by {', '.join(unknown) or 'nothing'}; choose from {', '.join(known)}")
        if limit is not None and limit < 0:
            raise StoreError("limit cannot be negative")
        columns = column_list(tuple(fields))
        # grouped in the database: an outlet's sources or an entity's aliases cost one pass over
        # its rows (through the filter's index), not a row sent to Python each
        sql = (f"SELECT {columns}, COUNT(*) FROM {table}{clause} GROUP BY {columns} "
               f"ORDER BY COUNT(*) DESC, {', '.join(f'{quoted(f)} NULLS FIRST' for f in fields)}")
        sql += self._paged(params, limit, 0)
        cls = RELATIONAL[table]
        own = set(own_fields(cls))
        return [(tuple(from_column(cls, f, v) if f in own else v for f, v in zip(fields, r[:-1], strict=True)),
                 int(r[-1])) for r in self._rows(sql, params)]

    # --- documents without their text ----------------------------------------------------
    @staticmethod
    def _document_where(outlet: str | None, doc_ids: Collection[str] | None) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if outlet is not None:
            clauses.append("outlet = ?")
            params.append(outlet)
        if doc_ids is not None:
            wanted = sorted(set(doc_ids))
            clauses.append(f"doc_id IN ({_placeholders(len(wanted))})" if wanted else "1 = 0")
            params += wanted
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def document_summaries(self, outlet: str | None = None, doc_ids: Collection[str] | None = None,
                           limit: int | None = None, offset: int = 0) -> list[DocumentSummary]:
        if (limit is not None and limit < 0) or offset < 0:
            raise StoreError("limit and offset cannot be negative")
        if doc_ids is not None and len(set(doc_ids)) > IN_CHUNK:
            wanted = sorted(set(doc_ids))
            chunks = [self.document_summaries(outlet, wanted[i:i + IN_CHUNK]) for i in range(0, len(wanted), IN_CHUNK)]
            every = [d for chunk in chunks for d in chunk]
            return every[offset:] if limit is None else every[offset:offset + limit]
        clause, params = self._document_where(outlet, doc_ids)
        # length(text) counts characters on both backends (as Python's len): the text stays in the database
        sql = (f"SELECT doc_id, outlet, published, url, title, length(text), body_end, encoding FROM documents{clause} "
               "ORDER BY doc_id")
        sql += self._paged(params, limit, offset)
        return [DocumentSummary(r[0], r[1], date.fromisoformat(r[2]) if r[2] else None, r[3], r[4], int(r[5]), r[6],
                                r[7]) for r in self._rows(sql, params)]

    def count_documents(self, outlet: str | None = None) -> int:
        clause, params = self._document_where(outlet, None)
        return int(self._one(f"SELECT COUNT(*) FROM documents{clause}", params))

    # --- search ----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchResult:
        if limit < 0 or offset < 0:
            raise StoreError("limit and offset cannot be negative")
        wanted = query_form(query)
        if not wanted:
            return SearchResult(0, [])
        ranked = self._search_candidates(wanted)
        if ranked is None:
            # no index: every document read and searched in the search form, in doc_id order
            every = [h for h in (self._search_hit(d, wanted) for d in self.documents()) if h.matches]
            return SearchResult(len(every), every[offset:offset + limit])
        chosen = ranked[offset:offset + limit]
        docs = {d.doc_id: d for d in self.documents(chosen)}
        return SearchResult(len(ranked), [self._search_hit(docs[i], wanted) for i in chosen if i in docs])

    def _search_candidates(self, wanted: str) -> list[str] | None:
        """The doc_ids an index says hold ``wanted`` (in the search form), best first; None: no index."""
        return None

    @staticmethod
    def _search_hit(doc: Document, wanted: str) -> SearchHit:
        return SearchHit(doc.doc_id, doc.outlet, doc.published, doc.title, tuple(find_matches(doc.text, wanted)))

    # --- corrections -----------------------------------------------------------------------
    def add_correction(self, correction: Correction) -> Correction:
        created = datetime.now(UTC).replace(microsecond=0)

        def work() -> int:
            row = self._execute(
                "INSERT INTO corrections(target, key, action, changes, author, note, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (correction.target.value, correction.key, correction.action.value,
                 json.dumps(dict(correction.changes), ensure_ascii=False), correction.author, correction.note,
                 created.isoformat())).fetchone()
            return int(row[0])

        new_id = self._transact(("corrections",), work)
        return Correction(correction.target, correction.key, correction.action, correction.author,
                          dict(correction.changes), correction.note, created, new_id)

    def corrections(self) -> list[Correction]:
        rows = self._rows("SELECT id, target, key, action, changes, author, note, created_at FROM corrections "
                          "ORDER BY id")
        return [Correction(Target(r[1]), r[2], Action(r[3]), r[5], json.loads(r[4]), r[6],
                           datetime.fromisoformat(r[7]), int(r[0])) for r in rows]

    def delete_correction(self, correction_id: int) -> bool:
        def work() -> bool:
            return self._execute("DELETE FROM corrections WHERE id = ? RETURNING id", (correction_id,)
                                 ).fetchone() is not None

        return self._transact(("corrections",), work)

    # --- cross-outlet records ------------------------------------------------------------
    def corpus_state(self) -> CorpusState:
        row = self._execute("SELECT documents_version, records_version, records FROM corpus_state WHERE id = 1"
                            ).fetchone()
        if row is None:
            raise StoreError(f"{self.location} has no corpus_state row: the store is damaged; analyse into a new one")
        return CorpusState(int(row[0]), None if row[1] is None else int(row[1]), int(row[2]))

    def replace_corpus_records(self, records: Iterable[dict[str, Any]], based_on: int | None = None,
                               members: Iterable[tuple[str, int | None]] | None = None) -> int:
        covered = None if members is None else list(members)
        attempts = 0

        def work() -> int:
            nonlocal attempts
            attempts += 1
            source = iter(records)
            if source is records and attempts > 1:
                # a backend retries a transaction that conflicted; a stream already read cannot be
                raise StoreError(f"{self.location}: the cross-outlet records conflicted with another writer")
            documents_version, records_version, stored = self._execute(
                "SELECT documents_version, records_version, records FROM corpus_state WHERE id = 1").fetchone()
            version = documents_version if based_on is None else based_on
            if records_version is not None and records_version > version:
                return int(stored)  # another writer stored records of newer documents meanwhile: keep them
            # the ids are given, not drawn, so that each record's table rows can name it (an
            # executemany returns no ids); they go on from the last ones, never reused
            first = int(self._one("SELECT COALESCE(MAX(id), 0) + 1 FROM corpus_records"))
            self._clear_record_tables()
            self._execute("DELETE FROM corpus_records")
            # a batch at a time, as they come: the 200,000 records of a whole corpus, their JSON
            # and their table rows are never all held at once
            at = 0
            while batch := list(islice(source, RECORD_BATCH)):
                self._executemany("INSERT INTO corpus_records(id, kind, data) VALUES (?, ?, ?)",
                                  [(first + at + k, r.get("type", "record"), json.dumps(r, ensure_ascii=False))
                                   for k, r in enumerate(batch)])
                self._write_record_tables(((first + at + k, r) for k, r in enumerate(batch)), counts=False)
                at += len(batch)
            self._ids_given("corpus_records")
            self._execute(STORY_COUNTS)
            self._execute("DELETE FROM corpus_members")
            if covered is not None:
                self._executemany("INSERT INTO corpus_members(doc_id, saved_version) VALUES (?, ?)", covered)
            self._execute("UPDATE corpus_state SET records_version = ?, records = ? WHERE id = 1",
                          (version, at))
            return at

        return self._transact(("corpus",), work)

    def _ids_given(self, table: str) -> None:
        """After rows were inserted with ids of our own (a backend whose ids come from a
        sequence moves it past them)."""

    def _clear_record_tables(self) -> None:
        for table in TABLES:
            self._execute(f"DELETE FROM {table}")

    def _write_record_tables(self, records: Iterable[tuple[int, dict[str, Any]]],
                             tables: Collection[str] | None = None, counts: bool = True) -> None:
        """The table rows of records (id, record) just inserted into corpus_records (those of
        ``tables`` only, when given), written a batch at a time, then the stories' counts
        (unless ``counts`` is false: the caller sets them once after its last batch)."""
        rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        held = 0
        for record_id, record in records:
            for table, row in table_rows(record_id, record):
                if tables is None or table in tables:
                    rows[table].append(row)
                    held += 1
            if held >= RECORD_BATCH * 10:
                for table, batch in rows.items():
                    self._executemany(record_insert_sql(table), batch)
                rows.clear()
                held = 0
        for table, batch in rows.items():
            self._executemany(record_insert_sql(table), batch)
        if counts and (tables is None or "stories" in tables):
            self._execute(STORY_COUNTS)

    def _fill_record_tables(self, migration: str | None = None) -> None:
        """The Python step of a migration that creates record tables (``FILLED_BY``): the rows
        of the records stored before it, in its tables only (in the migration's transaction).
        Without a migration, every record table is rebuilt from the records."""
        tables: Collection[str] | None = (
            tuple(TABLES) if migration is None
            else next((t for suffix, t in FILLED_BY.items() if migration.endswith(suffix)), None))
        if tables is None:
            return
        for table in tables:
            self._execute(f"DELETE FROM {table}")
        kinds = [kind for kind, (table, _) in RECORD_TABLE.items() if table in tables]
        stored = self._rows(f"SELECT id, data FROM corpus_records WHERE kind IN ({_placeholders(len(kinds))}) "
                            "ORDER BY id", kinds, stream=True)
        self._write_record_tables(((int(r[0]), json.loads(r[1])) for r in stored), tables)

    def _drop_record_rows(self, ids: Sequence[int]) -> None:
        """The table rows of the records ``ids``, before the records themselves are deleted."""
        marks = _placeholders(len(ids))
        stories = [r[0] for r in self._rows(f"SELECT story_id FROM stories WHERE record_id IN ({marks})", list(ids))]
        incidents = [r[0] for r in self._rows(f"SELECT incident_id FROM incidents WHERE record_id IN ({marks})",
                                              list(ids))]
        if stories:
            self._execute(f"DELETE FROM story_documents WHERE story_id IN ({_placeholders(len(stories))})", stories)
        if incidents:
            self._execute(f"DELETE FROM incident_events WHERE incident_id IN ({_placeholders(len(incidents))})",
                          incidents)
        self._execute(f"DELETE FROM finding_claims WHERE finding_id IN ({marks})", list(ids))
        self._execute(f"DELETE FROM reuse_documents WHERE record_id IN ({marks})", list(ids))
        for table, column in RECORD_TABLE.values():
            self._execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", list(ids))

    def update_corpus_records(self, removed: Collection[int], added: Iterable[dict[str, Any]], based_on: int,
                              members: Iterable[tuple[str, int | None]], expected: int) -> int | None:
        added = list(added)
        rows = [(r.get("type", "record"), json.dumps(r, ensure_ascii=False)) for r in added]
        covered = list(members)
        gone = sorted(removed)

        def work() -> int | None:
            records_version = self._one("SELECT records_version FROM corpus_state WHERE id = 1")
            if records_version is None or int(records_version) != expected:
                return None  # the records changed since they were read: the caller rebuilds them
            for i in range(0, len(gone), PAGE):
                chunk = gone[i:i + PAGE]
                self._drop_record_rows(chunk)
                self._execute(f"DELETE FROM corpus_records WHERE id IN ({_placeholders(len(chunk))})", chunk)
            first = int(self._one("SELECT COALESCE(MAX(id), 0) + 1 FROM corpus_records"))
            self._executemany("INSERT INTO corpus_records(id, kind, data) VALUES (?, ?, ?)",
                              [(first + k, kind, data) for k, (kind, data) in enumerate(rows)])
            self._ids_given("corpus_records")
            self._write_record_tables((first + k, r) for k, r in enumerate(added))
            self._executemany("INSERT INTO corpus_members(doc_id, saved_version) VALUES (?, ?) "
                              "ON CONFLICT (doc_id) DO UPDATE SET saved_version = excluded.saved_version", covered)
            total = int(self._one("SELECT COUNT(*) FROM corpus_records"))
            self._execute("UPDATE corpus_state SET records_version = ?, records = ? WHERE id = 1", (based_on, total))
            return total

        return self._transact(("corpus",), work)

    def corpus_changes(self) -> CorpusChanges:
        state = self.corpus_state()
        changed = int(self._one(
            "SELECT COUNT(*) FROM corpus_members m LEFT JOIN documents d ON d.doc_id = m.doc_id "
            "WHERE d.doc_id IS NULL OR d.saved_version IS DISTINCT FROM m.saved_version"))
        members = int(self._one("SELECT COUNT(*) FROM corpus_members"))
        added = [r[0] for r in self._rows("SELECT d.doc_id FROM documents d LEFT JOIN corpus_members m "
                                          "ON m.doc_id = d.doc_id WHERE m.doc_id IS NULL ORDER BY d.doc_id")]
        return CorpusChanges(state, members, changed, added)

    def corpus_record_rows(self, kinds: Collection[str]) -> Iterator[tuple[int, dict[str, Any]]]:
        rows = self._rows(f"SELECT id, data FROM corpus_records WHERE kind IN ({_placeholders(len(kinds))}) ORDER BY id",
                          list(kinds), stream=True)
        return ((int(r[0]), json.loads(r[1])) for r in rows)

    def stream_corpus_records(self, kind: str | None = None) -> Iterator[dict[str, Any]]:
        sql, params = "SELECT data FROM corpus_records", []
        if kind is not None:
            sql += " WHERE kind = ?"
            params.append(kind)
        return (json.loads(r[0]) for r in self._rows(sql + " ORDER BY id", params, stream=True))

    def corpus_records(self, kind: str | None = None, limit: int | None = None,
                       offset: int = 0) -> list[dict[str, Any]]:
        sql = "SELECT data FROM corpus_records"
        params: list[Any] = []
        if kind is not None:
            sql += " WHERE kind = ?"
            params.append(kind)
        sql += " ORDER BY id"
        sql += self._paged(params, limit, offset)
        return [json.loads(r[0]) for r in self._rows(sql, params)]

    def _paged(self, params: list[Any], limit: int | None, offset: int) -> str:
        """The LIMIT/OFFSET clause of a page (an offset alone needs the backend's "no limit"),
        its values appended to ``params``."""
        clause = ""
        if limit is not None:
            clause += " LIMIT ?"
            params.append(limit)
        elif offset:
            clause += " " + self.NO_LIMIT
        if offset:
            clause += " OFFSET ?"
            params.append(offset)
        return clause

    # --- cross-outlet records through their tables ----------------------------------------
    def _records_with_ids(self, ids: Collection[int]) -> list[dict[str, Any]]:
        """The records of these corpus_records ids, in id order."""
        return [r for _, r in self._record_rows_with_ids(ids)]

    def _record_rows_with_ids(self, ids: Collection[int]) -> list[tuple[int, dict[str, Any]]]:
        """(id, record) of these corpus_records ids, in id order."""
        ordered = sorted(set(ids))
        out: list[tuple[int, dict[str, Any]]] = []
        for i in range(0, len(ordered), IN_CHUNK):
            chunk = ordered[i:i + IN_CHUNK]
            rows = self._rows(f"SELECT id, data FROM corpus_records WHERE id IN ({_placeholders(len(chunk))}) "
                              "ORDER BY id", chunk)
            out += [(int(r[0]), json.loads(r[1])) for r in rows]
        return out

    def related_records(self, kind: str, story_ids: Collection[str] = (), incident_ids: Collection[str] = (),
                        doc_ids: Collection[str] = (), keys: Collection[str] = ()) -> list[dict[str, Any]]:
        return self._records_with_ids(self._related_ids(kind, story_ids, incident_ids, doc_ids, keys))

    def related_record_rows(self, kind: str, story_ids: Collection[str] = (), incident_ids: Collection[str] = (),
                            doc_ids: Collection[str] = (), entity_ids: Collection[str] = ()
                            ) -> list[tuple[int, dict[str, Any]]]:
        return self._record_rows_with_ids(self._related_ids(kind, story_ids, incident_ids, doc_ids, (), entity_ids))

    def _related_ids(self, kind: str, story_ids: Collection[str], incident_ids: Collection[str],
                     doc_ids: Collection[str], keys: Collection[str], entity_ids: Collection[str] = ()) -> list[int]:
        """The record ids of ``related_records`` (and of framing records by ``entity_ids``)."""
        if kind not in RECORD_TABLE:
            raise StoreError(f"no table for {kind!r} records; choose one of {', '.join(RECORD_TABLE)}")
        table, id_column = RECORD_TABLE[kind]
        columns = TABLES[table]
        wanted = [("story_id", sorted(set(story_ids))), ("incident_id", sorted(set(incident_ids))),
                  ("doc_id", sorted(set(doc_ids))), ("key", sorted(set(keys))), ("entity_id", sorted(set(entity_ids)))]
        found: dict[int, None] = {}
        for column, values in wanted:
            if not values:
                continue
            for i in range(0, len(values), IN_CHUNK):
                chunk = values[i:i + IN_CHUNK]
                marks = _placeholders(len(chunk))
                if column in columns:
                    sql = f"SELECT {id_column} FROM {table} WHERE {column} IN ({marks})"
                elif kind == "story" and column == "doc_id":
                    sql = ("SELECT s.record_id FROM stories s JOIN story_documents d ON d.story_id = s.story_id "
                           f"WHERE d.doc_id IN ({marks})")
                elif kind == "incident" and column == "doc_id":
                    sql = ("SELECT DISTINCT i.record_id FROM incidents i JOIN incident_events e "
                           f"ON e.incident_id = i.incident_id WHERE e.doc_id IN ({marks})")
                elif kind == "reuse" and column == "doc_id":
                    sql = f"SELECT record_id FROM reuse_documents WHERE doc_id IN ({marks})"
                elif kind == "story" and column == "incident_id":
                    sql = ("SELECT s.record_id FROM stories s JOIN incidents i ON i.story_id = s.story_id "
                           f"WHERE i.incident_id IN ({marks})")
                else:
                    raise StoreError(f"{kind} records are not looked up by {column}")
                found.update(dict.fromkeys(int(r[0]) for r in self._rows(sql, chunk)))
        return list(found)

    def group_members(self, doc_ids: Collection[str]) -> list[tuple[str, str, str]]:
        wanted = sorted(set(doc_ids))
        out: list[tuple[str, str, str]] = []
        for i in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[i:i + IN_CHUNK]
            marks = _placeholders(len(chunk))
            out += [("story", r[0], r[1]) for r in self._rows(
                "SELECT story_id, doc_id FROM story_documents WHERE story_id IN "
                f"(SELECT story_id FROM story_documents WHERE doc_id IN ({marks}))", chunk)]
            out += [("incident", r[0], r[1]) for r in self._rows(
                "SELECT DISTINCT incident_id, doc_id FROM incident_events WHERE incident_id IN "
                f"(SELECT incident_id FROM incident_events WHERE doc_id IN ({marks}))", chunk)]
        return out

    def group_ids(self) -> tuple[list[str], list[str]]:
        return ([r[0] for r in self._rows("SELECT story_id FROM stories")],
                [r[0] for r in self._rows("SELECT incident_id FROM incidents")])

    def _record_where(self, kind: str, where: Mapping[str, Collection[Any]]) -> tuple[str, str, list[Any]]:
        """(table, WHERE clause, parameters) of a ``records_where`` filter."""
        if kind not in RECORD_TABLE:
            raise StoreError(f"no table for {kind!r} records; choose one of {', '.join(RECORD_TABLE)}")
        table, _ = RECORD_TABLE[kind]
        clauses, params = [], []
        for column, values in where.items():
            if column not in TABLES[table]:
                raise StoreError(f"{kind} records have no column {column!r}")
            chosen = list(values)
            clauses.append(f"t.{quoted(column)} IN ({_placeholders(len(chosen))})" if chosen else "1 = 0")
            params += chosen
        return table, (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def count_records(self, kind: str, where: Mapping[str, Collection[Any]] | None = None) -> int:
        if where is None:
            return int(self._one("SELECT COUNT(*) FROM corpus_records WHERE kind = ?", (kind,)))
        table, clause, params = self._record_where(kind, where)
        return int(self._one(f"SELECT COUNT(*) FROM {table} t{clause}", params))

    def tally_records(self, kind: str, column: str, where: Mapping[str, Collection[Any]] | None = None) -> dict[Any, int]:
        table, clause, params = self._record_where(kind, where or {})
        if column not in TABLES[table]:
            raise StoreError(f"{kind} records have no column {column!r} to tally")
        name = f"t.{quoted(column)}"
        rows = self._rows(f"SELECT {name}, COUNT(*) FROM {table} t{clause} GROUP BY {name} "
                          f"ORDER BY COUNT(*) DESC, {name}", params)
        return {r[0]: int(r[1]) for r in rows}

    def records_where(self, kind: str, where: Mapping[str, Collection[Any]],
                      limit: int | None = None, offset: int = 0, order: str | None = None) -> list[dict[str, Any]]:
        if (limit is not None and limit < 0) or offset < 0:
            raise StoreError("limit and offset cannot be negative")
        table, clause, params = self._record_where(kind, where)
        id_column = RECORD_TABLE[kind][1]
        sort = f"t.{id_column}"
        if order is not None:
            column = order.removeprefix("-")
            if column not in TABLES[table]:
                raise StoreError(f"{kind} records have no column {column!r} to order by")
            sort = f"t.{quoted(column)}{' DESC' if order.startswith('-') else ''} NULLS LAST, {sort}"
        # driven by the table: its rows in order, each record read by its id, until the page is full
        sql = f"SELECT r.data FROM {table} t JOIN corpus_records r ON r.id = t.{id_column}{clause} ORDER BY {sort}"
        sql += self._paged(params, limit, offset)
        return [json.loads(r[0]) for r in self._rows(sql, params)]

    def stories_by_size(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        if (limit is not None and limit < 0) or offset < 0:
            raise StoreError("limit and offset cannot be negative")
        sql = ("SELECT r.data, s.claims, s.findings, s.contradictions FROM stories s "
               "JOIN corpus_records r ON r.id = s.record_id "
               "ORDER BY s.documents DESC, s.claims DESC, s.last_date DESC NULLS LAST, s.record_id")
        params: list[Any] = []
        sql += self._paged(params, limit, offset)
        return [{**json.loads(r[0]), "claims": int(r[1]), "findings": int(r[2]), "contradictions": int(r[3])}
                for r in self._rows(sql, params)]

    def claim_placements(self, doc_ids: Collection[str]) -> dict[tuple[str, int, int, str], dict[str, Any]]:
        wanted = sorted(set(doc_ids))
        out: dict[tuple[str, int, int, str], dict[str, Any]] = {}
        for i in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[i:i + IN_CHUNK]
            rows = self._rows('SELECT doc_id, start, "end", measure, incident_id, story_id, source '
                              f"FROM claim_placements WHERE doc_id IN ({_placeholders(len(chunk))}) ORDER BY record_id",
                              chunk)
            for r in rows:
                out[(r[0], int(r[1]), int(r[2]), r[3])] = {"incident_id": r[4], "story_id": r[5], "source": r[6]}
        return out

    def event_incidents(self, doc_ids: Collection[str]) -> dict[tuple[str, int], str]:
        wanted = sorted(set(doc_ids))
        out: dict[tuple[str, int], str] = {}
        for i in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[i:i + IN_CHUNK]
            rows = self._rows("SELECT doc_id, start, incident_id FROM incident_events "
                              f"WHERE doc_id IN ({_placeholders(len(chunk))})", chunk)
            out.update({(r[0], int(r[1])): r[2] for r in rows})
        return out

    def outlet_reuse(self, outlet: str, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        if (limit is not None and limit < 0) or offset < 0:
            raise StoreError("limit and offset cannot be negative")
        # the outlet's documents (documents_outlet index), their pairs (reuse_documents_doc), a page of those
        params: list[Any] = [outlet]
        sql = ("SELECT r.data FROM reuse_pairs p JOIN corpus_records r ON r.id = p.record_id WHERE p.record_id IN "
               f"({_OUTLET_REUSE}) ORDER BY p.similarity DESC NULLS LAST, p.record_id")
        sql += self._paged(params, limit, offset)
        return [json.loads(r[0]) for r in self._rows(sql, params)]

    def count_outlet_reuse(self, outlet: str) -> int:
        return int(self._one(f"SELECT COUNT(*) FROM ({_OUTLET_REUSE}) o", (outlet,)))
