"""What the cross-outlet analysis reads of one document, computed once when it is analysed.

The cross-outlet step compares each article with many others, but needs little of each: the
hashes of its shingles (text reuse), the word bags of its body and of its headline and lead
(incident and story links), what framing counts of its actor mentions, and the scope and scene of
each of its claims (which read the text around the claim, its sentence's places and its event). These features are
computed in the worker that analyses the document, stored packed beside it, and read back by
the cross-outlet step together with the claims and events layers, so that it never loads
tokens, sentences or mentions, and holds a few KB per document. A document stored without them
(by an older tabayyun, or through ``Store.save`` alone) has them computed from its layers.

They are a function of the document and the knowledge files, like every stored layer: a
changed lexicon reaches them through ``tabayyun refresh`` (the pipeline's fingerprint).
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from sys import intern
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np

from tabayyun.analysis.framing import Naming, doc_namings
from tabayyun.analysis.incidents import body_bag, is_coarse
from tabayyun.analysis.reuse import NO_SHINGLES, shingle_hashes
from tabayyun.analysis.rules import rules
from tabayyun.analysis.scene import Scene, SceneReader
from tabayyun.analysis.scene import Site as ScenePlace
from tabayyun.analysis.stories import lead_bag
from tabayyun.analysis.threads import Marks, claim_marks
from tabayyun.analysis.vectors import NO_BAG, Bag
from tabayyun.claims.scope import Scope, claim_scope
from tabayyun.geo.distance import km_between
from tabayyun.model import AnalyzedDoc, Claim, Event
from tabayyun.text.normalize import normalize_key

# layers the features are computed from (tokens are recomputed from the text when absent)
FEATURE_LAYERS = ("sentences", "mentions", "claims", "events", "attributions", "times")
# layers the cross-outlet step reads beside the features
CORPUS_LAYERS = ("claims", "events")
_FORMAT = 8  # bumped when the packed form changes: older packs are recomputed from the layers
# older formats whose arrays and JSON read the same (6 also spelled out the bags' words in its JSON;
# 6 and 7 lack each scene's ``dated``, read as False until the document is analysed again)
_READ = frozenset({6, 7, _FORMAT})
T = TypeVar("T")
S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class DocFeatures:
    shingles: np.ndarray  # distinct 64-bit hashes of the body's shingles (``reuse.shingle_hashes``)
    # word bags of the body (``incidents.body_bag``) and of headline and lead (``stories.lead_bag``),
    # hashed: a full rebuild holds those of every stored document, and no step reads their words
    body: Bag
    lead: Bag
    namings: tuple[Naming, ...]  # framing's reading of each actor mention (``framing.doc_namings``)
    scopes: tuple[tuple[int, int, Scope], ...]  # (start, end, scope) of each claim of the body, in layer order
    sites: tuple[Site, ...] = ()  # where its events happened (an incremental run seeks incidents by them)
    scenes: tuple[Scene, ...] = ()  # the scene of each claim of ``scopes``, in the same order (``scene.SceneReader``)
    names: frozenset[str] = frozenset()  # every name its body mentions (``SceneReader.names_of_document``)


@dataclass(frozen=True, slots=True)
class Site:
    """What ``incidents.same_site`` reads of an event's place."""

    location_id: str | None
    name: str | None  # the place's name as ``normalize_key`` folds it
    lat: float | None
    lon: float | None
    coarse: bool


def site_of(e: Event) -> Site:
    return Site(e.location_id, normalize_key(e.location, drop_article=True) if e.location else None, e.lat, e.lon,
                is_coarse(e))


def one_site(a: Site, b: Site) -> bool:
    """Two events' places that ``incidents.same_site`` (without containment) takes as one site:
    the only way events of two articles join one incident."""
    if (a.location_id and a.location_id == b.location_id) or (a.name and a.name == b.name):
        return True
    if a.coarse or b.coarse:
        return False
    km = km_between(a, b)
    return km is not None and km <= rules().same_site_km


@dataclass(frozen=True, slots=True)
class CorpusDoc:
    """A document as the cross-outlet step holds it: the document, its claims and events, its features."""

    doc: AnalyzedDoc
    features: DocFeatures
    # each body claim's thread and rise (``threads.claim_marks``), kept when the text is cut (``head``)
    marks: Marks | None = None

    @property
    def doc_id(self) -> str:
        return self.doc.document.doc_id

    def claim_marks(self, claims: Sequence[Claim]) -> Marks:
        """The marks of the body claims ``claims``: kept ones, else read from the text."""
        return self.marks if self.marks is not None else claim_marks(self.doc.text, claims)


def features_of(doc: AnalyzedDoc) -> DocFeatures:
    """The features of an analysed document (its sentences, mentions, claims and events layers)."""
    claims = [c for c in doc.layer("claims") if c.start < doc.document.extraction_end]
    scopes = tuple((c.start, c.end, claim_scope(doc, c)) for c in claims)
    reader = SceneReader(doc)
    scenes = tuple(reader.scenes(claims))
    sites = tuple(dict.fromkeys(site_of(e) for e in doc.layer("events") if e.location or e.location_id))
    return DocFeatures(shingle_hashes(doc), Bag.of(body_bag(doc)), Bag.of(lead_bag(doc)), doc_namings(doc), scopes,
                       sites, scenes, reader.names_of_document())


