"""Exports beyond JSON Lines: an ACLED-style CSV of incidents and GeoJSON layers of incidents,
article events and places.

The CSV has ACLED's columns in ACLED's order, one row per incident (one real-world event
merged across outlets; its articles in ``source`` and ``notes``), coded as ACLED codes
(``report.acled``): actor names and type codes, numeric precisions, ISO codes, the region,
admin levels and the most conservative fatality figure. The GeoJSON carries the same
incidents (``layer: incidents``, joined to the CSV by ``event_id_cnty``), every geocoded
article event (``layer: events``) and every geocoded place mention (``layer: places``).

Everything is read from store query streams: the article events once (an index of them, for
the incidents' facts), the killed counts and mentions streamed document by document.
Analysts' corrections apply: an event marked wrong leaves its incident (an incident of wrong
events only is not written), a fixed event type counts as fixed, and a corrected incident is
tagged ``corrected``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby
from typing import IO, Any

from tabayyun.analysis.timeline import acled_figure
from tabayyun.corrections import Action, Corrections, Target, event_key
from tabayyun.ingest.outlet import known_outlets
from tabayyun.model import Claim, ClaimRole, Event, Mention
from tabayyun.report.acled import AcledCoding, Actor, Country, coding
from tabayyun.safety import SafeDictWriter
from tabayyun.store import ClaimFilter, EventFilter, Found, MentionFilter, Page, Store
from tabayyun.text.normalize import normalize_key

# ACLED's column set, in ACLED's order (ACLED codebook; acledR's data dictionary)
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# articles listed by name in an incident's notes; the rest are counted
NOTES_ARTICLES = 20
# what Excel needs to read a CSV as UTF-8 (without it, Arabic opens as mojibake)
UTF8_BOM = "\ufeff"
GEOJSON_LAYERS = ("incidents", "events", "places")


# --- article events and their tolls ------------------------------------------------------------

def event_fatalities(claims: Iterable[Claim], event: Event) -> int | None:
    """ACLED's conservative toll of one article event: the lowest whole killed count the article
    ties to it, a vague one coded with its low fixed figure; None when none is given.
    ``claims`` are the claims of the event's article."""
    figures = [acled_figure(c) for c in claims if c.event_start == event.start and c.measure == "killed"
               and c.role in (ClaimRole.TOTAL, ClaimRole.GROUP)]
    known = [f for f in figures if f is not None]
    return int(min(known)) if known else None


class _ClaimsByDoc:
    """Each article's claims, taken from a stream in document order as the events ask for them
    (the two streams advance together: one article's claims are in memory at a time)."""

    def __init__(self, claims: Iterable[Found[Claim]]) -> None:
        self._groups = groupby(claims, key=lambda f: f.doc_id)
        self._next: tuple[str, list[Claim]] | None = self._advance()

    def _advance(self) -> tuple[str, list[Claim]] | None:
        group = next(self._groups, None)
        return None if group is None else (group[0], [f.span for f in group[1]])

    def of(self, doc_id: str) -> list[Claim]:
        # both streams come in the store's doc_id order, which is code point order, as Python's
        while self._next is not None and self._next[0] < doc_id:
            self._next = self._advance()
        if self._next is not None and self._next[0] == doc_id:
            return self._next[1]
        return []


def article_events(events: Iterable[Found[Event]], claims: Iterable[Found[Claim]]
                   ) -> Iterator[tuple[Found[Event], int | None]]:
    """Each article event with its article's toll of it; both streams in document order
    (``claims`` need only be the killed counts)."""
    tolls = _ClaimsByDoc(claims)
    for found in events:
        yield found, event_fatalities(tolls.of(found.doc_id), found.span)


# --- incidents as ACLED rows -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class IncidentRow:
    """One incident as the CSV writes it (``columns``), with what the map layer adds."""

    incident_id: str
    story_id: str | None
    columns: dict[str, Any]
    lat: float | None
    lon: float | None
    location_written: str  # the place as the articles write it
    outlets: tuple[str, ...]
    refs: tuple[tuple[str, int], ...]  # (doc_id, start) of its article events



