"""Stage: ACLED-typed events of one article, from trigger phrases and the layers around them.

Each trigger becomes a candidate event placed at the most specific place of its clause
(else its sentence, else the article's main place), dated through the times layer, with
the actors and the death toll of its sentence. ACLED precedence settles co-occurring
tactics (a suicide bombing during a clash is a Suicide bomb); reports of one event in one
article (same type, place and day) are merged and keep every supporting trigger.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from tabayyun.events.context import (
    antecedent,
    best_place,
    clause_bounds,
    event_date,
    fatalities,
    is_place,
    main_place,
    nearby_actors,
    place_rank,
)
from tabayyun.events.filters import after_demonstrative, arrest_not_made, not_an_event, vague_date
from tabayyun.events.triggers import (
    TriggerHit,
    absorbs,
    find_triggers,
    key_view,
    marker_offsets,
    tag_offsets,
)
from tabayyun.geo.distance import km_between
from tabayyun.model import AnalyzedDoc, Claim, Event, Mention, Precision, Sentence
from tabayyun.pipeline import Stage
from tabayyun.spanindex import span_index
from tabayyun.text.segment import split_sentences

_COARSE_RANK = 4  # province and coarser
_SAME_SITE_KM = 2.0
_MANY_PLACES = 3  # places joined by "و" after a trigger in its clause: a regional summary
_CONTAINS_KM = 100.0
# A trigger with the article ("التفجيرين"، "والغارات") names an incident the reader already knows
_DEFINITE = re.compile(r"(?:[وف]?[بكل]?ال|[وف]?لل)")  # used with .match(text, pos)
_HEADLINE_CHARS = 200
_NON_VIOLENT = frozenset({"Strategic developments", "Protests"})
_STATE_TYPES = frozenset({"state", "military", "government", "police", "security", "state_forces", "security_forces"})


@dataclass
class _Candidate:
    hit: TriggerHit
    sentence: Sentence
    event_type: str
    sub_event_type: str
    generic: bool
    place: Mention | None
    place_is_default: bool
    day: date | None
    precision: Precision
    tags: set[str] = field(default_factory=set)
    support: list[tuple[int, int]] = field(default_factory=list)
    anaphoric: bool = False  # names an incident already reported ("هذا التفجير"، "الهجوم")
    headline: bool = False  # in the article's first line: the headline names the body's event

    @property
    def place_key(self) -> str | None:
        if self.place is None:
            return None
        return self.place.entity_id or self.place.text


def _in_range(offsets: Sequence[int], start: int, end: int) -> bool:
    i = bisect_right(offsets, start - 1)
    return i < len(offsets) and offsets[i] < end


def _retype(c: _Candidate, clause: tuple[int, int], markers: dict[str, list[int]],
            actors: Sequence[Mention]) -> None:
    """Context that changes the sub-event type: an aircraft shells, a crowd burns a building,
    a state actor takes ground back, a suicide bomber drives the car bomb. A suicide bomber
    ("انتحاري"، "انغماسيون") is a perpetrator, not an event: the explosion or attack beside
    him in the sentence is."""
    air, mob, suicide = markers["air"], markers["mob"], markers["suicide"]
    if (c.sub_event_type == "Remote explosive/landmine/IED" or (c.generic and c.event_type == "Battles")) \
            and _in_range(suicide, c.sentence.start, c.sentence.end):
        c.event_type, c.sub_event_type = "Explosions/Remote violence", "Suicide bomb"
    elif c.sub_event_type == "Shelling/artillery/missile attack" and _in_range(air, *clause):
        c.sub_event_type = "Air/drone strike"
    elif c.sub_event_type == "Looting/property destruction" and _in_range(mob, c.sentence.start, c.sentence.end):
        c.event_type, c.sub_event_type = "Riots", "Violent demonstration"
    elif c.sub_event_type == "Armed clash" and _in_range(mob, c.sentence.start, c.sentence.end):
        # مواجهات بين المحتجين وقوات الأمن: a crowd facing the police is a violent demonstration, not a battle
        c.event_type, c.sub_event_type = "Riots", "Violent demonstration"
    elif c.event_type == "Battles" and c.sub_event_type != "Armed clash" and actors:
        state = (actors[0].actor_type or "").lower() in _STATE_TYPES
        c.sub_event_type = "Government regains territory" if state else "Non-state actor overtakes territory"


def _apply_precedence(cands: list[_Candidate]) -> list[_Candidate]:
    """Within one sentence, a stronger tactic replaces the weaker one it absorbs (ACLED)."""
    kept: list[_Candidate] = []
    for c in cands:
        stronger = next((o for o in cands if o is not c and absorbs(o.sub_event_type, c.sub_event_type)
                         and o.sentence is c.sentence
                         and (o.place_key == c.place_key or c.place_is_default or o.place_is_default)), None)
        if stronger is not None:
            stronger.support.extend(c.support)
            stronger.tags |= c.tags
            continue
        kept.append(c)
    return kept


def _near_day(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= 1


def _same_site(a: _Candidate, b: _Candidate) -> bool:
    """One site: the same place, places a few km apart, or a province or country and a place
    inside it (a report names the bombed mosque in one sentence and its province in another)."""
    if a.place_key == b.place_key:
        return True
    if a.place is None or b.place is None:
        return False
    km = km_between(a.place, b.place)
    if km is None:
        return False
    coarse = max(place_rank(a.place), place_rank(b.place)) >= _COARSE_RANK
    return km <= _SAME_SITE_KM or (coarse and km <= _CONTAINS_KM)


def _fine_site(a: _Candidate, b: _Candidate) -> bool:
    """One exact site: the same named place or places a few km apart, neither of them a
    province or coarser, nor the article's default place."""
    if a.place is None or b.place is None or a.place_is_default or b.place_is_default:
        return False
    if max(place_rank(a.place), place_rank(b.place)) >= _COARSE_RANK:
        return False
    if a.place_key == b.place_key:
        return True
    km = km_between(a.place, b.place)
    return km is not None and km <= _SAME_SITE_KM


