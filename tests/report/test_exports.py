"""The ACLED-style CSV and the GeoJSON layers: what an analyst loads without fixing it."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from tabayyun.corrections import Action, Correction, Corrections, Target, event_key
from tabayyun.model import EntityLabel, Event, Mention, Precision
from tabayyun.report.exports import ACLED_COLUMNS, IncidentRow, incident_rows, write_acled_csv, write_geojson
from tabayyun.store import Found

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
YABROUD: dict[str, Any] = {"text": "يبرود", "id": "gn:162627", "lat": 33.96921, "lon": 36.65729, "precision": "town"}
ZABID: dict[str, Any] = {"text": "زبيد", "id": "gn:69500", "lat": 14.19, "lon": 43.31, "precision": "town"}


def _event(start: int, text: str, *, actors: tuple[str, ...] = (), types: tuple[str, ...] = (),
           place: dict[str, Any] | None = None, day: date | None = date(2024, 3, 10),
           precision: Precision = Precision.DAY, event_type: str = "Battles", sub: str = "Armed clash") -> Event:
    place = place or YABROUD
    return Event(start, start + len(text), text, event_type=event_type, sub_event_type=sub, date=day,
                 time_precision=precision, location=place["text"], location_id=place["id"], lat=place["lat"],
                 lon=place["lon"], geo_precision=place["precision"], actors=actors, actor_types=types,
                 tags=("prison_break",))


def _incident(iid: str, refs: list[tuple[str, Event]], *, actors: list[str], fatalities: int | None = None,
              place: dict[str, Any] | None = None, day: str | None = "2024-03-10",
              event_type: str = "Battles", sub: str = "Armed clash") -> dict[str, Any]:
    return {"type": "incident", "incident_id": iid, "story_id": "S001", "event_type": event_type,
            "sub_event_type": sub, "location": place or YABROUD, "date": day,
            "doc_ids": sorted({d for d, _ in refs}), "actors": actors, "fatalities": fatalities,
            "events": [{"doc_id": d, "start": e.start, "end": e.end, "text": e.text, "event_type": e.event_type,
                        "sub_event_type": e.sub_event_type, "date": e.date.isoformat() if e.date else None,
                        "support": [[e.start, e.end]]} for d, e in refs]}


CLASH = [("a1", _event(10, "اشتباكات", actors=("org:isis", "org:syrian_army"), types=("Rebel group", "State forces"))),
         ("a2", _event(40, "معارك", actors=("org:isis",), types=("Rebel group",))),
         ("b1", _event(5, "اشتباك", actors=("org:syrian_army",), types=("State forces",)))]
OUTLETS = {"a1": "Sham Times", "a2": "Sham Times", "b1": "Sputnik Arabic"}
VIOLENCE = [("c1", _event(7, "هجوم", place=ZABID, event_type="Violence against civilians", sub="Attack"))]


def _found(refs: list[tuple[str, Event]]) -> list[Found[Event]]:
    return [Found(d, OUTLETS.get(d, "=cmd|' /C calc'!A0"), date(2024, 3, 11), e) for d, e in refs]


def _rows(corrections: Corrections | None = None, **kw: Any) -> list[IncidentRow]:
    incidents = [_incident("I001", CLASH, actors=["org:isis", "org:syrian_army"], fatalities=12),
                 _incident("I002", VIOLENCE, actors=[], place=ZABID, event_type="Violence against civilians",
                           sub="Attack")]
    return incident_rows(incidents, _found(CLASH + VIOLENCE), corrections=corrections, now=NOW, **kw)


def _csv(rows: list[IncidentRow], excel: bool = False) -> tuple[str, list[dict[str, str]]]:
    out = io.StringIO()
    assert write_acled_csv(rows, out, excel=excel) == len(rows)
    text = out.getvalue()
    return text, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_exports_acled_columns_are_acleds_in_acleds_order() -> None:
    text, _ = _csv(_rows())
    assert text.splitlines()[0].split(",") == [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
        "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
        "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
    assert list(ACLED_COLUMNS) == text.splitlines()[0].split(",")


def test_exports_acled_one_row_per_incident_with_its_articles() -> None:
    _, rows = _csv(_rows())
    assert len(rows) == 2  # three article events of I001, one of I002
    clash = rows[0]
    assert clash["source"] == "Sham Times; Sputnik Arabic"
    assert clash["source_scale"] == "National-International"  # a Syrian outlet and a Russian one
    for doc_id, event in CLASH:
        assert f"{doc_id} " in clash["notes"] and f"[{event.start}-{event.end}]" in clash["notes"]
    assert "reported in 3 article(s), 3 report(s)" in clash["notes"]
    assert clash["fatalities"] == "12" and rows[1]["fatalities"] == "0"  # none reported: ACLED's 0
    assert clash["timestamp"] == str(int(NOW.timestamp()))


def test_exports_acled_actor_names_not_ids() -> None:
    _, rows = _csv(_rows())
    clash, attack = rows
    assert (clash["actor1"], clash["inter1"]) == ("Islamic State (Syria)", "2")
    assert (clash["actor2"], clash["inter2"]) == ("Military Forces of Syria (2000-)", "1")
    assert clash["interaction"] == "12" and clash["civilian_targeting"] == ""
    # violence against civilians that no article attributes: ACLED's generic actors of the country
    assert (attack["actor1"], attack["inter1"]) == ("Unidentified Armed Group (Yemen)", "3")
    assert (attack["actor2"], attack["inter2"]) == ("Civilians (Yemen)", "7")
    assert attack["interaction"] == "37" and attack["civilian_targeting"] == "Civilian targeting"
    assert not any("org:" in v for r in rows for v in r.values())


def test_exports_acled_actor_outside_the_kb_takes_its_written_name() -> None:
    refs = [("a1", _event(10, "هجوم", actors=("org:لواء_الصقور",), types=("",)))]
    rows = incident_rows([_incident("I009", refs, actors=["org:لواء_الصقور"])], _found(refs),
                         name_of={"org:لواء_الصقور": "لواء الصقور"}.get, now=NOW)
    _, [row] = _csv(rows)
    assert row["actor1"] == "لواء الصقور" and row["inter1"] == "" and row["interaction"] == ""


def test_exports_acled_country_codes_and_places() -> None:
    _, [clash, attack] = _csv(_rows())
    assert (clash["event_id_cnty"], clash["iso"], clash["country"], clash["region"]) == (
        "SYR1", "760", "Syria", "Middle East")
    assert (attack["event_id_cnty"], attack["iso"], attack["country"]) == ("YEM2", "887", "Yemen")
    # Yabroud's OCHA p-code SY0305 lies in SY03, Rural Damascus
    assert (clash["admin1"], clash["location"]) == ("Rural Damascus", "Yabrud")
    assert (clash["latitude"], clash["longitude"]) == ("33.96921", "36.65729")
    assert clash["disorder_type"] == "Political violence" and clash["tags"] == "prison_break"


@pytest.mark.parametrize(("day", "precision", "expected"), [
    ("2024-03-10", Precision.DAY, "1"),
    (None, Precision.MONTH, "3"),
])
def test_exports_acled_precisions_are_numeric(day: str | None, precision: Precision, expected: str) -> None:
    refs = [("a1", _event(10, "اشتباكات", day=date(2024, 3, 1), precision=precision))]
    rows = incident_rows([_incident("I001", refs, actors=[], day=day)], _found(refs), now=NOW)
    _, [row] = _csv(rows)
    assert row["time_precision"] == expected and row["geo_precision"] == "1"
    assert row["event_date"].startswith("2024-03") and row["year"] == "2024"


def test_exports_acled_bom_only_for_excel() -> None:
    plain, _ = _csv(_rows())
    excel, rows = _csv(_rows(), excel=True)
    assert not plain.startswith("\ufeff") and excel.startswith("\ufeffevent_id_cnty,")
    assert rows[0]["event_id_cnty"] == "SYR1"


def test_exports_acled_cells_are_not_formulas() -> None:
    """An outlet named like a formula (from an article's metadata) is written as text."""
    _, rows = _csv(_rows())
    assert rows[1]["source"] == "'=cmd|' /C calc'!A0"


def test_exports_acled_events_marked_wrong_leave_their_incident() -> None:
    wrong = [Correction(Target.EVENT, event_key("b1", 5, 11), Action.WRONG, "ana", {}, "", NOW, 1),
             Correction(Target.EVENT, event_key("c1", 7, 11), Action.WRONG, "ana", {}, "", NOW, 2)]
    _, rows = _csv(_rows(Corrections.of(wrong)))
    [clash] = rows  # I002's only report is wrong: no row
    assert clash["source"] == "Sham Times" and "b1 " not in clash["notes"]
    assert "corrected" in clash["tags"] and "Corrected by an analyst" in clash["notes"]


def test_exports_geojson_layers_join_the_csv() -> None:
    rows = _rows()
    events = [(f, 4) for f in _found(CLASH)]
    mentions = [Found("a1", "Sham Times", None, Mention(0, 5, "يبرود", label=EntityLabel.LOC, entity_id="gn:162627",
                                                        lat=33.96921, lon=36.65729, geo_precision="town"))]
    out = io.StringIO()
    assert write_geojson(rows, events, mentions, out) == 2 + 3 + 1
    features = json.loads(out.getvalue())["features"]
    assert [f["properties"]["layer"] for f in features] == ["incidents"] * 2 + ["events"] * 3 + ["places"]
    incident = features[0]["properties"]
    assert incident["event_id_cnty"] == "SYR1" and incident["fatalities"] == 12
    assert incident["actor1"] == "Islamic State (Syria)" and incident["outlets"] == "Sham Times; Sputnik Arabic"
    assert incident["geo_precision"] == 1 and incident["location"] == "Yabrud" and incident["location_ar"] == "يبرود"
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [36.65729, 33.96921]}
    event = features[2]["properties"]
    assert event["event_id_cnty"] == "SYR1" and event["actor2"] == "Military Forces of Syria (2000-)"
    assert (event["doc_id"], event["start"], event["fatalities"], event["outlet"]) == ("a1", 10, 4, "Sham Times")
    place = features[-1]["properties"]
    assert (place["location"], place["geo_precision"], place["text"]) == ("Yabrud", 1, "يبرود")


def test_exports_cli_writes_the_bom_only_with_excel(tmp_path: Path) -> None:
    from tabayyun.cli import main

    article = {"id": "geo", "title": "غارة على حلب", "outlet": "مراسل", "published": "2024-05-02",
               "text": "قال مصدر إن 5 أشخاص قتلوا في غارة على مدينة حلب شمال سوريا.\n"}
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "geo.json").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "t.db")
    assert main(["analyze", str(tmp_path / "in"), "--db", db, "--workers", "1", "--quiet"]) == 0
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert main(["export", "--db", db, "--format", "csv", "--out", str(plain)]) == 0
    assert main(["export", "--db", db, "--format", "csv", "--excel", "--out", str(excel)]) == 0
    assert plain.read_bytes().startswith(b"event_id_cnty,")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbfevent_id_cnty,")
    [row] = list(csv.DictReader(io.StringIO(plain.read_text(encoding="utf-8"))))
    assert row["event_id_cnty"].startswith("SYR") and row["admin1"] == "Aleppo" and row["fatalities"] == "5"
    assert main(["export", "--db", db, "--format", "geojson", "--excel"]) == 2  # a JSON file takes no BOM