def _outlet_countries() -> dict[str, str]:
    """Normalised outlet name or alias -> the outlet's country (``lexicon/outlets.json``)."""
    out: dict[str, str] = {}
    for o in known_outlets():
        if o.country:
            for name in (o.name, *o.aliases):
                out.setdefault(normalize_key(name), o.country)
    return out


def source_scale(outlets: Iterable[str], country: Country | None, countries: Mapping[str, str],
                 code: AcledCoding) -> str:
    """ACLED's source scale: National (an outlet of the incident's country), International (of
    another), both joined by '-'; empty when no outlet's country is known."""
    if country is None:
        return ""
    kinds = set()
    for o in outlets:
        home = countries.get(normalize_key(o))
        if home:
            kinds.add("national" if home == country.code else "international")
    return "-".join(code.scales[k] for k in ("national", "international") if k in kinds)


def _wrong_and_fixed(corrections: Corrections | None, doc_id: str, start: int, end: int
                     ) -> tuple[bool, dict[str, Any]]:
    """Whether analysts marked an article event wrong, and the fields they fixed."""
    if corrections is None:
        return False, {}
    mine = corrections.by_key.get((Target.EVENT, event_key(doc_id, start, end)), [])
    changes: dict[str, Any] = {}
    for c in mine:
        changes.update(c.changes)
    return any(c.action is Action.WRONG for c in mine), changes


def _when(record: Mapping[str, Any], facts: list[Found[Event]], code: AcledCoding) -> tuple[date | None, int]:
    """The incident's day (precision 1), else the most precise date its reports give."""
    if record.get("date"):
        return date.fromisoformat(record["date"]), code.time_precision("day")
    dated = [(code.time_precision(str(f.span.time_precision)), f.span.date) for f in facts if f.span.date]
    if not dated:
        return None, code.time_precision("year")
    precision, day = min(dated)
    return day, precision


def _number(incident_id: str, fallback: int) -> int:
    digits = "".join(ch for ch in incident_id if ch.isdigit())
    return int(digits) if digits else fallback


def _actors(record: Mapping[str, Any], facts: list[Found[Event]], country: Country | None, event_type: str,
            name_of: Callable[[str], str | None] | None, code: AcledCoding) -> tuple[Actor | None, Actor | None,
                                                                                   list[Actor]]:
    """(actor1, actor2, the other actors) as ACLED names them; ACLED's generic actors where the
    articles name none (an Unidentified Armed Group, the civilians a violence is against)."""
    types: dict[str, str] = {}
    for f in facts:
        for a, t in zip(f.span.actors, f.span.actor_types, strict=False):
            types.setdefault(a, t)
    named: list[Actor] = []
    for a in record.get("actors") or []:
        actor = code.actor(a, types.get(a, ""), country, name_of)
        if all(actor.name != n.name for n in named):  # two units of one army are one ACLED actor
            named.append(actor)
    default = code.default_actor1.get(event_type)
    actor1 = named[0] if named else (code.generic_actor(default, country) if default else None)
    actor2 = named[1] if len(named) > 1 else None
    if actor2 is None and event_type in code.civilian_victims:
        actor2 = code.generic_actor("civilians", country)
    return actor1, actor2, named[2:]


def _notes(record: Mapping[str, Any], kept: list[Mapping[str, Any]], outlet_of: Mapping[str, str | None],
           when: date | None, sub_event_type: str, location: str, story_id: str | None, why: str | None,
           corrected: bool) -> str:
    head = f"{when.isoformat() if when else 'Undated'}: {sub_event_type}" + (f" at {location}" if location else "")
    where = f"Incident {record['incident_id']}" + (f" of story {story_id}" if story_id else "")
    docs = sorted({e["doc_id"] for e in kept})
    listed = []
    for e in kept[:NOTES_ARTICLES]:
        outlet = outlet_of.get(e["doc_id"])
        listed.append(f"{e['doc_id']}{f' ({outlet})' if outlet else ''} '{e['text']}' [{e['start']}-{e['end']}]")
    more = len(kept) - NOTES_ARTICLES
    parts = [head, f"{where}, reported in {len(docs)} article(s), {len(kept)} report(s): " + "; ".join(listed)
             + (f"; and {more} more report(s)" if more > 0 else "")]
    if why:
        parts.append(f"Fatalities: {why}")
    if corrected:
        parts.append("Corrected by an analyst (see the JSON Lines export)")
    return ". ".join(parts) + "."