def _finer(a: _Candidate, b: _Candidate) -> bool:
    """Whether ``b`` is placed more precisely than ``a``."""
    if b.place is None or b.place_is_default:
        return False
    return a.place is None or a.place_is_default or place_rank(b.place) < place_rank(a.place)


def _many_places(text: str, places: Sequence[Mention], start: int, end: int) -> bool:
    """Whether the clause after a trigger coordinates so many places that no single site is
    meant ("في محافظات أ وب وج ود"): the report sums up a campaign over a region. A place
    described by its neighbours ("قرى أ التابعة لناحية ب الحدودية مع ج") is one site."""
    joined = {m.entity_id or m.text for m in span_index(places).inside(start, end)
              if m.start > 0 and text[m.start - 1] == "و"}
    return len(joined) >= _MANY_PLACES


def _refers_back(c: _Candidate, text: str, clause_start: int) -> bool:
    """Whether the trigger names an incident already reported: after a demonstrative ("هذا
    التفجير"), a definite generic noun ("الهجوم"، "الحادثة الإرهابية"), or a definite specific
    one placed no finer than a province ("وتبنى التنظيم التفجيرين في بيان نشر في المحافظة")."""
    if after_demonstrative(text, clause_start, c.hit.start):
        return True
    if _DEFINITE.match(text, c.hit.start, c.hit.end) is None:
        return False
    if c.generic:
        return True
    return c.place is None or c.place_is_default or place_rank(c.place) >= _COARSE_RANK


def _antecedent_event(merged: list[_Candidate], c: _Candidate) -> _Candidate | None:
    """The event an anaphoric trigger refers back to: the latest one reported before it, on any
    day, of its type (of any violent type for a generic trigger). "وقال التنظيم إن التفجيرين
    استهدفا..." is the two bombings already placed, not a third event wherever the sentence is;
    "أعلنت الشرطة اليوم توقيف ... على خلفية التفجير" carries the statement's day, not the bombing's."""
    before = [m for m in merged if m.hit.start < c.hit.start
              and (m.event_type == c.event_type or (c.generic and m.event_type not in _NON_VIOLENT))]
    return max(before, key=lambda m: m.hit.start, default=None)


