"""Stage: ACLED-typed events of one article, from trigger phrases and the layers around them.

Each trigger becomes a candidate event placed at the most specific place of its clause
(else its sentence, else the article's main place), dated through the times layer, with
the actors of its sentence. ACLED precedence settles co-occurring
tactics (a suicide bombing during a clash is a Suicide bomb); reports of one event in one
article (same type, place and day) are merged and keep every supporting trigger.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from tabayyun.entities.kb import nationalities
from tabayyun.events.context import (
    antecedent,
    best_place,
    clause_bounds,
    effective_rank,
    event_date,
    is_place,
    is_since,
    located_from,
    main_place,
    nearby_actors,
    place_rank,
)
from tabayyun.events.filters import (
    after_demonstrative,
    arrest_not_made,
    legal_status,
    names_an_aim,
    not_an_event,
    not_territory,
    other_incident,
    vague_date,
)
from tabayyun.events.triggers import (
    MARKERS,
    TriggerHit,
    absorbs,
    find_triggers,
    key_view,
    marker_offsets,
    tag_offsets,
)
from tabayyun.geo.distance import km_between
from tabayyun.geo.gazetteer import default_gazetteer
from tabayyun.geo.precision import COARSE, SPECIFICITY
from tabayyun.model import AnalyzedDoc, Attribution, EntityLabel, Event, Mention, Precision, Sentence
from tabayyun.pipeline import Stage
from tabayyun.spanindex import span_index
from tabayyun.text.normalize import compact_key, normalize_key
from tabayyun.text.segment import split_sentences

_SAME_SITE_KM = 2.0
_COUNTRY = SPECIFICITY["country"]
_MANY_PLACES = 3  # places joined by "و" after a trigger in its clause: a regional summary
_CONTAINS_KM = 100.0
# A trigger with the article ("التفجيرين"، "والغارات") names an incident the reader already knows
_DEFINITE = re.compile(r"(?:[وف]?[بكل]?ال|[وف]?لل)")  # used with .match(text, pos)
_HEADLINE_CHARS = 200
_LEAD_SENTENCES = 2  # the body sentences after the headline that tell what the article reports
_NON_VIOLENT = frozenset({"Strategic developments", "Protests"})
_EXPLOSIONS = "Explosions/Remote violence"
# a campaign over many provinces or the whole country ("مداهمات في 13 محافظة"، "في أنحاء البلاد"): the
# event is the country's, not the one town the sentence also names
_NATIONWIDE = re.compile(
    r"(?:في|ب|على)\s*(?:[\d\u0660-\u0669]+|عدة|عدد من|مختلف|جميع|كافة|سائر|شتى)\s+(?:ال)?"
    r"(?:محافظات|محافظة|ولايات|ولاية|مدن|مدينة|أقاليم|إقليما|مناطق)|(?:جميع|كافة|مختلف)?\s*أنحاء\s+(?:البلاد|ال\w+)")
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
    definite: bool = False  # with the article: may restate an incident already reported ("القصف الذي")
    headline: bool = False  # in the article's first line: the headline names the body's event
    lead: bool = False  # in the headline or the first two sentences of the body: what the article reports
    locates: bool = False  # definite and undated: may name the site of an incident reported coarsely
    rank: int = 99  # how fine its place is, finer when the text locates it in or from another (effective_rank)
    within: str | None = None  # the key of the place the text locates its place in or from (دار سعد شمال عدن)
    # the reports this event is made of, and those of other incidents it must stay apart from
    # ("وقبل أقل من 24 ساعة على هذا الهجوم دمر انفجار ...": two incidents, whatever their site)
    members: set[int] = field(default_factory=set)
    apart: list[_Candidate] = field(default_factory=list)
    fresh_from: int | None = None  # a new incident: joins no event first reported before this offset
    # the report it is dated against and the days from that report's incident, when its sentence
    # names no day of its own ("وقبل أقل من 24 ساعة على هذا الهجوم": the same day)
    dated_against: tuple[_Candidate, int] | None = None
    dates_other: bool = False  # the incident others of its sentence are dated against ("بعد ساعات من تفجير")

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
    an attack or an arson hits civilians, a state actor takes ground back, a suicide bomber
    drives the car bomb. A suicide bomber
    ("انتحاري"، "انغماسيون") is a perpetrator, not an event: the explosion or attack beside
    him in the sentence is."""
    air, mob, suicide = markers["air"], markers["mob"], markers["suicide"]
    civilian, casualty = markers["civilian"], markers["casualty"]
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
    elif c.generic and c.event_type == "Battles" and _in_range(civilian, *clause):
        # هاجم مسلحون منزل عائلة: an attack on civilians, not a battle (ACLED)
        c.event_type, c.sub_event_type = "Violence against civilians", "Attack"
    elif c.sub_event_type == "Looting/property destruction" and _in_range(civilian, *clause) \
            and _in_range(casualty, c.sentence.start, c.sentence.end):
        # أضرموا النار في منزل ما أدى إلى مقتل طفل: the people inside were attacked, not only the house
        c.event_type, c.sub_event_type = "Violence against civilians", "Attack"
    elif c.event_type == "Battles" and c.sub_event_type != "Armed clash" and actors:
        state = (actors[0].actor_type or "").lower() in _STATE_TYPES
        c.sub_event_type = "Government regains territory" if state else "Non-state actor overtakes territory"