def incident_rows(incidents: Iterable[Mapping[str, Any]], events: Iterable[Found[Event]], *,
                  estimates: Iterable[Mapping[str, Any]] = (), corrections: Corrections | None = None,
                  name_of: Callable[[str], str | None] | None = None, now: datetime | None = None,
                  code: AcledCoding | None = None) -> list[IncidentRow]:
    """Every incident as an ACLED row. ``events``: the article events (every one an incident
    lists should be there: their outlet, date precision, place and actors come from them);
    ``estimates``: the estimate records (the reasoning behind each incident's toll);
    ``name_of``: the name the articles write for an entity outside the knowledge base."""
    code = code or coding()
    by_ref = {(f.doc_id, f.span.start): f for f in events}
    # (a store written before estimates were per incident has none to give)
    why = {e["incident_id"]: (e.get("acled") or {}).get("reasoning") for e in estimates
           if e.get("incident_id") and e.get("measure") == "killed" and e.get("unit") == "persons"}
    timestamp = int((now or datetime.now(UTC)).timestamp())
    countries = _outlet_countries()
    incidents = list(incidents)
    # an incident placed only by a name the gazetteer lacks is in the country its story's others are in
    story_countries: dict[str, Counter[str]] = {}
    for record in incidents:
        place = code.place((record.get("location") or {}).get("id"))
        if place is not None and place.country and record.get("story_id"):
            story_countries.setdefault(record["story_id"], Counter())[place.country] += 1
    rows = []
    for n, record in enumerate(incidents, start=1):
        around = story_countries.get(record.get("story_id") or "")
        row = _incident_row(record, by_ref, why.get(record["incident_id"]), corrections, name_of, timestamp,
                            countries, code, n, around.most_common(1)[0][0] if around else None)
        if row is not None:
            rows.append(row)
    return rows