def slim(doc: AnalyzedDoc) -> AnalyzedDoc:
    """The document with only the layers the cross-outlet step reads."""
    return AnalyzedDoc(doc.document, MappingProxyType({name: doc.layer(name) for name in CORPUS_LAYERS}))


def corpus_doc(doc: AnalyzedDoc, features: DocFeatures | None = None) -> CorpusDoc:
    return CorpusDoc(slim(doc), features if features is not None else features_of(doc))


def head(item: CorpusDoc, shared: Shared | None = None) -> CorpusDoc:
    """The document as the cross-outlet step holds it once its text reuse is found
    (``analysis.rebuild``): its text cut after its headline (``_headline_end``), the end of its
    body kept (``body_end``), and no shingles or bags (weighed already), nor the sites of its
    events (read by an incremental run only). Offsets still index the original text; what the
    step reads of the text after text reuse (the headline and the lead's end, ``stories``) is
    the same.
    Nor does it keep what the step never reads of the document (its URL, file and encoding:
    ~400 bytes an article); the strings, dates and tuples of its document, claims and events are
    those of the other documents of the load where equal (``shared``)."""
    doc = item.doc
    features = head_features(item.features)
    cut = head_document(doc, shared or Shared())
    if not doc.text.strip():
        return CorpusDoc(cut, features)
    return CorpusDoc(cut, features, item.claim_marks(body_claims(doc)))


def head_features(features: DocFeatures) -> DocFeatures:
    """The features as ``head`` keeps them: no shingles or bags, nor the sites of events."""
    return replace(features, shingles=NO_SHINGLES, body=NO_BAG, lead=NO_BAG, sites=())


def head_document(doc: AnalyzedDoc, shared: Shared) -> AnalyzedDoc:
    """The document of ``head``: its text cut after its headline (a blank text kept whole), the
    end of its body kept, no URL, file or encoding, and its layers' spans shared (``shared``).
    A full rebuild cuts each document with its events alone first, to build the incidents and
    stories, and adds its claims after (``runner.rebuild_corpus``)."""
    text = doc.document.text
    layers = MappingProxyType({name: share_spans(spans, shared) for name, spans in doc.layers.items()})
    document = replace(doc.document, url=None, source_path=None, encoding=None,
                       outlet=intern(doc.document.outlet) if doc.document.outlet else doc.document.outlet,
                       published=shared(doc.document.published))
    if text.strip():
        document = replace(document, text=text[:_headline_end(doc)], body_end=doc.document.extraction_end)
    return AnalyzedDoc(document, layers)


def share_spans(spans: Sequence[S], shared: Shared) -> tuple[S, ...]:
    """The spans of a layer with their strings interned and their dates and tuples shared."""
    return tuple(_shared_span(s, shared) for s in spans)


def _headline_end(doc: AnalyzedDoc) -> int:
    """Where the cut ends: after the text's leading blanks and, without a title, its first line
    (or its first 120 characters: ``stories.headline``), so that the cut gives the same headline
    and the same lead end (``stories.lead_end`` reads only the headline's length and the blanks
    before it). The lead's words were weighed from the whole text already (``lead_bag``)."""
    text = doc.text
    blank = len(text) - len(text.lstrip())
    if doc.document.title:
        return blank + 1
    line = text.find("\n", blank)
    return line + 1 if line >= 0 else blank + 120



def _shared_span(span: S, one: Shared) -> S:
    """The span (a claim, an event) with its strings interned and its dates and tuples shared:
    a load's events repeat their types, places and notes, its claims their measures and sources."""
    changed: dict[str, Any] = {}
    for f in fields(span):  # type: ignore[arg-type]
        value = getattr(span, f.name)
        if type(value) is str:  # not the enums (str enums: one object each already)
            changed[f.name] = intern(value)
        elif type(value) in (tuple, date):
            changed[f.name] = one(value)
    return replace(span, **changed)  # type: ignore[type-var]


def body_claims(doc: AnalyzedDoc) -> list[Claim]:
    """The claims of the article body (before its boilerplate), in layer order."""
    return [c for c in doc.layer("claims") if c.start < doc.document.extraction_end]


_HEADER = struct.Struct("<BIIII")  # format, JSON bytes, shingles, body words, lead words


@dataclass(frozen=True, slots=True)
class Packed:
    """The arrays of a stored pack, read without its JSON part: an incremental run reads them for
    every stored document (the bags as word hashes and counts, ``reuse.word_hash``)."""

    shingles: np.ndarray
    body_ids: np.ndarray
    body_counts: np.ndarray
    lead_ids: np.ndarray
    lead_counts: np.ndarray
    data: bytes


