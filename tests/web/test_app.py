"""The pages and the API over the sample store, tested in-process."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from tabayyun.store import open_store
from tabayyun.web import views


def test_app_stories_list_names_stories_by_headline(client: TestClient) -> None:
    r = client.get("/stories")
    assert r.status_code == 200
    assert "سجن تل الريحان" in r.text
    assert '/stories/S001' in r.text


def test_app_story_page_shows_findings_estimates_and_timeline_charts(client: TestClient) -> None:
    r = client.get("/stories/S001")
    assert r.status_code == 200
    assert "<svg" in r.text and "circle" in r.text
    assert "contradiction" in r.text
    assert "best" in r.text


def test_app_unknown_story_is_404(client: TestClient) -> None:
    assert client.get("/stories/S999").status_code == 404
    assert client.get("/api/stories/S999").status_code == 404


def test_app_claims_table_filters_sorts_and_pages(client: TestClient) -> None:
    r = client.get("/claims", params={"measure": "killed", "sort": "-high", "limit": 2})
    assert r.status_code == 200
    assert "next →" in r.text
    api = client.get("/api/claims", params={"measure": "killed", "sort": "-high", "limit": 2}).json()
    assert api["total"] > 2 and len(api["items"]) == 2
    assert api["items"][0]["high"] >= api["items"][1]["high"]
    assert all(c["measure"] == "killed" for c in api["items"])
    story = client.get("/api/claims", params={"story": "S001", "limit": 500}).json()
    assert story["total"] > 0 and all(c["story_id"] == "S001" for c in story["items"])


def test_app_bad_filter_is_400_with_a_message(client: TestClient) -> None:
    r = client.get("/api/claims", params={"date_from": "yesterday"})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.json()["error"]
    assert client.get("/claims", params={"sort": "nonsense"}).status_code == 400
    # an offset past the database's 64-bit integers (SQLite raised OverflowError: a 500)
    for path in ("/api/claims", "/api/events", "/api/mentions", "/claims"):
        assert client.get(path, params={"offset": 2**63}).status_code == 400, path
    assert client.get("/api/events", params={"offset": 2**63 - 1}).json()["items"] == []


def test_app_api_404_names_what_is_missing(client: TestClient) -> None:
    assert client.get("/api/stories/S999").json()["error"] == "no such story"
    assert client.get("/api/documents/nothing").json()["error"] == "no such document"


def test_app_document_segments_rebuild_the_original_text(sample_db: str) -> None:
    with open_store(sample_db) as store:
        doc = views.document(store, "horizon_0311")
        original = store.document("horizon_0311")
    assert doc is not None and original is not None
    assert "".join(s["text"] for s in doc["segments"]) == original.text
    for s in doc["segments"]:
        assert original.text[s["start"]:s["end"]] == s["text"]
    for r in doc["records"]:
        assert original.text[r["start"]:r["end"]] == r["text"]


def test_app_document_page_highlights_layers(client: TestClient) -> None:
    r = client.get("/documents/horizon_0311")
    assert r.status_code == 200
    for layer in views.DOC_LAYERS:
        assert f"l-{layer}" in r.text
    assert 'type="application/json" id="records"' in r.text
    assert 'dir="rtl"' in r.text


def test_app_entity_and_outlet_pages(client: TestClient) -> None:
    mentions = client.get("/api/mentions", params={"limit": 500}).json()["items"]
    entity_id = next(m["entity_id"] for m in mentions if m["entity_id"])
    r = client.get("/entities/" + quote(entity_id, safe=""))
    assert r.status_code == 200 and "Aliases" in r.text
    r = client.get("/outlets/" + quote("الأفق", safe=""))
    assert r.status_code == 200
    assert "Sources it cites" in r.text and "Text reuse" in r.text


def test_app_api_records_have_the_export_shape(client: TestClient) -> None:
    doc = client.get("/api/documents/horizon_0311").json()
    text = doc["text"]
    assert doc["type"] == "document" and doc["doc_id"] == "horizon_0311"
    for r in doc["records"]:
        assert text[r["start"]:r["end"]] == r["text"]
    claim = client.get("/api/claims", params={"limit": 1}).json()["items"][0]
    assert {"type", "doc_id", "start", "end", "text", "measure", "claimant", "via", "incident_id", "story_id",
            "source"} <= set(claim)
    assert client.get("/api/events").json()["total"] > 0
    assert client.get("/api/incidents").json()["total"] > 0
    assert client.get("/api/findings", params={"kind": "contradiction"}).json()["items"]
    stories = client.get("/api/stories").json()["items"]
    assert stories[0]["story_id"] and client.get(f"/api/stories/{stories[0]['story_id']}").json()["incidents"]
    assert client.get("/api/documents").json()["total"] == 7


def test_app_openapi_lists_every_api_path(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/documents", "/api/claims", "/api/mentions", "/api/events", "/api/findings",
                 "/api/incidents", "/api/stories", "/api/corrections"):
        assert path in spec["paths"]
    # the values the server checks are declared: a client built from the schema sends valid ones
    claims = {p["name"]: p["schema"] for p in spec["paths"]["/api/claims"]["get"]["parameters"]}
    assert claims["limit"] == {"type": "integer", "minimum": 1, "maximum": views.MAX_LIMIT}
    assert claims["date_from"]["format"] == "date" and claims["hedged"]["type"] == "boolean"
    assert "-as_of" in claims["sort"]["enum"] and "official" in claims["claimant_kind"]["enum"]


def test_app_hostile_article_renders_escaped_with_csp(client: TestClient) -> None:
    pages = [client.get("/documents/hostile"), client.get("/stories"), client.get("/claims"),
             client.get("/outlets")]
    outlet = client.get("/api/documents/hostile").json()["outlet"]
    if outlet:
        pages.append(client.get("/outlets/" + quote(outlet, safe="")))
    for r in pages:
        assert r.status_code == 200, r.url
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        # the only script elements are the app's own and the JSON data block
        scripts = re.findall(r"<script[^>]*>", r.text)
        assert all(s in ('<script src="/static/app.js" defer>', '<script type="application/json" id="records">')
                   for s in scripts), scripts
        assert "<img" not in r.text
        assert not re.search(r"<[^>]+\son\w+\s*=", r.text), "an event handler attribute came from the data"
        assert 'href="javascript:' not in r.text.lower()
    doc = pages[0].text
    assert html.escape("<script>alert(1)</script>", quote=False) in doc or "&lt;script&gt;" in doc
    assert "javascript:alert(3)" in doc  # shown as text, not a link


def test_app_safe_url_keeps_only_web_links() -> None:
    assert views.safe_url("https://example.org/a") == "https://example.org/a"
    assert views.safe_url("javascript:alert(1)") is None
    assert views.safe_url(" JAVASCRIPT:alert(1)") is None
    assert views.safe_url("data:text/html,<b>") is None
    assert views.safe_url("http:/nohost") is None
    assert views.safe_url(None) is None


def test_app_writes_need_the_token_when_one_is_set(sample_db: str) -> None:
    from tabayyun.web.app import create_app

    client = TestClient(create_app(sample_db, token="s3cret"))
    assert client.post("/api/claims").status_code == 401
    assert client.post("/api/claims", headers={"Authorization": "Bearer s3cret"}).status_code == 405
    assert client.get("/api/claims").status_code == 200


def test_app_search_finds_any_spelling_with_offsets(client: TestClient) -> None:
    # the samples write «الإنسان» with hamza; the query has none
    found = client.get("/api/search", params={"q": "حقوق الانسان"}).json()
    assert found["total"] >= 1
    doc_id = found["items"][0]["doc_id"]
    text = client.get(f"/api/documents/{quote(doc_id, safe='')}").json()["text"]
    for m in found["items"][0]["matches"]:
        assert text[m["start"]:m["end"]] == m["text"]
    page = client.get("/search", params={"q": "حقوق الانسان"})
    assert page.status_code == 200 and "<mark>" in page.text
    hostile = client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert hostile.status_code == 200 and "&lt;script&gt;alert(1)" in hostile.text
    assert "<script>alert" not in hostile.text


def _story_of(client: TestClient, doc_id: str) -> str:
    stories = client.get("/api/stories", params={"limit": 500}).json()["items"]
    return next(s["story_id"] for s in stories if doc_id in s["doc_ids"])


def test_app_story_and_entity_maps_carry_their_places(client: TestClient) -> None:
    import json

    page = client.get(f"/stories/{_story_of(client, 'geo')}")
    assert page.status_code == 200
    assert '<script src="/static/leaflet/leaflet.js" defer></script>' in page.text
    block = re.search(r'<script type="application/json" id="map-points">(.*?)</script>', page.text, re.S)
    assert block is not None
    points = json.loads(block.group(1))
    assert any(abs(p["lat"] - 36.2) < 0.1 for p in points)  # Aleppo
    mentions = client.get("/api/mentions", params={"doc_id": "geo", "geocoded": "true"}).json()["items"]
    entity = client.get("/entities/" + quote(mentions[0]["entity_id"], safe=""))
    assert 'id="map"' in entity.text
    # no map (and no Leaflet) on a story without places
    assert "leaflet.js" not in client.get("/stories/" + _story_of(client, "horizon_0311")).text


def test_app_serves_vendored_leaflet_with_its_licence(client: TestClient) -> None:
    assert client.get("/static/leaflet/leaflet.js").status_code == 200
    assert "BSD" in client.get("/static/leaflet/LICENSE").text
    assert client.get("/static/map.js").status_code == 200


def test_app_tiles_setting_adds_its_origin_to_csp(sample_db: str) -> None:
    import pytest

    from tabayyun.web.app import create_app

    app = create_app(sample_db, tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    client = TestClient(app)
    csp = client.get("/stories").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tile.example.org" in csp
    page = client.get(f"/stories/{_story_of(client, 'geo')}")
    assert 'data-tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png"' in page.text
    with pytest.raises(ValueError):
        create_app(sample_db, tiles="javascript:alert(1)//{z}")


def test_app_exports_are_the_cli_exports(client: TestClient, sample_db: str, tmp_path: Path) -> None:
    """The download links serve what `tabayyun export` writes (the timestamp aside)."""
    import csv
    import io

    from tabayyun.cli import main

    r = client.get("/api/exports/acled.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert not r.content.startswith(b"\xef\xbb\xbf")
    assert client.get("/api/exports/acled.csv", params={"excel": "1"}).content.startswith(b"\xef\xbb\xbfevent_id_cnty")
    out = tmp_path / "a.csv"
    assert main(["export", "--db", sample_db, "--format", "csv", "--out", str(out)]) == 0

    def rows(text: str) -> list[dict[str, str]]:
        return [{k: v for k, v in row.items() if k != "timestamp"} for row in csv.DictReader(io.StringIO(text))]

    assert rows(r.text) == rows(out.read_text(encoding="utf-8")) and rows(r.text)
    geo = client.get("/api/exports/layers.geojson")
    assert geo.status_code == 200 and geo.headers["content-type"].startswith("application/geo+json")
    layers = {f["properties"]["layer"] for f in geo.json()["features"]}
    assert "places" in layers and layers <= {"incidents", "events", "places"}
    spec = client.get("/openapi.json").json()["paths"]
    assert {"/api/exports/acled.csv", "/api/exports/layers.geojson", "/api/corrections"} <= set(spec)
    assert "split" in spec["/api/corrections"]["post"]["requestBody"]["content"]["application/json"]["schema"][
        "properties"]["action"]["enum"]


def test_app_claims_filter_lists_the_largest_stories_and_the_one_chosen(client: TestClient,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    stories = client.get("/api/stories", params={"limit": 500}).json()["items"]
    monkeypatch.setattr(views, "STORY_OPTIONS", 1)
    page = client.get("/claims").text
    assert f'value="{stories[0]["story_id"]}"' in page and f'value="{stories[-1]["story_id"]}"' not in page
    chosen = client.get("/claims", params={"story": stories[-1]["story_id"]}).text
    assert f'<option value="{stories[-1]["story_id"]}" selected' in chosen


# --- the outlet, entity and documents pages read a page's worth (issue 16) ----------------------

def test_app_documents_api_pages_and_filters_in_the_store(client: TestClient, sample_db: str) -> None:
    with open_store(sample_db) as store:
        docs = list(store.documents())
    outlet = "صوت السهل"
    theirs = [d for d in docs if d.outlet == outlet]
    assert len(theirs) >= 2
    listed = client.get("/api/documents", params={"outlet": outlet}).json()
    assert listed["total"] == len(theirs) and [d["doc_id"] for d in listed["items"]] == [d.doc_id for d in theirs]
    assert [d["chars"] for d in listed["items"]] == [len(d.text) for d in theirs]
    second = client.get("/api/documents", params={"outlet": outlet, "limit": 1, "offset": 1}).json()
    assert second["total"] == len(theirs) and [d["doc_id"] for d in second["items"]] == [theirs[1].doc_id]
    every = client.get("/api/documents", params={"limit": 2, "offset": 5}).json()
    assert every["total"] == len(docs) and [d["doc_id"] for d in every["items"]] == [d.doc_id for d in docs[5:7]]
    assert "text" not in every["items"][0]


def test_app_outlet_page_counts_and_pages_in_the_store(sample_db: str) -> None:
    """What the outlet view gives equals what reading the whole store gives (the view before
    issue 16), a page at a time."""
    outlet = "صوت السهل"
    with open_store(sample_db) as store:
        docs = [d.doc_id for d in store.documents() if d.outlet == outlet]
        cited: dict[tuple[str, str, str], int] = {}
        for f in store.claims():
            if f.outlet == outlet:
                key = (f.span.claimant, f.span.claimant_kind.value, " ← ".join(f.span.via))
                cited[key] = cited.get(key, 0) + 1
        framing = [r for r in store.stream_corpus_records("framing") if r.get("outlet") == outlet]
        # the samples' one reuse pair joins الأفق and وكالة أنباء الشرق
        outlet_of = {d.doc_id: d.outlet for d in store.documents()}
        reuse = [{**r, "outlets": [outlet_of[d] for d in r["doc_ids"]]} for r in store.stream_corpus_records("reuse")
                 if "الأفق" in {outlet_of[d] for d in r["doc_ids"]}]
        found = views.outlet(store, outlet, {"limit": "1"})
        second = views.outlet(store, outlet, {"limit": "1", "offset": "1"})
        reusing = views.outlet(store, "الأفق")
        assert views.outlet(store, "nowhere") is None
    assert found is not None and second is not None and reusing is not None
    assert found["documents_total"] == len(docs) >= 2
    assert [d["doc_id"] for d in found["documents"] + second["documents"]] == docs[:2]
    assert {(s["claimant"], s["kind"], s["via"]): s["claims"] for s in found["sources"]} == cited
    assert [s["claims"] for s in found["sources"]] == sorted(cited.values(), reverse=True)
    assert sorted(map(str, found["framing"])) == sorted(map(str, framing)) and found["framing"]
    assert found["framing_total"] == len(framing)
    assert [f["mentions"] for f in found["framing"]] == sorted((f["mentions"] for f in framing), reverse=True)
    assert found["reuse_total"] == 0 and found["reuse"] == []
    assert reusing["reuse"] == reuse and reusing["reuse_total"] == len(reuse) == 1
    assert set(reuse[0]["outlets"]) == {"الأفق", "وكالة أنباء الشرق"}


def test_app_outlet_and_entity_pages_link_their_next_page(client: TestClient) -> None:
    outlet = "/outlets/" + quote("صوت السهل", safe="")
    page = client.get(outlet, params={"limit": 1})
    assert page.status_code == 200 and "documents 1–1 of" in page.text
    assert html.escape(f"{outlet}?limit=1&offset=1") in page.text
    mentions = client.get("/api/mentions", params={"limit": 500}).json()["items"]
    counts: dict[str, int] = {}
    for m in mentions:
        if m["entity_id"]:
            counts[m["entity_id"]] = counts.get(m["entity_id"], 0) + 1
    entity = max(counts, key=lambda e: counts[e])
    assert counts[entity] >= 3
    path = "/entities/" + quote(entity, safe="")
    page = client.get(path, params={"limit": 2, "offset": 1})
    assert page.status_code == 200 and f"mentions 2–3 of {counts[entity]}" in page.text
    assert html.escape(f"{path}?limit=2&offset=0") in page.text
    assert client.get(path, params={"limit": 0}).status_code == 400


def test_app_entity_view_counts_in_the_store_and_pages_its_mentions(sample_db: str) -> None:
    with open_store(sample_db) as store:
        every = [f for f in store.mentions() if f.span.entity_id]
        by_entity: dict[str, list[object]] = {}
        for f in every:
            by_entity.setdefault(str(f.span.entity_id), []).append(f)
        entity_id = max(by_entity, key=lambda e: len(by_entity[e]))
        mine = [f for f in every if f.span.entity_id == entity_id]
        found = views.entity(store, entity_id, {"limit": "2", "offset": "1"})
        profile = next((p for p in store.stream_corpus_records("framing_profile") if p["entity_id"] == entity_id),
                       None)
        assert views.entity(store, "nobody") is None
    assert found is not None
    assert found["mentions_total"] == len(mine) and len(found["mentions"]) == 2
    assert [(m["doc_id"], m["start"]) for m in found["mentions"]] == [(f.doc_id, f.span.start) for f in mine[1:3]]
    assert sum(n for _, n in found["aliases"]) == sum(n for _, n in found["outlets"]) == len(mine)
    assert dict(found["aliases"]) == {t: sum(f.span.text == t for f in mine) for t in {f.span.text for f in mine}}
    assert found["framing"] == profile
    places = {(f.span.lat, f.span.lon) for f in mine if f.span.lat is not None}
    assert {(p["lat"], p["lon"]) for p in found["points"]} == places and len(found["points"]) == len(places)


# --- a story larger than one page ---------------------------------------------------------------

def _pager_link(page: str, label: str) -> str:
    """The href of a pager's link (``next →``, ``← previous``) on a page, unescaped."""
    found = re.search(rf'<nav class="pager">.*?<a href="([^"]+)">{re.escape(label)}</a>', page, re.S)
    assert found is not None, f"no {label!r} link"
    return html.unescape(found.group(1))