def _incident_row(record: Mapping[str, Any], by_ref: Mapping[tuple[str, int], Found[Event]], why: str | None,
                  corrections: Corrections | None, name_of: Callable[[str], str | None] | None, timestamp: int,
                  countries: Mapping[str, str], code: AcledCoding, n: int,
                  story_country: str | None = None) -> IncidentRow | None:
    kept: list[Mapping[str, Any]] = []
    kinds: list[tuple[str, str]] = []
    corrected = False
    for e in record.get("events", []):
        wrong, fixed = _wrong_and_fixed(corrections, e["doc_id"], e["start"], e["end"])
        corrected = corrected or wrong or bool(fixed)
        if not wrong:
            kept.append(e)
            kinds.append((fixed.get("event_type", e["event_type"]), fixed.get("sub_event_type", e["sub_event_type"])))
    if not kept:
        return None  # every report of it was marked wrong
    event_type, sub_event_type = record["event_type"], record["sub_event_type"]
    if corrected:
        event_type = Counter(t for t, _ in kinds).most_common(1)[0][0]
        sub_event_type = Counter(s for t, s in kinds if t == event_type).most_common(1)[0][0]
    facts = [f for f in (by_ref.get((e["doc_id"], e["start"])) for e in kept) if f is not None]
    loc = record.get("location") or {}
    place = code.place(loc.get("id"))
    others = [p for p in (code.place(f.span.location_id) for f in facts) if p is not None]
    home = place.country if place is not None and place.country else next(
        (c for c, _ in Counter(p.country for p in others if p.country).most_common(1)), story_country)
    country = code.country(home)
    when, precision = _when(record, facts, code)
    actor1, actor2, more = _actors(record, facts, country, event_type, name_of, code)
    outlet_of = {f.doc_id: f.outlet for f in facts}
    outlets = tuple(sorted({o for o in outlet_of.values() if o}))
    story_id = record.get("story_id")
    if corrections is not None:
        story_id = corrections.apply(dict(record)).get("story_id")
    admin = code.admin(place, others)
    location = code.location_name(place, loc.get("text"))
    lat, lon = loc.get("lat"), loc.get("lon")
    inter1, inter2 = (actor1.inter if actor1 else None), (actor2.inter if actor2 else None)
    # a second actor of unknown type leaves the interaction unknown, not "sole actor"
    interaction = "" if actor2 is not None and inter2 is None else code.interaction(inter1, inter2)
    tags = sorted({t for f in facts for t in f.span.tags} | ({"corrected"} if corrected else set()))
    columns = {
        "event_id_cnty": f"{country.iso3 if country else code.unknown_country}{_number(record['incident_id'], n)}",
        "event_date": when.isoformat() if when else "", "year": when.year if when else "",
        "time_precision": precision, "disorder_type": code.disorder_type(event_type, sub_event_type),
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": actor1.name if actor1 else "", "assoc_actor_1": "; ".join(a.name for a in more),
        "inter1": actor1.inter if actor1 and actor1.inter is not None else "",
        "actor2": actor2.name if actor2 else "", "assoc_actor_2": "",
        "inter2": actor2.inter if actor2 and actor2.inter is not None else "",
        "interaction": interaction,
        "civilian_targeting": code.civilian_targeting if event_type in code.civilian_victims
        or (actor2 is not None and actor2.inter == code.generic["civilians"]["inter"]) else "",
        "iso": country.iso if country else "", "region": country.region if country else "",
        "country": country.name if country else "",
        "admin1": admin.admin1, "admin2": admin.admin2, "admin3": admin.admin3, "location": location,
        "latitude": lat if lat is not None else "", "longitude": lon if lon is not None else "",
        "geo_precision": code.geo_precision(loc.get("precision"), loc.get("id")),
        "source": "; ".join(outlets), "source_scale": source_scale(outlets, country, countries, code),
        "notes": _notes(record, kept, outlet_of, when, sub_event_type, location, story_id, why, corrected),
        "fatalities": int(record.get("fatalities") or 0), "tags": "; ".join(tags), "timestamp": timestamp,
    }
    return IncidentRow(record["incident_id"], story_id, columns, lat, lon, loc.get("text") or "", outlets,
                       tuple((e["doc_id"], e["start"]) for e in kept))


# --- writers -----------------------------------------------------------------------------------

def write_acled_csv(rows: Iterable[IncidentRow], out: IO[str], excel: bool = False) -> int:
    """ACLED's columns, one row per incident. ``excel``: begin with a UTF-8 byte order mark,
    which Excel needs to read Arabic as UTF-8 (other readers skip it)."""
    if excel:
        out.write(UTF8_BOM)
    # outlet names, actors' Arabic names and notes come from articles: a cell a spreadsheet
    # would run as a formula (=HYPERLINK(...)) is written as text
    writer = SafeDictWriter(out, ACLED_COLUMNS)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row.columns)
        n += 1
    return n