def pack(f: DocFeatures) -> bytes:
    """The stored form: a header, the zlib'd JSON of namings, scopes and sites (two empty places
    where format 6 spelled out the bags), then the raw arrays: shingle hashes, and the body and
    lead bags as word hashes and counts."""
    rest = zlib.compress(json.dumps(
        [{}, {}, [[n[0], n[1], list(n[2]), list(n[3])] for n in f.namings],
         [[s, e, sc.label, sc.group, sc.cue] for s, e, sc in f.scopes],
         [[x.location_id, x.name, x.lat, x.lon, x.coarse] for x in f.sites],
         [_scene_json(sc) for sc in f.scenes], sorted(f.names),
         sorted(f.scenes[0].lead) if f.scenes else []],
        ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"), 6)
    return b"".join((_HEADER.pack(_FORMAT, len(rest), len(f.shingles), len(f.body), len(f.lead)), rest,
                     f.shingles.astype("<u8").tobytes(), f.body.words.astype("<u8").tobytes(),
                     f.body.counts.astype("<u4").tobytes(), f.lead.words.astype("<u8").tobytes(),
                     f.lead.counts.astype("<u4").tobytes()))


class Shared:
    """One object for each value read again and again from the packs of one load: thousands of
    documents repeat the same namings (one name, mentioned in many articles), scenes and runs of
    words (copies of one article, one sentence quoted by many), dates, places and kinds of
    events. The values are immutable, so holding one of each changes nothing read from them; on
    the 7,670 articles it halves what the namings and scenes hold (12 MB of the echoes' runs, as
    ints and sets, were mostly repeats).
    Numbers are kept apart from the rest, so that no value stands for an equal one of another
    type (1 and 1.0)."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}
        self.values: dict[object, object] = {}

    def runs(self, values: Sequence[int]) -> frozenset[int]:
        numbers = self.numbers
        return self(frozenset(numbers.setdefault(v, v) for v in values))

    def __call__(self, value: T) -> T:
        return self.values.setdefault(value, value)  # type: ignore[return-value]


def unpack(data: bytes, shared: Shared | None = None) -> DocFeatures | None:
    """The features of a stored pack; None when it is of another format (recompute them).
    ``shared``: equal values of the packs of one load are one object (``Shared``)."""
    arrays = unpack_arrays(data)
    if arrays is None:
        return None
    one = shared or Shared()
    size = _HEADER.unpack_from(data)[1]
    _, _, namings, scopes, sites, scenes, names, lead_names = json.loads(
        zlib.decompress(data[_HEADER.size:_HEADER.size + size]).decode("utf-8", "surrogatepass"))
    # one string object per name across documents: thousands of documents repeat the same names
    lead = one(frozenset(intern(w) for w in lead_names))
    return DocFeatures(arrays.shingles, Bag(arrays.body_ids, arrays.body_counts.astype(np.uint32)),
                       Bag(arrays.lead_ids, arrays.lead_counts.astype(np.uint32)),
                       tuple(one((intern(k), intern(n), one(tuple(t)), one(tuple(st)))) for k, n, t, st in namings),
                       tuple((s, e, one(Scope(label, group, cue))) for s, e, label, group, cue in scopes),
                       tuple(Site(*x) for x in sites), tuple(_scene(x, lead, one) for x in scenes),
                       frozenset(intern(w) for w in names))


def _scene_json(scene: Scene) -> list[object]:
    """A claim's scene as packed; its ``lead`` (the same for every claim of the article) is packed once."""
    return [sorted(([p.place_id, p.lat, p.lon] for p in scene.places), key=lambda x: (x[0], str(x[1]), str(x[2]))),
            sorted(scene.countries), scene.provisional, scene.background, scene.superseded, scene.dated,
            sorted(scene.words),
            sorted(scene.echo)]


def _scene(data: list[Any], lead: frozenset[str], one: Shared) -> Scene:
    if len(data) == 7:  # formats 6 and 7: no ``dated``
        data = [*data[:5], False, *data[5:]]
    places, countries, provisional, background, superseded, dated, words, echo = data
    return one(Scene(one(frozenset(ScenePlace(intern(i), lat, lon) for i, lat, lon in places)),
                     one(frozenset(intern(c) for c in countries)), provisional, background, superseded, dated,
                     one(frozenset(intern(w) for w in words)), lead, one.runs(echo)))


def unpack_arrays(data: bytes, views: bool = False) -> Packed | None:
    """The arrays of a stored pack (no JSON decoded); None when it is of another format.
    ``views``: the arrays are read-only views of ``data`` (the counts as 4-byte integers), not
    copies: an incremental run that keeps ``data`` keeps no second copy of them."""
    if len(data) < _HEADER.size or data[0] not in _READ:
        return None
    _, size, shingles, body, lead = _HEADER.unpack_from(data)
    at = _HEADER.size + size
    out = []
    for n, kind in ((shingles, "<u8"), (body, "<u8"), (body, "<u4"), (lead, "<u8"), (lead, "<u4")):
        width = np.dtype(kind).itemsize * n
        out.append(np.frombuffer(data, dtype=kind, count=n, offset=at))
        at += width
    if views:
        return Packed(out[0], out[1], out[2], out[3], out[4], data)
    return Packed(out[0].astype(np.uint64), out[1].astype(np.uint64), out[2].astype(np.int64),
                  out[3].astype(np.uint64), out[4].astype(np.int64), data)