def _listed_documents(page: str) -> list[str]:
    """The documents a story page lists (its split form's ticks)."""
    return re.findall(r'<input type="checkbox" name="doc" value="([^"]+)">', page)


def test_app_story_lists_its_documents_a_page_at_a_time_with_their_total(client: TestClient) -> None:
    story = client.get("/api/stories", params={"limit": 1}).json()["items"][0]
    sid, doc_ids = story["story_id"], story["doc_ids"]
    assert len(doc_ids) >= 3, "the largest sample story must span pages of two documents"
    first = client.get(f"/stories/{sid}", params={"limit": 2}).text
    assert _listed_documents(first) == doc_ids[:2]
    assert f"documents 1–2 of {len(doc_ids)}" in first
    nxt = _pager_link(first, "next →")
    assert nxt.startswith(f"/stories/{sid}?") and "offset=2" in nxt
    second = client.get(nxt)
    assert second.status_code == 200
    assert _listed_documents(second.text) == doc_ids[2:4]
    assert f"documents 3–{min(4, len(doc_ids))} of {len(doc_ids)}" in second.text
    assert "offset=0" in _pager_link(second.text, "← previous")
    # no texts are read for the titles: each listed document shows its own title
    titles = {d["doc_id"]: d["title"] for d in client.get("/api/documents", params={"limit": 500}).json()["items"]}
    assert (titles[doc_ids[2]] or "") in html.unescape(second.text)
    # the whole story fits the default page: no pager
    assert "documents 1–" not in client.get(f"/stories/{sid}").text