def _apply_precedence(cands: list[_Candidate]) -> list[_Candidate]:
    """Within one sentence, a stronger tactic replaces the weaker one it absorbs (ACLED)."""
    kept: list[_Candidate] = []
    for c in cands:
        stronger = next((o for o in cands if o is not c and absorbs(o.sub_event_type, c.sub_event_type)
                         and o.sentence is c.sentence and o not in c.apart
                         and (o.place_key == c.place_key or c.place_is_default or o.place_is_default)), None)
        if stronger is not None:
            stronger.support.extend(c.support)
            stronger.tags |= c.tags
            continue
        kept.append(c)
    return kept


def _near_day(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= 1


def _same_site(a: _Candidate, b: _Candidate, restated: bool = False) -> bool:
    """One site: the same place, places a few km apart, or a province or country and a place
    inside it (a report names the bombed mosque in one sentence and its province in another).
    A definite report that ``restated`` the incident may also name a place the text locates in
    or from the other's ("القصف على مدينة عدن" then "القصف الذي تعرضت له ضاحية دار سعد شمال
    مدينة عدن"); an indefinite one there is another incident near it."""
    if a.place_key == b.place_key:
        return True
    if a.place is None or b.place is None:
        return False
    if restated and ((a.within is not None and a.within == b.place_key)
                     or (b.within is not None and b.within == a.place_key)):
        return True
    km = km_between(a.place, b.place)
    coarse = max(place_rank(a.place), place_rank(b.place)) >= COARSE
    if km is None:
        # a province or country and a finer place the gazetteer cannot put anywhere (قرية سترة):
        # news names the country first and the village after, so they are taken as one site; so
        # does a definite restatement when neither is known ("غارة في ولاية X" then "منطقة Y حيث
        # حصلت الغارة")
        return coarse and min(place_rank(a.place), place_rank(b.place)) < COARSE \
            and ((a.place.lat is None) != (b.place.lat is None) or restated) and a.event_type not in _NON_VIOLENT
    return km <= _SAME_SITE_KM or (coarse and km <= _CONTAINS_KM)


def _restates(a: _Candidate, b: _Candidate) -> bool:
    """Whether ``b`` may restate ``a`` in the body: definite, and of its tactic ("القصف الذي تعرضت له")."""
    return b.definite and not b.headline and (a.sub_event_type == b.sub_event_type or absorbs(
        a.sub_event_type, b.sub_event_type) or absorbs(b.sub_event_type, a.sub_event_type))


def _km(a: _Candidate, b: _Candidate) -> float | None:
    return km_between(a.place, b.place) if a.place is not None and b.place is not None else None


def _fine_site(a: _Candidate, b: _Candidate) -> bool:
    """One exact site: the same named place or places a few km apart, neither of them a
    province or coarser, nor the article's default place."""
    if a.place is None or b.place is None or a.place_is_default or b.place_is_default:
        return False
    if max(place_rank(a.place), place_rank(b.place)) >= COARSE:
        return False
    if a.place_key == b.place_key:
        return True
    km = km_between(a.place, b.place)
    return km is not None and km <= _SAME_SITE_KM


def _coarse(c: _Candidate) -> bool:
    """Placed no finer than a province, or not placed at all."""
    return c.place is None or place_rank(c.place) >= COARSE


def _country(c: _Candidate) -> bool:
    return c.place is None or place_rank(c.place) >= _COUNTRY


def _finer(a: _Candidate, b: _Candidate) -> bool:
    """Whether ``b`` is placed more precisely than ``a``."""
    if b.place is None or b.place_is_default:
        return False
    return a.place is None or a.place_is_default or b.rank < a.rank


def _move(target: _Candidate, c: _Candidate) -> None:
    """Place ``target`` where ``c`` is placed."""
    target.place, target.place_is_default, target.rank, target.within = c.place, c.place_is_default, c.rank, c.within


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
    return c.place is None or c.place_is_default or place_rank(c.place) >= COARSE


def _antecedent_event(merged: list[_Candidate], c: _Candidate) -> _Candidate | None:
    """The event an anaphoric trigger refers back to: the latest one reported before it, on any
    day, of its type (of any violent type for a generic trigger). "وقال التنظيم إن التفجيرين
    استهدفا..." is the two bombings already placed, not a third event wherever the sentence is;
    "أعلنت الشرطة اليوم توقيف ... على خلفية التفجير" carries the statement's day, not the bombing's."""
    # an event is reported where any of its reports stands: the bombing whose own trigger comes
    # later was already told by "سلسلة من الهجمات" and "هجوما" before "وهذه الهجمات هي الأولى"
    told = [(max(s for s, _ in m.support if s < c.hit.start), m) for m in merged
            if any(s < c.hit.start for s, _ in m.support)
            and (m.event_type == c.event_type or (c.generic and m.event_type not in _NON_VIOLENT))]
    return max(told, key=lambda e: e[0], default=(0, None))[1]


def _one_riot(a: _Candidate, b: _Candidate) -> bool:
    """A clash and a riot at one site on one day are one riot: the crowd named in one report
    ("أصيب العشرات من المصلين") makes the others' clashes and storming part of it (ACLED)."""
    return {a.event_type, b.event_type} == {"Battles", "Riots"} and "Armed clash" in (a.sub_event_type, b.sub_event_type)


_DAMAGE = "Looting/property destruction"


def _damage_of(a: _Candidate, b: _Candidate) -> bool:
    """One is property destroyed and the other an attack on civilians at its site: the burnt home
    is part of the attack on its family ("أضرموا النار في المنزل" beside "هاجم مستوطنون منزلهم").
    Destruction beside fighting stays its own event (a demolition, a prison wrecked in a battle)."""
    return {a.sub_event_type, b.sub_event_type} == {_DAMAGE, "Attack"} \
        and "Violence against civilians" in (a.event_type, b.event_type)


def _same_kind(a: _Candidate, b: _Candidate) -> bool:
    """Both violent or both not: a generic "تفجير" beside an arrest is the bombing, not the arrest."""
    return (a.event_type in _NON_VIOLENT) == (b.event_type in _NON_VIOLENT)


def _allowed(m: _Candidate, c: _Candidate) -> bool:
    """Whether report ``c`` may join event ``m``: no report of either is dated against the other
    ("قبل 24 ساعة على هذا الهجوم"), and ``c`` is not a new incident dated against one reported
    before ``m`` was."""
    if c.fresh_from is not None and m.hit.start < c.fresh_from:
        return False
    return not any(id(p) in m.members for p in c.apart)


def _join(target: _Candidate, c: _Candidate, by_reference: bool) -> None:
    """Add report ``c`` to the event ``target``: its support, a stronger tactic, a finer site, a day."""
    target.support.extend(c.support)
    target.members |= c.members
    target.apart.extend(c.apart)
    target.tags |= c.tags
    if _one_riot(target, c):
        target.event_type, target.sub_event_type = "Riots", "Violent demonstration"
    elif _damage_of(target, c) and target.sub_event_type == _DAMAGE:
        target.event_type, target.sub_event_type = c.event_type, c.sub_event_type
    if absorbs(c.sub_event_type, target.sub_event_type) and not c.generic:
        target.sub_event_type = c.sub_event_type
    elif target.generic and c.generic and c.event_type == _EXPLOSIONS and target.event_type != _EXPLOSIONS \
            and target.event_type not in _NON_VIOLENT:
        # "الحادث الإرهابي" told again as "تفجير سترة": an explosion says the tactic an attack does not
        target.event_type, target.sub_event_type = c.event_type, c.sub_event_type
    # a generic trigger's place is where its own incident was, not a finer place for a specific
    # event of another type ("حالات خطف" in the province, "التفجير" in the town)
    if not by_reference and (not c.generic or target.generic or c.event_type == target.event_type) \
            and _finer(target, c):
        _move(target, c)
    elif _coarse(target) and c.place is not None and place_rank(c.place) < COARSE \
            and target.event_type not in _NON_VIOLENT and (
                (target.event_type == c.event_type and not c.place_is_default) or _country(target)
                or (c.anaphoric and c.generic and not c.place_is_default and _same_kind(target, c))):
        # "تفجير في البحرين" then "التفجير وقع في قرية سترة": a later report names the site the
        # first placed only by its province or country (a report of another kind, or the
        # article's main place, only when the first named no more than the country; "الهجوم"
        # restating the incident: "وقال مكتب الحاكم إن الهجوم نفذ ... على موقع في منطقة X")
        _move(target, c)
    if target.day is None:
        target.day, target.precision = c.day, c.precision


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
        c.members.add(id(c))
        allowed = [m for m in merged if _allowed(m, c)] if c.apart else merged
        # "ويأتي هذا التفجير بعد أيام من تفجير في X": the sentence's site is the other incident's,
        # so "this bombing" is the one reported before it
        target = _antecedent_event(allowed, c) if c.apart and c.anaphoric and not c.dates_other else None
        # a headline carries the publication day: it joins the incident at its site whatever its
        # day; a back-reference joins the incident reported before it (_antecedent_event), not
        # the article's first event of any day
        target = target or next((m for m in allowed if (c.headline or _near_day(m.day, c.day)) and (
            ((m.event_type == c.event_type or _one_riot(m, c) or _damage_of(m, c)) and _same_site(m, c, _restates(m, c)))
            or (c.generic and _same_kind(m, c) and (_same_site(m, c) or c.place_is_default)))), None)
        if target is None and c.headline and c.place_is_default:
            # a headline that names no place ("غارة أمريكية تسفر عن مقتل 14 جنديا") is the body's one
            # event of its type, wherever the body places it
            of_type = [m for m in allowed if m.event_type == c.event_type]
            target = of_type[0] if len(of_type) == 1 else None
        by_reference = c.anaphoric and (target is None or bool(c.apart))
        if target is None and by_reference:
            target = _antecedent_event(allowed, c)
        elif target is None and c.locates:
            found = _antecedent_event(allowed, c)
            if found is not None and ((_coarse(found) and _same_site(found, c)) or (
                    not _finer(found, c) and (km := _km(found, c)) is not None and km <= _CONTAINS_KM)):
                # the site of an incident reported by its country, or the incident again by its town
                # ("إن التفجيرين استهدفا" after the bombings in two districts of the city)
                target, by_reference = found, True
        if target is None:
            # the same fighting at the same site on another day: "منهية اشتباكات بدأت في العشرين"
            # dates the start of the incident the article reports, not a second event
            target = next((m for m in allowed if _fine_site(m, c) and (
                m.event_type == c.event_type or (c.generic and m.event_type not in _NON_VIOLENT))), None)
            by_reference = target is not None
        if target is None:
            merged.append(c)
            continue
        _join(target, c, by_reference)
    return merged


def _restated(merged: list[_Candidate]) -> list[_Candidate]:
    """Reports of one incident kept apart until a later report placed one of them: the same type at
    the same site on near days is one event ("عملية انتحارية استهدفت مركزا للدرك" placed by its
    restatement "الهجوم ... على موقع في منطقة X" and "تفجير انتحاري في الإقليم")."""
    out: list[_Candidate] = []
    for c in merged:
        target = next((m for m in out if _allowed(m, c) and _near_day(m.day, c.day)
                       and _same_site(m, c, _restates(m, c)) and (
            m.event_type == c.event_type or _one_riot(m, c) or _damage_of(m, c))), None)
        if target is None:
            out.append(c)
        else:
            _join(target, c, False)
    return out


def extract_events(doc: AnalyzedDoc) -> list[Event]:
    """The events one article reports, with offsets into its original text."""
    text = doc.text
    end = doc.document.extraction_end
    sentences: Sequence[Sentence] = doc.layer("sentences") or split_sentences(text, 0, end)
    mentions: Sequence[Mention] = doc.layer("mentions")
    # tuples: their span indexes are built once and shared by every trigger's lookups
    places = tuple(m for m in mentions if is_place(m) and m.start < end)
    actor_mentions = tuple(_not_speakers(mentions, doc.layer("attributions")))
    names = tuple(m for m in mentions if (is_place(m) or m.label == EntityLabel.ORG) and m.start < end)
    default = main_place(doc, places)
    view = key_view(text, end)
    markers = {kind: marker_offsets(view, kind) for kind in MARKERS}
    tags = tag_offsets(view)
    tag_starts = [t[0] for t in tags]
    starts = [s.start for s in sentences]
    headline_end = _headline_end(text)
    body = [s for s in sentences if s.start >= headline_end and s.text.strip()]
    lead_end = body[min(_LEAD_SENTENCES, len(body)) - 1].end if body else 0
    date_starts = sorted(t.start for t in doc.layer("times") if t.kind == "date" and not is_since(text, t))

    candidates: list[_Candidate] = []
    for hit in find_triggers(view, 0, end):
        i = bisect_right(starts, hit.start) - 1
        if i < 0 or hit.start >= sentences[i].end:
            continue
        sentence = sentences[i]
        clause = clause_bounds(text, sentence, hit.start)
        if span_index(names).containing(hit.start, hit.end):
            continue  # "ساحة التحرير"، "منظمة التحرير": the trigger word is part of a place's or group's name
        if _many_places(text, places, hit.end, clause[1]):
            continue  # "غارات على مواقع في محافظات أ وب وج ود": a campaign summed over a region
        if not_an_event(text, clause[0], hit.start):
            continue  # "لم يسجل أي هجوم"، "تفكيك عبوة ناسفة"، "أعنف الهجمات": named, not happened
        if hit.rule.sub_event_type == "Arrests" and (arrest_not_made(text, sentence.start, hit.start)
                                                     or legal_status(text, hit.end)):
            continue
        if hit.rule.purposive and (names_an_aim(text, hit.start) or not_territory(text, hit.end)):
            continue  # "في محاولة للسيطرة على": an aim; "سيطرت على الموقف": no ground taken
        # "الاشتباكات في محيط السجن": the prison named earlier, before any other place of the sentence
        place = best_place(places, *clause, hit.start, text=text) or antecedent(text, *clause, places) \
            or best_place(places, sentence.start, sentence.end, hit.start, before_first=True, text=text)
        if _NATIONWIDE.search(text, clause[0], sentence.end):
            place = _country_of(places, sentence, hit.start) or place
        elif place is None and hit.rule.event_type in _NON_VIOLENT:
            # "أعلنت الحكومة التركية عن اعتقال 320 شخصا": a state's announcement placed nowhere is its country's
            place = _national(places, text, sentence)
        day, precision = event_date(doc, sentence, hit.start, hit.end, clause[1])
        if vague_date(precision):
            continue  # dated to a month or year only: the story's background
        actors = nearby_actors(actor_mentions, *clause, hit.start) or nearby_actors(actor_mentions, sentence.start,
                                                                                     sentence.end, hit.start)
        lo, hi = bisect_right(tag_starts, sentence.start - 1), bisect_right(tag_starts, sentence.end - 1)
        c = _Candidate(hit, sentence, hit.rule.event_type, hit.rule.sub_event_type, hit.rule.generic,
                       place or default, place is None, day, precision,
                       set(hit.rule.tags) | {t for _, t in tags[lo:hi]}, [(hit.start, hit.end)])
        c.anaphoric = _refers_back(c, text, clause[0])
        # "يذكر أن التفجير وقع أمام مدرسة في قرية X": a definite trigger in a sentence of no date may
        # tell the site of an incident reported before by its country or province only
        c.definite = _DEFINITE.match(text, hit.start, hit.end) is not None
        c.locates = not c.anaphoric and c.definite \
            and not _in_range(date_starts, sentence.start, sentence.end)
        c.headline = hit.end <= headline_end
        c.lead = hit.end <= lead_end
        if c.place is not None:
            c.rank = effective_rank(c.place, places, text)
            found = located_from(c.place, places, text)
            c.within = found.entity_id or found.text if found is not None else None
        _retype(c, clause, markers, actors)
        candidates.append(c)

    _keep_apart(candidates, text, date_starts)
    by_sentence: dict[int, list[_Candidate]] = {}
    for c in candidates:
        by_sentence.setdefault(c.sentence.start, []).append(c)
    resolved = [c for group in by_sentence.values() for c in _apply_precedence(group)]
    merged = _restated(_merge(resolved))
    _date_against(merged)
    _place_coarse_at_main(merged, default)
    # an article whose every violent event would be a passing mention reports them all
    reported = any(c.event_type not in _NON_VIOLENT and not _passing(c) for c in merged)
    return [_to_event(doc, c, actor_mentions) for c in merged if not reported or not _passing(c)]


def _keep_apart(cands: list[_Candidate], text: str, date_starts: Sequence[int]) -> None:
    """A report dated against another incident ("بعد ساعات من تفجير ..."، "قبل 24 ساعة على هذا
    الهجوم") and the sentence's other violent reports are two incidents, never one event."""
    for a in cands:
        if a.event_type in _NON_VIOLENT:
            continue
        interval = other_incident(text, clause_bounds(text, a.sentence, a.hit.start)[0], a.hit.start)
        if interval is None:
            continue
        undated = not _in_range(date_starts, a.sentence.start, a.sentence.end)
        a.dates_other = True
        for c in cands:
            if c is not a and c.sentence.start == a.sentence.start and c.event_type not in _NON_VIOLENT:
                a.apart.append(c)
                c.apart.append(a)
                if a.definite:
                    # "قبل 24 ساعة على هذا الهجوم دمر انفجار": the incident already reported is the
                    # dated-against one, so the others of the sentence are not any incident before it
                    c.fresh_from = a.sentence.start
                    if undated and interval.days is not None:
                        c.dated_against = (a, interval.days)


def _date_against(merged: list[_Candidate]) -> None:
    """An incident told only by its distance from another takes that incident's day moved by it."""
    for e in merged:
        if e.dated_against is None:
            continue
        anchor, days = e.dated_against
        other = next((m for m in merged if id(anchor) in m.members), None)
        if other is not None and other is not e and other.day is not None:
            e.day, e.precision = other.day + timedelta(days=days), other.precision


def _passing(c: _Candidate) -> bool:
    """A violent event told once (one trigger, no other report of it in the article) and placed by
    nothing of its own: only by the article's main place, or by no more than a province or a
    country ("شن التنظيم هجمات في سوريا"). (An event the article places nowhere at all is kept: the
    analyst sees it has no place; a state's arrests or a protest announced for a whole country are
    placed by that country; an event of the headline or the lead is what the article reports; a
    definite noun (التفجيرات، الهجوم) names an incident the story knows, and
    ties the article to it; and an article whose violent events are all such mentions reports them,
    however placed.) Such a mention is the background of the report, not an
    incident it reports; an incident the article is about is told again, or placed."""
    return c.event_type not in _NON_VIOLENT and len(c.support) == 1 and c.place is not None and not c.definite \
        and not c.lead and (c.place_is_default or place_rank(c.place) >= COARSE)


def _place_coarse_at_main(merged: list[_Candidate], main: Mention | None) -> None:
    """The one violent event of its type an article places only by a region or country (أضرموا
    النيران في منزل بالضفة الغربية) happened at the article's main place when that place is finer
    and lies inside (the village the rest of the article names)."""
    if main is None or place_rank(main) >= COARSE:
        return
    for c in merged:
        if c.event_type in _NON_VIOLENT or not _coarse(c) or c.place is None or c.place is main:
            continue
        if sum(1 for o in merged if o.event_type == c.event_type) > 1:
            continue  # several incidents of its kind: the main place may be another's
        km = km_between(c.place, main)
        if km is not None and km <= _CONTAINS_KM:
            c.place, c.place_is_default, c.rank, c.within = main, True, place_rank(main), None


def _not_speakers(mentions: Sequence[Mention], attributions: Sequence[Attribution]) -> list[Mention]:
    """Mentions less the persons who speak for a source (وقال المتحدث باسم الداخلية اللواء فلان): an
    official who announces a toll reports the event, he does not take part in it. A group named as
    the source stays: "أعلن الجيش أنه قصف" is the army's own strike."""
    spans = sorted((a.source_start, a.source_end) for a in attributions if a.source_end > a.source_start)
    starts = [s for s, _ in spans]
    longest = max((e - s for s, e in spans), default=0)

    def speaks(m: Mention) -> bool:
        # a source phrase holding m starts at most ``longest`` before it: only those are read
        lo, hi = bisect_left(starts, m.start - longest), bisect_right(starts, m.start)
        return any(m.end <= e for _, e in spans[lo:hi])

    return [m for m in mentions if m.label != EntityLabel.PER or not speaks(m)]


def _country_of(places: Sequence[Mention], sentence: Sentence, anchor: int) -> Mention | None:
    """The country a nationwide event happened in: the one its sentence names nearest the trigger,
    else the article's most named country."""
    countries = [m for m in places if place_rank(m) >= _COUNTRY]
    inside = [m for m in countries if sentence.start <= m.start < sentence.end]
    if inside:
        return min(inside, key=lambda m: abs(m.start - anchor))
    if not countries:
        return None
    counts = Counter(m.entity_id or m.text for m in countries)
    return next(m for m in countries if (m.entity_id or m.text) == counts.most_common(1)[0][0])


def _national(places: Sequence[Mention], text: str, sentence: Sentence) -> Mention | None:
    """The country mention of the nationality its sentence gives an institution (الحكومة التركية)."""
    adjectives = nationalities()
    codes = {adjectives[k] for w in normalize_key(text[sentence.start:sentence.end]).split()
             for k in (compact_key(w),) if k in adjectives}
    if not codes:
        return None
    gaz = default_gazetteer()
    for m in places:
        found = gaz.get(m.entity_id) if m.entity_id else None
        if found is not None and found.level == "country" and found.country in codes:
            return m
    return None


def _headline_end(text: str) -> int:
    """End of the article's first line when it reads as a headline (short, not closed by a full
    stop, and text follows); -1 when the article opens on its first paragraph."""
    stripped = len(text) - len(text.lstrip())
    stop = text.find("\n", stripped)
    if not 0 < stop - stripped <= _HEADLINE_CHARS or text[stripped:stop].rstrip().endswith((".", "۔")):
        return -1
    return stop


def _to_event(doc: AnalyzedDoc, c: _Candidate, mentions: Sequence[Mention]) -> Event:
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
        tags=tuple(sorted(c.tags)), notes=notes, support=tuple(sorted(set(c.support))),
    )


def events(doc: AnalyzedDoc) -> AnalyzedDoc:
    return doc.with_layer("events", extract_events(doc))


STAGE = Stage("events", events, requires=("sentences",), provides=("events",),
              uses=("mentions", "times", "attributions"),
              doc="ACLED-typed events with place, date and actors")