def _feature(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def _incident_feature(row: IncidentRow) -> dict[str, Any] | None:
    if row.lat is None or row.lon is None:
        return None
    c = row.columns
    return _feature(row.lon, row.lat, {
        "layer": "incidents", "event_id_cnty": c["event_id_cnty"], "incident_id": row.incident_id,
        "story_id": row.story_id, "event_date": c["event_date"] or None, "event_type": c["event_type"],
        "sub_event_type": c["sub_event_type"], "actor1": c["actor1"], "actor2": c["actor2"],
        "fatalities": c["fatalities"], "outlets": "; ".join(row.outlets), "outlet_count": len(row.outlets),
        "reports": len(row.refs), "geo_precision": c["geo_precision"], "location": c["location"],
        "location_ar": row.location_written, "admin1": c["admin1"], "country": c["country"]})


def _event_feature(found: Found[Event], fatalities: int | None, incident: str | None, code: AcledCoding,
                   name_of: Callable[[str], str | None] | None) -> dict[str, Any] | None:
    e = found.span
    if e.lat is None or e.lon is None:
        return None
    place = code.place(e.location_id)
    country = code.country(place.country if place else None)
    actors = [code.actor(a, t, country, name_of).name for a, t in zip(e.actors, e.actor_types, strict=False)]
    return _feature(e.lon, e.lat, {
        "layer": "events", "event_id_cnty": incident, "doc_id": found.doc_id, "outlet": found.outlet,
        "start": e.start, "end": e.end, "text": e.text, "event_date": e.date.isoformat() if e.date else None,
        "event_type": e.event_type, "sub_event_type": e.sub_event_type,
        "actor1": actors[0] if actors else None, "actor2": actors[1] if len(actors) > 1 else None,
        "fatalities": fatalities, "geo_precision": code.geo_precision(e.geo_precision, e.location_id),
        "location": code.location_name(place, e.location), "location_ar": e.location})


def _place_feature(found: Found[Mention], code: AcledCoding) -> dict[str, Any] | None:
    m = found.span
    if m.lat is None or m.lon is None:
        return None
    place = code.place(m.entity_id)
    return _feature(m.lon, m.lat, {
        "layer": "places", "doc_id": found.doc_id, "outlet": found.outlet, "start": m.start, "end": m.end,
        "text": m.text, "label": str(m.label), "entity_id": m.entity_id,
        "geo_precision": code.geo_precision(m.geo_precision, m.entity_id),
        "location": code.location_name(place, m.canonical or m.text), "location_ar": m.text})


def write_geojson(rows: Iterable[IncidentRow], events: Iterable[tuple[Found[Event], int | None]],
                  mentions: Iterable[Found[Mention]], out: IO[str], code: AcledCoding | None = None,
                  name_of: Callable[[str], str | None] | None = None) -> int:
    """One FeatureCollection, each feature tagged with its ``layer`` (incidents, events, places):
    QGIS and Leaflet style or split by that property. The incidents' ``event_id_cnty`` joins
    the CSV; an article event carries its incident's."""
    code = code or coding()
    rows = list(rows)
    incident_of = {ref: row.columns["event_id_cnty"] for row in rows for ref in row.refs}
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0

    def emit(feature: dict[str, Any] | None) -> None:
        nonlocal n
        if feature is not None:
            out.write((",\n" if n else "\n") + json.dumps(feature, ensure_ascii=False))
            n += 1

    for row in rows:
        emit(_incident_feature(row))
    for found, fatalities in events:
        emit(_event_feature(found, fatalities, incident_of.get((found.doc_id, found.span.start)), code, name_of))
    for mention in mentions:
        emit(_place_feature(mention, code))
    out.write("\n]}\n")
    return n


# --- from a store ------------------------------------------------------------------------------

def store_names(store: Store) -> Callable[[str], str | None]:
    """The name the articles write for an entity (its first mention's canonical form), asked
    once per entity."""
    cache: dict[str, str | None] = {}

    def name_of(entity_id: str) -> str | None:
        if entity_id not in cache:
            first = next(iter(store.mentions(MentionFilter(entity_id=entity_id), Page(limit=1))), None)
            cache[entity_id] = (first.span.canonical or first.span.text) if first is not None else None
        return cache[entity_id]

    return name_of


def store_incident_rows(store: Store, now: datetime | None = None) -> list[IncidentRow]:
    """The ACLED rows of a store's incidents, with the analysts' corrections applied."""
    corrections = Corrections.of(store.corrections(), store.stream_corpus_records("story"),
                                 store.stream_corpus_records("incident"))
    return incident_rows(store.stream_corpus_records("incident"), store.events(),
                         estimates=store.stream_corpus_records("estimate"), corrections=corrections,
                         name_of=store_names(store), now=now)


def export_acled_csv(store: Store, out: IO[str], excel: bool = False, now: datetime | None = None) -> int:
    return write_acled_csv(store_incident_rows(store, now), out, excel=excel)


def export_geojson(store: Store, out: IO[str]) -> int:
    rows = store_incident_rows(store)
    # an article event's toll comes from its article's killed counts
    events = article_events(store.events(EventFilter(geocoded=True)), store.claims(ClaimFilter(measure="killed")))
    return write_geojson(rows, events, store.mentions(MentionFilter(geocoded=True)), out, name_of=store_names(store))
