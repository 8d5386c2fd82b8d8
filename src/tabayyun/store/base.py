"""The storage interface: the ``Store`` protocol, its result types and the query filters.

The CLI, the runner, the exports and the web app call these methods and never write SQL;
``SQLiteStore`` and ``PostgresStore`` implement them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from tabayyun.corrections import Correction
from tabayyun.model import (
    AnalyzedDoc,
    Claim,
    ClaimRole,
    Document,
    EntityLabel,
    Event,
    Mention,
    SourceKind,
    Span,
)
from tabayyun.pipeline import Outcome, StageFailure

S = TypeVar("S", bound=Span)


class StoreError(RuntimeError):
    """The database cannot be used as asked."""


class SaveResult(StrEnum):
    ADDED = "added"
    UNCHANGED = "unchanged"  # the same text was stored before (under any doc_id), with the same metadata
    # the doc_id existed with another text, or the same text arrived with other metadata
    # (outlet, published, url, title): the new version replaces it and is analysed again
    UPDATED = "updated"
    REANALYZED = "reanalyzed"  # same document, analysed again by another pipeline (``refresh``)


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    spans: dict[str, int]
    failures: int


@dataclass(frozen=True, slots=True)
class CorpusState:
    """Whether the cross-outlet records are those of the documents stored now.

    ``documents_version`` grows with every document write; the records remember the version
    they were computed from (None: never computed, or the computation was interrupted).
    """

    documents_version: int
    records_version: int | None
    records: int

    @property
    def stale(self) -> bool:
        return self.records_version is None or self.records_version < self.documents_version


@dataclass(frozen=True, slots=True)
class CorpusChanges:
    """What changed since the cross-outlet records were computed: ``members`` documents they
    cover, ``changed`` of them since replaced or gone, and the documents ``added`` since."""

    state: CorpusState
    members: int
    changed: int
    added: list[str]

    @property
    def only_added(self) -> bool:
        """Whether the records are complete and cover every stored document but ``added``:
        new documents can be attached to them instead of recomputing everything."""
        return self.state.records_version is not None and self.members > 0 and self.changed == 0


@dataclass(frozen=True, slots=True)
class Found(Generic[S]):
    """A span found by a query, with the document facts a table row needs."""

    doc_id: str
    outlet: str | None
    published: date | None
    span: S


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    outlet: str | None = None
    measure: str | None = None
    role: ClaimRole | None = None  # whole counts only: ClaimRole.TOTAL (or GROUP)
    claimant_kind: SourceKind | None = None
    claimant: str | None = None
    claimant_id: str | None = None  # one source across articles, however each writes its name
    hedged: bool | None = None
    date_from: date | None = None  # the claim's own date (of what is counted), inclusive
    date_to: date | None = None
    doc_id: str | None = None
    # placed in one of these stories (the claim_placements of the cross-outlet records)
    story_ids: tuple[str, ...] | None = None
    # placed in a story and of one of these documents: the claims of a story the analysts
    # regrouped (merged or split), which is its documents whatever story the machine placed them in
    placed_doc_ids: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class EventFilter:
    outlet: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    location_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    doc_id: str | None = None
    geocoded: bool | None = None  # only events with (or without) coordinates


@dataclass(frozen=True, slots=True)
class MentionFilter:
    outlet: str | None = None
    entity_id: str | None = None
    label: EntityLabel | None = None
    origin: str | None = None
    doc_id: str | None = None
    geocoded: bool | None = None


AnyFilter = ClaimFilter | EventFilter | MentionFilter

# the sort keys each query accepts ("-" first = descending); anything else is refused
SORTS: Mapping[str, tuple[str, ...]] = {
    "claims": ("doc", "date", "-date", "as_of", "-as_of", "outlet", "measure", "measure_date", "low", "-low", "high",
               "-high"),
    # no fatalities sort: an event's toll is worked out from its article's claims (report.exports)
    "events": ("doc", "date", "-date", "outlet", "event_type"),
    "mentions": ("doc", "outlet", "entity_id", "label"),
}


@dataclass(frozen=True, slots=True)
class Page:
    sort: str = "doc"
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document without its text: what a listing shows (``chars``: the length of its text)."""

    doc_id: str
    outlet: str | None
    published: date | None
    url: str | None
    title: str | None
    chars: int
    body_end: int | None
    encoding: str | None


