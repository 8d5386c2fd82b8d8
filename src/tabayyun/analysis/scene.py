"""The scene of a figure: the places its own sentence names, and whether it calls itself early.

An incident is built from article events, and a large story gathers many of them; a figure is
placed in the incident of the event it is about. That placement is a guess whenever an article
covers several fronts, so before two figures are called rival counts of one event (or one
confirmed count) their own sentences are asked too: "45 captured in Khor Maksar" and "more than 50
captured in al-Hurur" name two sites, and two sentences naming places in Italy and in Spain speak
of two arrests, whatever incident the events were merged into.

* ``places``: the fine places (towns, districts, villages, facilities) that the figure's sentence
  names, and its event's site; a place the gazetteer cannot locate is one site by its id; two figures whose sentences both name fine places are about one site
  only when some place of one is the other's or within ``same_site_km`` of it;
* ``countries``: the countries of every place the sentence names; two sentences naming places
  only in different countries speak of different events;
* ``provisional``: the sentence calls the figure early or partial (حصيلة أولية، حتى الآن): such a
  toll is expected to rise, so a larger figure elsewhere does not dispute it (a smaller one
  still does: "initial information" of 17 dead against the spokesman's 13). Cues:
  ``findings.json`` (``provisional_cues``).
* ``background``: the sentence tells of an earlier event or period (قتل آنذاك خمسة، العام الماضي):
  its figure is history recalled beside the incident, and meets no other figure (``background_cues``,
  or a month or year over before publication: ``is_past_period``).
* ``superseded``: the sentence tells that the figure was replaced: an earlier word before it
  (تحدثت في البداية عن مقتل 14) or a revision after it (مخلفة 43 قتيلا ... إلى ارتفاع الحصيلة إلى 57;
  عادت وخفضت الحصيلة). It is no current count, and disputes no other figure
  (``superseded_before_cues``, ``superseded_after_cues``).
* ``dated``: the sentence names a day of its own (أمس الثلاثاء، يوم 20 يوليو): the figure's date was
  read from its own words, not taken from its article, so two such figures of different days count
  what happened on two days.
* ``words`` and ``lead``: the names its sentence mentions (each place, facility, group or
  person mention by its entity id, else by its name's key), and those of its
  article's lead (the first ``LEAD_SENTENCES`` sentences), by which ``identity.py`` tells whether
  two figures speak of one event. Names, not every word: an inflected common word (قصفها، مخلفة)
  is as rare as a market's name and says nothing of which event a figure counts. A body or
  person inside a cited source (المرصد السوري, وزارة الداخلية) is left out: one source speaks of
  many events; a place inside it (إمام مسجد قوات الطوارئ, مدير صحة عدن) is kept.

* ``echo``: the runs of ``echo_words`` words of its sentence (normalised, as 32-bit CRCs): two
  figures whose sentences share ``echo_runs`` of them are one sentence printed twice, one source
  (``corpus.claim_refs``), whatever source each article credits.

All of it is plain data (frozensets of str, int, floats, bools), to be stored with the document.
"""

from __future__ import annotations

import calendar
import math
import re
import zlib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from tabayyun.analysis.rules import rules
from tabayyun.analysis.words import name_key
from tabayyun.events.context import is_since
from tabayyun.geo.distance import haversine_km
from tabayyun.geo.gazetteer import default_gazetteer, lies_in
from tabayyun.geo.precision import is_coarse
from tabayyun.lexicon import load_json
from tabayyun.model import AnalyzedDoc, Attribution, Claim, EntityLabel, Mention, Precision, TimeExpr
from tabayyun.text.normalize import normalize_key


@dataclass(frozen=True, slots=True)
class Site:
    place_id: str
    lat: float | None = None  # a place the gazetteer cannot locate is one site by its id only
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Scene:
    places: frozenset[Site] = frozenset()
    countries: frozenset[str] = frozenset()
    provisional: bool = False
    background: bool = False
    superseded: bool = False
    dated: bool = False
    words: frozenset[str] = frozenset()
    lead: frozenset[str] = frozenset()
    echo: frozenset[int] = frozenset()


NO_SCENE = Scene()
PLACE_LABELS = (EntityLabel.LOC, EntityLabel.FAC)  # a named place the gazetteer may not know
LEAD_SENTENCES = 2  # an article's lead: its first sentences (the headline is often the first)


@cache  # a handful of cue lists, each asked for every figure: never evicted
def _cues(name: str, conjunction: bool = False) -> re.Pattern[str]:
    """One pattern for a cue list of ``findings.json``; ``conjunction``: also behind و or ف (وارتفعت)."""
    cues = [normalize_key(c) for c in load_json("lexicon", "findings.json")[name]]
    return re.compile(r"(?<!\w)" + ("[وف]?" if conjunction else "") + "(?:"
                      + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")(?!\w)")