def test_app_story_pages_its_incidents_the_most_reported_first(client: TestClient) -> None:
    story = client.get("/api/stories", params={"limit": 1}).json()["items"][0]
    sid = story["story_id"]
    every = client.get(f"/api/stories/{sid}", params={"incident_limit": 500}).json()
    assert every["incidents_total"] == len(story["incident_ids"]) == len(every["incidents"]) >= 2
    sizes = [len(i["doc_ids"]) for i in every["incidents"]]
    assert sizes == sorted(sizes, reverse=True)
    one = client.get(f"/api/stories/{sid}", params={"incident_limit": 1, "incident_offset": 1}).json()
    assert [i["incident_id"] for i in one["incidents"]] == [every["incidents"][1]["incident_id"]]
    assert (one["incidents_total"], one["incident_limit"], one["incident_offset"]) == (every["incidents_total"], 1, 1)
    # estimates and timelines only of the incident shown
    assert {e["incident_id"] for e in one["estimates"]} <= {one["incidents"][0]["incident_id"]}
    assert {t["incident_id"] for t in one["timelines"]} <= {one["incidents"][0]["incident_id"]}
    page = client.get(f"/stories/{sid}", params={"incident_limit": 1}).text
    assert f"incidents 1–1 of {every['incidents_total']}" in page
    nxt = _pager_link(page, "next →")
    assert "incident_offset=1" in nxt and f'id="{every["incidents"][1]["incident_id"]}"' in client.get(nxt).text
    assert client.get(f"/api/stories/{sid}", params={"incident_limit": 0}).status_code == 400
    # the story API keeps the story record: every document and incident id, with a page of documents
    api = client.get(f"/api/stories/{sid}", params={"limit": 1, "offset": 1}).json()
    assert api["doc_ids"] == story["doc_ids"] and api["documents_total"] == len(story["doc_ids"])
    assert [d["doc_id"] for d in api["documents"]] == story["doc_ids"][1:2] and "text" not in api["documents"][0]


def test_app_story_caps_findings_per_kind_contradictions_first(client: TestClient,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "STORY_FINDINGS", 1)
    sid = client.get("/api/findings", params={"kind": "contradiction"}).json()["items"][0]["story_id"]
    every = client.get("/api/findings", params={"story_id": sid, "limit": 500}).json()["items"]
    story = client.get(f"/api/stories/{sid}").json()
    kinds = [f["kind"] for f in story["findings"]]
    assert kinds[0] == "contradiction" and len(kinds) == len(set(kinds))  # one of each kind
    assert next(iter(story["findings_total"])) == "contradiction"
    assert story["findings_total"] == {k: sum(f["kind"] == k for f in every) for k in story["findings_total"]}
    assert sum(story["findings_total"].values()) == len(every) > len(kinds)
    page = client.get(f"/stories/{sid}").text
    capped = next(k for k, n in story["findings_total"].items() if n > 1)
    assert f"1 shown of {story['findings_total'][capped]}" in page
    assert f"/api/findings?story_id={sid}&amp;kind={capped}" in page and f'href="/claims?story={sid}"' in page