def _same_kind(a: _Candidate, b: _Candidate) -> bool:
    """Both violent or both not: a generic "تفجير" beside an arrest is the bombing, not the arrest."""
    return (a.event_type in _NON_VIOLENT) == (b.event_type in _NON_VIOLENT)


def _merge(cands: list[_Candidate]) -> list[_Candidate]:
    """One event per type, site and day in an article; a generic trigger (هجوم، انفجار) joins a
    specific event of any type at its site and day and stands alone only when there is none;
    a trigger that refers back ("هذا التفجير") joins the event reported before it; the same
    site on another day is the same incident. The body's reports come first: a headline trigger
    joins the body's event at its site on any day and stands alone only when there is none."""
    body = [c for c in cands if not c.headline]
    ordered = [c for c in body if not c.generic] + [c for c in body if c.generic] + \
        [c for c in cands if c.headline]
    merged: list[_Candidate] = []
    for c in ordered:
        # a headline carries the publication day: it joins the incident at its site whatever its
        # day; a back-reference joins the incident reported before it (_antecedent_event), not
        # the article's first event of any day
        target = next((m for m in merged if (c.headline or _near_day(m.day, c.day)) and (
            (m.event_type == c.event_type and _same_site(m, c))
            or (c.generic and _same_kind(m, c) and (_same_site(m, c) or c.place_is_default)))), None)
        by_reference = target is None and c.anaphoric
        if by_reference:
            target = _antecedent_event(merged, c)
        if target is None:
            # the same fighting at the same site on another day: "منهية اشتباكات بدأت في العشرين"
            # dates the start of the incident the article reports, not a second event
            target = next((m for m in merged if _fine_site(m, c) and (
                m.event_type == c.event_type or (c.generic and m.event_type not in _NON_VIOLENT))), None)
            by_reference = target is not None
        if target is None:
            merged.append(c)
            continue
        target.support.extend(c.support)
        target.tags |= c.tags
        if absorbs(c.sub_event_type, target.sub_event_type) and not c.generic:
            target.sub_event_type = c.sub_event_type
        # a generic trigger's place is where its own incident was, not a finer place for a specific
        # event of another type ("حالات خطف" in the province, "التفجير" in the town)
        if not by_reference and (not c.generic or target.generic or c.event_type == target.event_type) \
                and _finer(target, c):
            target.place, target.place_is_default = c.place, False
        if target.day is None:
            target.day, target.precision = c.day, c.precision
    return merged