SENTENCE_END = re.compile(r"[.!؟\n]")  # where a sentence of a figure ends (also read by ``threads``)


def raised_to(text: str, start: int, number: int | None = None) -> bool:
    """Whether the sentence of a figure starting at ``start`` (its number at ``number``) says the
    count rose to it: a rise cue before it ("ارتفعت حصيلة القتلى إلى 38", ``raised_cues``), a rise
    word whose إلى stands right before the number ("ارتفاع شهداء التفجير إلى 12", ``rise_words``),
    or a new toll named anywhere in the sentence ("قتل 12 وفق حصيلة جديدة", ``newer_cues``): a
    newer count than a smaller one of its day."""
    number = start if number is None else max(start, number)
    lo = max((m.end() for m in SENTENCE_END.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    before = normalize_key(text[lo:start])
    if _cues("raised_cues", conjunction=True).search(before):
        return True
    up_to = normalize_key(text[lo:number]).split()
    if len(up_to) >= 2 and up_to[-1] in _TO and _cues("rise_words", conjunction=True).search(" ".join(up_to[-8:-1])):
        return True
    end = SENTENCE_END.search(text, number)
    return bool(_cues("newer_cues").search(normalize_key(text[lo:end.start() if end else len(text)])))


_TO = frozenset({normalize_key("إلى"), normalize_key("الى")})  # the preposition that ends a rise (ارتفع ... إلى 12)


class SceneReader:
    """The scenes of one article's figures; its place mentions sorted once."""

    def __init__(self, doc: AnalyzedDoc) -> None:
        self.doc = doc
        placed = sorted((m for m in doc.layer("mentions") if isinstance(m, Mention) and m.entity_id
                         and (m.lat is not None or m.label in PLACE_LABELS)), key=lambda m: m.start)
        self.mentions = placed
        self.starts = [m.start for m in placed]
        self.events = {e.start: e for e in doc.layer("events")}
        # a name inside a cited source ("المرصد السوري", "إذاعة الجيش") is who speaks, not where
        # or to whom it happened, and one source speaks of many events
        # a place inside it is kept: "إمام مسجد قوات الطوارئ بعسير" and "مدير صحة عدن" name where
        # the event happened as they name who speaks
        sources = [(a.source_start, a.source_end) for a in doc.layer("attributions") if isinstance(a, Attribution)]
        self.names = sorted((m for m in doc.layer("mentions") if isinstance(m, Mention)
                             and (m.label in PLACE_LABELS
                                  or not any(lo < m.end and m.start < hi for lo, hi in sources))),
                            key=lambda m: m.start)
        self.name_starts = [m.start for m in self.names]
        self.days = sorted(t.start for t in doc.layer("times")
                           if isinstance(t, TimeExpr) and t.kind == "date" and t.precision == Precision.DAY)
        self.past = sorted(t.start for t in doc.layer("times") if isinstance(t, TimeExpr)
                           and is_past_period(t, doc.document.published) and not is_since(doc.text, t))
        sentences = sorted((s for s in doc.layer("sentences") if s.text.strip()), key=lambda s: s.start)
        lead_end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end if sentences else 0
        self.lead = self._name_words(0, lead_end)

    def _name_words(self, lo: int, hi: int) -> frozenset[str]:
        """The names (places, facilities, groups, people) mentioned in ``[lo, hi)`` outside cited
        sources: each mention's entity id, else its name's key (``words.name_key``)."""
        words: set[str] = set()
        for m in self.names[bisect_left(self.name_starts, lo):bisect_left(self.name_starts, hi)]:
            key = m.entity_id or name_key(m.text)
            if key:
                words.add(key)
        return frozenset(words)

    def names_of_document(self) -> frozenset[str]:
        """Every name the article's body mentions: what its document frequency counts."""
        return self._name_words(0, self.doc.document.extraction_end)

    def scene(self, claim: Claim) -> Scene:
        scene = self._sentence_scene(claim)
        event = self.events.get(claim.event_start) if claim.event_start is not None else None
        if event is not None and event.location_id and not is_coarse(event.geo_precision) \
                and not any(x.lat is not None for x in scene.places):
            # the site of the event the figure is about (its article placed it there), unless the
            # figure's own sentence puts it on the map: "29 killed around al-Anad base" is at the
            # base, wherever the article's event of that paragraph was placed
            return replace(scene, places=scene.places | {Site(event.location_id, event.lat, event.lon)})
        return scene

    def scenes(self, claims: Sequence[Claim]) -> list[Scene]:
        """The scenes of ``claims``; a figure the article gives again elsewhere (same measure and
        interval: its headline, the title repeated under the body) takes the word that the count
        is early from the sentence that says it (a headline "15 قتيلا" over "بحسب تقرير أولي ...
        15 قتيلا"): the article restates its one count."""
        out = [self.scene(c) for c in claims]
        early = {(c.measure, c.low, c.high) for c, s in zip(claims, out, strict=True) if s.provisional}
        return [replace(s, provisional=True) if not s.provisional and (c.measure, c.low, c.high) in early else s
                for c, s in zip(claims, out, strict=True)]

    def _sentence_scene(self, claim: Claim) -> Scene:
        sentence = self.doc.sentence_at(claim.start)
        lo, hi = (sentence.start, sentence.end) if sentence else (claim.start, claim.end)
        sites: set[Site] = set()
        countries: set[str] = set()
        gazetteer = default_gazetteer()
        for m in self.mentions[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]:
            place = gazetteer.get(m.entity_id or "")
            if place is not None and place.country:
                countries.add(place.country)
            if not is_coarse(m.geo_precision):
                sites.add(Site(m.entity_id or "", m.lat, m.lon))
        text = self.doc.text
        key = normalize_key(text[lo:hi])
        # every cue also behind و or ف: "وفي وقت سابق", "وفي حصيلة أولية" open a clause as often as not
        superseded = bool(_cues("superseded_before_cues", conjunction=True).search(normalize_key(text[lo:claim.start]))
                          or _cues("superseded_after_cues", conjunction=True).search(normalize_key(text[claim.end:hi])))
        dated = bisect_left(self.days, lo) < bisect_left(self.days, hi)
        past = bisect_left(self.past, lo) < bisect_left(self.past, hi)
        return Scene(frozenset(sites), frozenset(countries), bool(_cues("provisional_cues", conjunction=True).search(key)),
                     past or bool(_cues("background_cues", conjunction=True).search(key)), superseded, dated,
                     self._name_words(lo, hi), self.lead, echo_runs(text[lo:hi]))


def is_past_period(t: TimeExpr, published: date | None) -> bool:
    """A month or a year that was over more than ``past_period_days`` before publication (في مارس
    2014، يناير الماضي): a figure told with it is history. The month just ended is not: early in
    August, a July tally is the current count."""
    if published is None or t.kind != "date" or t.value is None or t.precision == Precision.DAY:
        return False
    v = t.value
    end = date(v.year, 12, 31) if t.precision == Precision.YEAR else \
        date(v.year, v.month, calendar.monthrange(v.year, v.month)[1])
    return (published - end).days > rules().past_period_days


def echo_runs(sentence: str) -> frozenset[int]:
    """The runs of ``echo_words`` words of a sentence, spelling-insensitive, as CRC-32s (the same
    in every process, unlike ``hash``)."""
    words = normalize_key(sentence, drop_article=True).split()
    n = rules().echo_words
    return frozenset(zlib.crc32(" ".join(words[i:i + n]).encode("utf-8", "surrogatepass"))
                     for i in range(len(words) - n + 1))


def echoes(a: Scene, b: Scene) -> bool:
    """Whether two figures' sentences are one sentence printed twice (``echo_runs`` runs in common)."""
    return len(a.echo & b.echo) >= rules().echo_runs


def located(scene: Scene) -> Scene:
    """The scene with only the places the gazetteer can put on a map."""
    return replace(scene, places=frozenset(x for x in scene.places if x.lat is not None))


def one_site(a: Scene, b: Scene) -> bool:
    """Whether the two figures are placed at one site: a place of one (named in its sentence, or
    its event's) is the other's or within ``same_site_km`` of it."""
    return any(x.place_id == y.place_id or km_between_sites(x, y) <= rules().same_site_km
               or lies_in(x.place_id, y.place_id) or lies_in(y.place_id, x.place_id)  # a town and its province
               for x in a.places for y in b.places)


def km_between_sites(x: Site, y: Site) -> float:
    """Kilometres between two sites; infinite when either cannot be located (then only one id is one site)."""
    if x.lat is None or x.lon is None or y.lat is None or y.lon is None:
        return math.inf
    return haversine_km(x.lat, x.lon, y.lat, y.lon)


def apart(a: Scene, b: Scene) -> bool:
    """Whether two figures' sentences name places that cannot be one scene: only places in
    different countries, or fine places of which none is the other's or near it."""
    if a.countries and b.countries and not a.countries & b.countries:
        return True
    located_a = {x for x in a.places if x.lat is not None}
    located_b = {y for y in b.places if y.lat is not None}
    if not located_a or not located_b or len(located_a) < len(a.places) or len(located_b) < len(b.places):
        return False  # a place that cannot be located may be near any other
    return not one_site(a, b)
