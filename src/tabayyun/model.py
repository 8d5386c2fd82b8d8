"""The data model: an immutable document and typed spans over its original text.

Every annotation layer is a tuple of frozen spans whose ``start``/``end`` index the
document's original text and whose ``text`` is exactly ``document.text[start:end]``.
Normalised forms live in fields (``norm``, ``value``), never in a rewritten text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from operator import attrgetter
from types import MappingProxyType
from typing import Any, TypeVar


class EntityLabel(StrEnum):
    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"
    FAC = "FAC"
    MISC = "MISC"


class Precision(StrEnum):
    """How precisely a date or a place is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class SourceKind(StrEnum):
    """Who speaks: the scorer's closed vocabulary for claimants and cited sources."""

    OUTLET = "outlet"
    OFFICIAL = "official"
    ORGANIZATION = "organization"
    PERSON = "person"
    ANONYMOUS = "anonymous"
    AGENCY = "agency"


class ClaimRole(StrEnum):
    """Whether a figure is a whole count or a share of one: only like compares with like.

    ``total``: the whole count as its source gives it (no group named, a total cue, or the sum
    of the groups the article lists); ``group``: the whole count for one named group (12 security
    men, the article's only figure for them); ``part``: a share of a larger count the article
    gives or implies (بينهم 4 أطفال, the 25 of the dead buried at one funeral, the wounded still
    in hospital, one town's share of a round-up); ``mixed``: several measures at once (250 بين
    قتيل وجريح); ``others``: a count beside named people (فلان و21 آخرين); ``sum``: the count over
    several incidents or a period (في سلسلة تفجيرات، منذ بدء المواجهات), compared only with a sum."""

    TOTAL = "total"
    GROUP = "group"
    PART = "part"
    MIXED = "mixed"
    OTHERS = "others"
    SUM = "sum"


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from its file. ``text`` never changes after ingest."""

    doc_id: str
    text: str
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    title: str | None = None
    source_path: str | None = None
    encoding: str | None = None
    # offset where boilerplate (related-link blocks, comment prompts) starts; extraction stops there
    body_end: int | None = None
    # ranges extraction skips inside the body (a headline teaser repeated word for word)
    skipped: tuple[tuple[int, int], ...] = ()

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def extraction_end(self) -> int:
        return len(self.text) if self.body_end is None else self.body_end


@dataclass(frozen=True, slots=True)
class Span:
    """Base of every layer: a half-open character range and its surface form."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    pass


@dataclass(frozen=True, slots=True)
class Token(Span):
    norm: str = ""
    # offset inside ``text`` where the stem starts once leading clitics (و ف ب ل ك ال لل) are set aside
    stem_offset: int = 0

    @property
    def stem(self) -> str:
        return self.text[self.stem_offset:]


@dataclass(frozen=True, slots=True)
class Quantity(Span):
    """A count or amount. ``low``/``high`` form the asserted interval (None = unbounded)."""

    low: float | None = None
    high: float | None = None
    approximate: bool = False
    kind: str = "count"  # count | money | percent | duration | ordinal
    vague: bool = False
    # the counted noun right after the number when it is part of the expression (سيارتين, 6 مواطنين)
    noun: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpr(Span):
    """A date resolved against the publication date, or a duration."""

    value: date | None = None
    precision: Precision = Precision.DAY
    kind: str = "date"  # date | duration | week (a week, not known to the day) | run (first day of "the Nth day running")
    days: float | None = None  # for durations


@dataclass(frozen=True, slots=True)
class Mention(Span):
    label: EntityLabel = EntityLabel.MISC
    entity_id: str | None = None
    canonical: str | None = None
    name_en: str | None = None
    actor_type: str | None = None
    role: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    pcode: str | None = None
    origin: str = "kb"  # kb | ner | rule | gazetteer


@dataclass(frozen=True, slots=True)
class Attribution(Span):
    """A cited source: ``text`` covers the whole reporting phrase; source_* the source itself."""

    source_text: str = ""
    source_start: int = 0
    source_end: int = 0
    kind: SourceKind = SourceKind.ANONYMOUS
    via: tuple[str, ...] = ()
    hedged: bool = False
    entity_id: str | None = None
    # the character range the attribution speaks for (its sentence and those carried over)
    scope_start: int = 0
    scope_end: int = 0