@dataclass(frozen=True, slots=True)
class FingerprintInfo:
    """What a pipeline fingerprint stands for, kept beside the digest the documents carry."""

    digest: str
    description: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A document that holds the query, with where: (start, end) of its original text."""

    doc_id: str
    outlet: str | None
    published: date | None
    title: str | None
    matches: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int  # documents that hold the query
    hits: list[SearchHit]


class Store(Protocol):
    """Everything the rest of tabayyun may ask of a database."""

    @property
    def location(self) -> str:
        """Where the store is, for messages (a file path, or a URL without its password)."""
        ...

    @property
    def target(self) -> str | None:
        """What ``open_store`` opens this store again with, from another process (a file path, or
        the URL with its password); None when it cannot be opened again (a SQLite database in memory)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    def migrate(self) -> list[str]:
        """Apply the named migrations not yet applied (under a lock); return their names."""
        ...

    def columns(self, table: str) -> list[str]:
        """The columns of a table, in order."""
        ...

    # --- writing -------------------------------------------------------------------
    def refusal(self, document: Document) -> str | None:
        """Why this backend cannot store a document as it is (None: it can), asked before analysing it."""
        ...

    def status_of(self, document: Document) -> SaveResult:
        """What saving this document would do, without analysing it first."""
        ...

    def save(self, outcome: Outcome, fingerprint: str | None = None) -> SaveResult:
        """Store one analysed document with all its layers and failures, atomically."""
        ...

    def save_many(self, outcomes: Sequence[Outcome], fingerprint: str | None = None) -> list[SaveResult]:
        """Store a batch in one transaction; each document is decided as ``save`` would."""
        ...

    def record_fingerprint(self, info: FingerprintInfo) -> None: ...

    def fingerprints(self) -> dict[str, dict[str, Any]]: ...

    # --- reading documents ---------------------------------------------------------
    def documents(self, doc_ids: Collection[str] | None = None) -> Iterator[Document]: ...

    def document(self, doc_id: str) -> Document | None: ...

    def analyzed(self, layers: Collection[str] | None = None,
                 doc_ids: Collection[str] | None = None) -> Iterator[AnalyzedDoc]:
        """Stored documents with the layers asked for (all by default), streamed in doc_id order.
        ``tokens`` are not stored: the segment stage recomputes them when asked for."""
        ...

    def stale_documents(self, fingerprint: str) -> Iterator[Document]:
        """Documents analysed by another pipeline than ``fingerprint`` (or by an unknown one)."""
        ...

    def count_stale(self, fingerprint: str) -> int: ...

    def failures(self) -> list[StageFailure]: ...

    def counts(self) -> Counts: ...

    def outlets(self) -> dict[str | None, int]:
        """Documents per outlet (None: outlet unknown)."""
        ...

    def measures(self) -> dict[str, int]:
        """Claims per measure, most claimed first."""
        ...

    # --- queries -------------------------------------------------------------------
    def claims(self, where: ClaimFilter | None = None, page: Page | None = None) -> Iterator[Found[Claim]]: ...

    def events(self, where: EventFilter | None = None, page: Page | None = None) -> Iterator[Found[Event]]: ...

    def mentions(self, where: MentionFilter | None = None, page: Page | None = None) -> Iterator[Found[Mention]]: ...

    def tally(self, where: AnyFilter, fields: Sequence[str], limit: int | None = None) -> list[tuple[tuple[Any, ...], int]]:
        """How many spans matching ``where`` share each combination of ``fields`` (columns of
        the layer: outlet, text and the span's own fields, as the span's types), the most common
        first (then by the values); the ``limit`` most common when given."""
        ...

    def document_summaries(self, outlet: str | None = None, doc_ids: Collection[str] | None = None,
                           limit: int | None = None, offset: int = 0) -> list[DocumentSummary]:
        """Documents without their text, in doc_id order: of one outlet and/or of ``doc_ids``, paged."""
        ...

    def count_documents(self, outlet: str | None = None) -> int:
        """How many documents (of one outlet)."""
        ...

    def outlet_reuse(self, outlet: str, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """The text-reuse records pairing a document of ``outlet`` with another, the most similar first."""
        ...

    def count_outlet_reuse(self, outlet: str) -> int: ...

    def count(self, where: AnyFilter) -> int:
        """How many rows a claims, events or mentions query matches (for pagination)."""
        ...

    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchResult:
        """Documents whose text holds ``query`` in the normalised search form (any spelling of
        hamza, alef maqsura, ta marbuta; diacritics and tatweel ignored), best first, each with
        its matches in original offsets. SQLite answers from a trigram index; PostgreSQL scans
        the documents (correct, slower on a large corpus)."""
        ...

    # --- analysts' corrections (kept apart from machine output, across re-analysis) --------
    def add_correction(self, correction: Correction) -> Correction:
        """Store a correction; return it with its id and time."""
        ...

    def corrections(self) -> list[Correction]:
        """Every correction, oldest first."""
        ...

    def delete_correction(self, correction_id: int) -> bool:
        """Withdraw a correction; False when there was none with that id."""
        ...

    # --- cross-outlet records ------------------------------------------------------
    def corpus_state(self) -> CorpusState: ...

    def replace_corpus_records(self, records: Iterable[dict[str, Any]], based_on: int | None = None,
                               members: Iterable[tuple[str, int | None]] | None = None) -> int:
        """Replace every cross-outlet record in one transaction and mark them as computed from
        documents version ``based_on`` (read before the documents were) over ``members``
        (doc_id, saved version); return how many."""
        ...

    def update_corpus_records(self, removed: Collection[int], added: Iterable[dict[str, Any]], based_on: int,
                              members: Iterable[tuple[str, int | None]], expected: int) -> int | None:
        """In one transaction: delete the records of ids ``removed``, add ``added``, add
        ``members`` to those covered, mark the records as of ``based_on``; only if the records
        are still those of version ``expected`` (else None: nothing written). Return how many now."""
        ...

    def corpus_changes(self) -> CorpusChanges:
        """The documents stored since the records were computed, and whether any they cover changed."""
        ...

    def corpus_record_rows(self, kinds: Collection[str]) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row id, record) of the records of ``kinds``, streamed."""
        ...

    def corpus_inputs(self, layers: Collection[str],
                      doc_ids: Collection[str] | None = None) -> Iterator[tuple[AnalyzedDoc, int | None, bytes | None]]:
        """(document with ``layers``, the version that stored it, its packed cross-outlet
        features or None), streamed in doc_id order."""
        ...

    def store_features(self, packs: Sequence[tuple[str, bytes]]) -> None:
        """Store (doc_id, packed cross-outlet features) of documents stored without them."""
        ...

    def shingle_packs(self) -> Iterator[tuple[str, date | None, bytes | None]]:
        """(doc_id, published, packed cross-outlet features or None) of every document, streamed
        in doc_id order."""
        ...

    def corpus_records(self, kind: str | None = None, limit: int | None = None,
                       offset: int = 0) -> list[dict[str, Any]]: ...

    def stream_corpus_records(self, kind: str | None = None) -> Iterator[dict[str, Any]]:
        """The records one at a time, for exports of a large corpus."""
        ...

    # --- cross-outlet records through their tables (store.records): a page's worth, not the store's
    def related_records(self, kind: str, story_ids: Collection[str] = (), incident_ids: Collection[str] = (),
                        doc_ids: Collection[str] = (), keys: Collection[str] = ()) -> list[dict[str, Any]]:
        """The records of ``kind`` (story, incident, finding, estimate, timeline, placement) that
        belong to one of ``story_ids`` or ``incident_ids``, or name one of ``doc_ids`` (a story:
        holds the document; an incident: merges an event of it; a placement: places a claim of it), or (findings) have one of these
        correction ``keys``; in record order."""
        ...

    def related_record_rows(self, kind: str, story_ids: Collection[str] = (), incident_ids: Collection[str] = (),
                            doc_ids: Collection[str] = (), entity_ids: Collection[str] = ()
                            ) -> list[tuple[int, dict[str, Any]]]:
        """(row id, record) of the records of ``kind`` that ``related_records`` finds by
        ``story_ids``, ``incident_ids`` or ``doc_ids`` (also reuse pairs: those of a document),
        or that name one of ``entity_ids`` (framing and framing profiles); in record order. An
        incremental run reads the part of the records it replaces, not every record."""
        ...

    def group_members(self, doc_ids: Collection[str]) -> list[tuple[str, str, str]]:
        """(``story`` or ``incident``, its id, doc_id) of every document of the stored stories
        and incidents that hold one of ``doc_ids``."""
        ...

    def group_ids(self) -> tuple[list[str], list[str]]:
        """The ids of the stored stories and of the stored incidents."""
        ...

    def count_records(self, kind: str, where: Mapping[str, Collection[Any]] | None = None) -> int:
        """How many records of a kind are stored (that match ``where``, as ``records_where``)."""
        ...

    def tally_records(self, kind: str, column: str, where: Mapping[str, Collection[Any]] | None = None) -> dict[Any, int]:
        """How many records of a kind (that match ``where``, as ``records_where``) hold each value
        of their table's ``column`` (a story's findings per kind), the most common first."""
        ...

    def records_where(self, kind: str, where: Mapping[str, Collection[Any]],
                      limit: int | None = None, offset: int = 0, order: str | None = None) -> list[dict[str, Any]]:
        """A page of the records of ``kind`` whose table row (store.records) holds, in each
        column ``where`` names, one of its values; in record order, or by the table's column
        ``order`` (``-column``: descending), then in record order."""
        ...

    def stories_by_size(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Story records, the largest first (most documents, then most claims, then the latest
        last day), each with ``claims``, ``findings`` and ``contradictions``: its counts."""
        ...

    def claim_placements(self, doc_ids: Collection[str]) -> dict[tuple[str, int, int, str], dict[str, Any]]:
        """Where the claims of these documents belong across outlets: (doc_id, start, end,
        measure) to ``incident_id``, ``story_id`` and ``source``."""
        ...

    def event_incidents(self, doc_ids: Collection[str]) -> dict[tuple[str, int], str]:
        """The incident of each event of these documents: (doc_id, start) to incident_id."""
        ...