def extract_events(doc: AnalyzedDoc) -> list[Event]:
    """The events one article reports, with offsets into its original text."""
    text = doc.text
    end = doc.document.extraction_end
    sentences: Sequence[Sentence] = doc.layer("sentences") or split_sentences(text, 0, end)
    mentions: Sequence[Mention] = doc.layer("mentions")
    claims: Sequence[Claim] = doc.layer("claims")
    places = tuple(m for m in mentions if is_place(m) and m.start < end)
    default = main_place(doc, places)
    view = key_view(text, end)
    markers = {kind: marker_offsets(view, kind) for kind in ("air", "mob", "suicide")}
    tags = tag_offsets(view)
    tag_starts = [t[0] for t in tags]
    starts = [s.start for s in sentences]
    headline_end = _headline_end(text)

    candidates: list[_Candidate] = []
    for hit in find_triggers(view, 0, end):
        i = bisect_right(starts, hit.start) - 1
        if i < 0 or hit.start >= sentences[i].end:
            continue
        sentence = sentences[i]
        clause = clause_bounds(text, sentence, hit.start)
        if span_index(places).containing(hit.start, hit.end):
            continue  # "ساحة التحرير"، "جسر الشهداء": the trigger word is part of a place's name
        if _many_places(text, places, hit.end, clause[1]):
            continue  # "غارات على مواقع في محافظات أ وب وج ود": a campaign summed over a region
        if not_an_event(text, clause[0], hit.start):
            continue  # "لم يسجل أي هجوم"، "تفكيك عبوة ناسفة"، "أعنف الهجمات": named, not happened
        if hit.rule.sub_event_type == "Arrests" and arrest_not_made(text, sentence.start, hit.start):
            continue
        # "الاشتباكات في محيط السجن": the prison named earlier, before any other place of the sentence
        place = best_place(places, *clause, hit.start) or antecedent(text, *clause, places) \
            or best_place(places, sentence.start, sentence.end, hit.start, before_first=True)
        day, precision = event_date(doc, sentence, hit.start, hit.end, clause[1])
        if vague_date(precision):
            continue  # dated to a month or year only: the story's background
        actors = nearby_actors(mentions, *clause, hit.start) or nearby_actors(mentions, sentence.start,
                                                                               sentence.end, hit.start)
        lo, hi = bisect_right(tag_starts, sentence.start - 1), bisect_right(tag_starts, sentence.end - 1)
        c = _Candidate(hit, sentence, hit.rule.event_type, hit.rule.sub_event_type, hit.rule.generic,
                       place or default, place is None, day, precision,
                       set(hit.rule.tags) | {t for _, t in tags[lo:hi]}, [(hit.start, hit.end)])
        c.anaphoric = _refers_back(c, text, clause[0])
        c.headline = hit.end <= headline_end
        _retype(c, clause, markers, actors)
        candidates.append(c)

    by_sentence: dict[int, list[_Candidate]] = {}
    for c in candidates:
        by_sentence.setdefault(c.sentence.start, []).append(c)
    resolved = [c for group in by_sentence.values() for c in _apply_precedence(group)]
    return [_to_event(doc, c, mentions, claims) for c in _merge(resolved)]


def _headline_end(text: str) -> int:
    """End of the article's first line when it reads as a headline (short, not closed by a full
    stop, and text follows); -1 when the article opens on its first paragraph."""
    stripped = len(text) - len(text.lstrip())
    stop = text.find("\n", stripped)
    if not 0 < stop - stripped <= _HEADLINE_CHARS or text[stripped:stop].rstrip().endswith((".", "۔")):
        return -1
    return stop


def _to_event(doc: AnalyzedDoc, c: _Candidate, mentions: Sequence[Mention], claims: Sequence[Claim]) -> Event:
    s = c.sentence
    actors = nearby_actors(mentions, s.start, s.end, c.hit.start)
    place = c.place
    where = "the article's main place" if c.place_is_default else "its sentence"
    notes = f"{c.sub_event_type} from '{c.hit.rule.name}' trigger; place from {where}; {len(c.support)} report(s)"
    return Event(
        start=c.hit.start, end=c.hit.end, text=doc.text[c.hit.start:c.hit.end],
        event_type=c.event_type, sub_event_type=c.sub_event_type,
        date=c.day, time_precision=c.precision,
        location=place.text if place else None,
        location_id=place.entity_id if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None,
        geo_precision=place.geo_precision if place else None,
        actors=tuple(a.entity_id or a.canonical or a.text for a in actors),
        actor_types=tuple(a.actor_type or "" for a in actors),
        fatalities=max((f for f in (fatalities(claims, a, b) for a, b in _sentences_of(doc, c)) if f is not None),
                       default=None),
        tags=tuple(sorted(c.tags)), notes=notes, support=tuple(sorted(set(c.support))),
    )


def _sentences_of(doc: AnalyzedDoc, c: _Candidate) -> list[tuple[int, int]]:
    """The sentences holding the event's supporting triggers."""
    out = {(c.sentence.start, c.sentence.end)}
    sentences = span_index(doc.layer("sentences"))
    for s, _ in c.support:
        sent = sentences.at(s)
        if sent is not None:
            out.add((sent.start, sent.end))
    return sorted(out)


def events(doc: AnalyzedDoc) -> AnalyzedDoc:
    return doc.with_layer("events", extract_events(doc))


STAGE = Stage("events", events, requires=("sentences",), provides=("events",),
              uses=("mentions", "times", "claims"),
              doc="ACLED-typed events with place, date, actors and death toll")