@dataclass(frozen=True, slots=True)
class Claim(Span):
    """A numeric claim: what was counted, the interval, who claimed it, through whom, and for when.

    ``subject`` is whose count it is (a coarse label, with the named side in parentheses:
    "fighters (داعش)"); ``role`` whether it is the whole count or a share of one (``ClaimRole``);
    ``date`` the day of what is counted (the incident's day for a toll of one attack, the day
    up to which a running count was kept) and ``as_of`` the day the figure was stated;
    ``event_start`` the start of the article event the figure is about (None: no event);
    ``claimant_id`` the knowledge-base id of the claimant when its attribution is linked to an
    entity (None for the outlet's own voice and for unlinked sources), so that one source is told
    from another across articles however each writes its name.
    """

    measure: str = ""
    unit: str = "persons"
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    subject: str | None = None
    role: ClaimRole = ClaimRole.TOTAL
    claimant: str = ""
    claimant_kind: SourceKind = SourceKind.OUTLET
    claimant_id: str | None = None
    via: tuple[str, ...] = ()
    as_of: date | None = None  # declared before ``date``, whose name would shadow the type below it
    date: date | None = None
    hedged: bool = False
    quantity_start: int = 0
    quantity_end: int = 0
    event_start: int | None = None


@dataclass(frozen=True, slots=True)
class Event(Span):
    event_type: str = ""
    sub_event_type: str = ""
    date: date | None = None
    time_precision: Precision = Precision.DAY
    location: str | None = None
    location_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    actors: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    # every (start, end) trigger the article gives for this event once same-event reports are merged
    support: tuple[tuple[int, int], ...] = ()


S = TypeVar("S", bound=Span)
_START_END = attrgetter("start", "end")

LAYER_TYPES: Mapping[str, type[Span]] = MappingProxyType({
    "sentences": Sentence,
    "tokens": Token,
    "quantities": Quantity,
    "times": TimeExpr,
    "mentions": Mention,
    "attributions": Attribution,
    "claims": Claim,
    "events": Event,
})


@dataclass(frozen=True, slots=True)
class AnalyzedDoc:
    """A document with the layers the pipeline has added so far.

    Immutable: a stage returns a new AnalyzedDoc through ``with_layer``.
    """

    document: Document
    layers: Mapping[str, tuple[Any, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def text(self) -> str:
        return self.document.text

    def layer(self, name: str) -> tuple[Any, ...]:
        return self.layers.get(name, ())

    def with_layer(self, name: str, spans: tuple[Any, ...] | list[Any]) -> AnalyzedDoc:
        merged = dict(self.layers)
        merged[name] = tuple(sorted(spans, key=_START_END))
        # (the constructor itself: ``dataclasses.replace`` reads the fields by name, a few µs a layer)
        return AnalyzedDoc(self.document, MappingProxyType(merged))

    def spans(self) -> Iterator[tuple[str, Span]]:
        for name, spans in self.layers.items():
            for span in spans:
                yield name, span

    def __reduce__(self) -> tuple[Any, ...]:
        # a read-only mapping view cannot be pickled: worker processes send the layers as a dict
        return (_analyzed_doc, (self.document, dict(self.layers)))

    def sentence_at(self, offset: int) -> Sentence | None:
        # imported here: the span index module builds on this one
        from tabayyun.spanindex import span_index

        found: Sentence | None = span_index(self.layer("sentences")).at(offset)
        return found


def _analyzed_doc(document: Document, layers: dict[str, tuple[Any, ...]]) -> AnalyzedDoc:
    return AnalyzedDoc(document, MappingProxyType(layers))


def make_span(cls: type[S], text: str, start: int, end: int, **fields: Any) -> S:
    """Build a span of ``cls`` whose surface form is cut from ``text`` itself, so it cannot drift."""
    return cls(start=start, end=end, text=text[start:end], **fields)
