"""Corrections through the API and the browser's form: stored with who and when, shown on
pages and in the API, exported with a flag; writes need the token and this site's Origin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tabayyun.cli import main
from tabayyun.web.app import create_app


@pytest.fixture
def own_db(sample_db: str, tmp_path: Path) -> str:
    """A copy of the sample store that a test may write corrections to."""
    target = tmp_path / "own.db"
    shutil.copy(sample_db, target)
    return str(target)


def _first_killed(client: TestClient) -> dict[str, object]:
    items = client.get("/api/claims", params={"measure": "killed", "sort": "doc", "limit": 1}).json()["items"]
    return dict(items[0])


def test_corrections_api_fix_is_applied_to_claims_and_export(own_db: str, tmp_path: Path) -> None:
    client = TestClient(create_app(own_db))
    claim = _first_killed(client)
    r = client.post("/api/corrections", json={"target": "claim", "key": claim["key"], "action": "fix",
                                              "changes": {"claimant": "وزارة الصحة", "low": 3}, "author": "ana",
                                              "note": "misread claimant"})
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["id"] and made["created_at"] and made["author"] == "ana"
    fixed = _first_killed(client)
    assert fixed["claimant"]["text"] == "وزارة الصحة" and fixed["low"] == 3  # type: ignore[index]
    assert fixed["machine"]["claimant"] == claim["claimant"]["text"]  # type: ignore[index]
    page = client.get("/claims", params={"measure": "killed", "sort": "doc", "limit": 1})
    assert "corrected" in page.text and "وزارة الصحة" in page.text
    # the document view and the export carry it too
    doc = client.get(f"/api/documents/{claim['doc_id']}").json()
    assert any(r.get("corrected") for r in doc["records"])
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", own_db, "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [exported] = [r for r in records if r.get("corrected")]
    assert exported["key"] == claim["key"] and exported["claimant"]["text"] == "وزارة الصحة"
    # withdrawn: the machine's claim again
    assert client.delete(f"/api/corrections/{made['id']}").status_code == 200
    assert _first_killed(client)["claimant"] == claim["claimant"]
    assert client.delete(f"/api/corrections/{made['id']}").status_code == 404


def test_corrections_mark_a_finding_wrong(own_db: str) -> None:
    client = TestClient(create_app(own_db))
    finding = client.get("/api/findings", params={"kind": "contradiction"}).json()["items"][0]
    r = client.post("/api/corrections", json={"target": "finding", "key": finding["key"], "action": "wrong",
                                              "author": "ana"})
    assert r.status_code == 201
    again = client.get("/api/findings", params={"kind": "contradiction"}).json()["items"][0]
    assert again["wrong"] is True
    assert "marked wrong" in client.get(f"/stories/{finding['story_id']}").text


def test_corrections_refused_bodies_are_400(own_db: str) -> None:
    client = TestClient(create_app(own_db))
    assert client.post("/api/corrections", json={"target": "claim", "key": "k", "action": "wrong"}).status_code == 400
    assert client.post("/api/corrections", content=b"not json").status_code == 400
    assert client.post("/api/corrections", json=[1]).status_code == 400


def test_corrections_need_the_token_and_this_origin(own_db: str) -> None:
    client = TestClient(create_app(own_db, token="s3cret"))
    body = {"target": "claim", "key": "d:0:1:killed", "action": "wrong", "author": "ana"}
    assert client.post("/api/corrections", json=body).status_code == 401
    assert client.post("/api/corrections", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    ok = client.post("/api/corrections", json=body, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 201
    # the form: the token as a field
    form = {**body, "back": "/claims"}
    assert client.post("/corrections", data=form, follow_redirects=False).status_code == 401
    r = client.post("/corrections", data={**form, "token": "s3cret"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/claims"
    assert len(client.get("/api/corrections").json()["items"]) == 2
    # another site's page posting through the analyst's browser
    open_client = TestClient(create_app(own_db))
    evil = open_client.post("/api/corrections", json=body, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    same = open_client.post("/api/corrections", json=body, headers={"Origin": "http://testserver"})
    assert same.status_code == 201


def test_corrections_form_redirects_only_inside_the_site(own_db: str) -> None:
    client = TestClient(create_app(own_db))
    form = {"target": "claim", "key": "d:0:1:killed", "action": "wrong", "author": "ana",
            "back": "//evil.example/x"}
    r = client.post("/corrections", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/corrections"
    page = client.get("/corrections", params={"target": "claim", "key": "d:0:1:killed", "text": "<b>x</b>"})
    assert page.status_code == 200 and "&lt;b&gt;x&lt;/b&gt;" in page.text and "withdraw" in page.text


def test_corrections_merge_two_stories_everywhere(own_db: str, tmp_path: Path) -> None:
    client = TestClient(create_app(own_db))
    before = client.get("/api/stories", params={"limit": 500}).json()["items"]
    geo = next(s for s in before if "geo" in s["doc_ids"])
    main_story = next(s for s in before if "horizon_0311" in s["doc_ids"])
    assert geo["story_id"] != main_story["story_id"]
    r = client.post("/corrections", data={"target": "story", "action": "merge", "story_a": "horizon_0311",
                                          "story_b": "geo", "author": "ana", "back": "/stories"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/stories"
    after = client.get("/api/stories", params={"limit": 500}).json()["items"]
    assert len(after) == len(before) - 1
    merged = next(s for s in after if "geo" in s["doc_ids"])
    assert "horizon_0311" in merged["doc_ids"] and merged["corrected"]
    # its page, its claims and the export follow the merge; the absorbed id leads to the merged story
    absorbed = max(geo["story_id"], main_story["story_id"])
    assert client.get(f"/api/stories/{absorbed}").json()["story_id"] == merged["story_id"]
    claims = client.get("/api/claims", params={"story": merged["story_id"], "limit": 500}).json()["items"]
    assert {"geo", "horizon_0311"} <= {c["doc_id"] for c in claims}
    assert merged["claims"] == geo["claims"] + main_story["claims"] == len(claims)
    assert merged["findings"] == geo["findings"] + main_story["findings"]
    # asked by the absorbed id, the claims are those of the story it is now part of
    assert client.get("/api/claims", params={"story": absorbed, "limit": 500}).json()["items"] == claims
    assert "merged:" in client.get("/stories").text
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", own_db, "--out", str(out)]) == 0
    stories = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
               if json.loads(line)["type"] == "story"]
    assert len(stories) == len(after)


def test_corrections_split_a_story_from_its_page_survives_reanalysis(own_db: str, tmp_path: Path) -> None:
    from tabayyun.demo import samples_dir

    client = TestClient(create_app(own_db))
    story = next(s for s in client.get("/api/stories", params={"limit": 500}).json()["items"]
                 if "observer_0312" in s["doc_ids"])
    sid = story["story_id"]
    page = client.get(f"/stories/{sid}")
    assert 'name="doc" value="observer_0312"' in page.text and "Split the ticked documents" in page.text
    r = client.post("/corrections", data={"target": "story", "action": "split", "doc": ["observer_0312"],
                                          "author": "ana", "note": "a later crisis", "back": f"/stories/{sid}"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/stories/{sid}"

    def check() -> str:
        stories = {s["story_id"]: s for s in client.get("/api/stories", params={"limit": 500}).json()["items"]}
        [new] = [s for s in stories.values() if s.get("split_from") == sid]
        assert new["doc_ids"] == ["observer_0312"] and new["corrected"][0]["author"] == "ana"
        assert "observer_0312" not in stories[sid]["doc_ids"] and stories[sid]["split_into"] == [new["story_id"]]
        assert new["outlets"] == ["الرقيب"]  # its own document's outlet, not the old story's
        claims = client.get("/api/claims", params={"story": new["story_id"], "limit": 500}).json()["items"]
        assert claims and {c["doc_id"] for c in claims} == {"observer_0312"}
        assert all(c["machine"]["story_id"] == sid for c in claims)
        assert client.get(f"/api/stories/{new['story_id']}").json()["doc_ids"] == ["observer_0312"]
        assert f"split from {sid}" in client.get(f"/stories/{new['story_id']}").text
        return str(new["story_id"])

    new_id = check()
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", own_db, "--out", str(out)]) == 0
    exported = {r["story_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())
                if r["type"] == "story"}
    assert exported[new_id]["split_from"] == sid and exported[new_id]["corrected"][0]["action"] == "split"
    # re-analysis replaces every machine record (the documents' metadata changes twice: without the
    # manifest, then with it, so each is analysed again and the stories rebuilt); the split stays
    assert main(["analyze", str(samples_dir()), "--db", own_db, "--workers", "1", "--quiet"]) == 0
    assert main(["analyze", str(samples_dir()), "--manifest", str(samples_dir() / "manifest.csv"), "--db", own_db,
                 "--workers", "1", "--quiet"]) == 0
    assert check() == new_id
    # the API takes a split too, and refuses one without documents
    r = client.post("/api/corrections", json={"target": "story", "action": "split", "key": "", "author": "ana"})
    assert r.status_code == 400
    r = client.post("/corrections", data={"target": "story", "action": "split", "author": "ana"},
                    follow_redirects=False)
    assert r.status_code == 303 and "tick+the+documents" in r.headers["location"]


def test_corrections_a_finding_fixed_to_a_contradiction_counts_in_its_story(own_db: str) -> None:
    client = TestClient(create_app(own_db))

    def stories() -> dict[str, dict[str, int]]:
        items = client.get("/api/stories", params={"limit": 500}).json()["items"]
        return {s["story_id"]: s for s in items}

    before = stories()
    finding = next(f for f in client.get("/api/findings", params={"limit": 500}).json()["items"]
                   if f["kind"] != "contradiction" and f["story_id"])
    r = client.post("/api/corrections", json={"target": "finding", "key": finding["key"], "action": "fix",
                                              "changes": {"kind": "contradiction"}, "author": "ana"})
    assert r.status_code == 201
    after = stories()
    sid = finding["story_id"]
    assert after[sid]["contradictions"] == before[sid]["contradictions"] + 1
    assert {k: v for k, v in after.items() if k != sid} == {k: v for k, v in before.items() if k != sid}


def test_corrections_findings_filter_on_the_corrected_kind(own_db: str) -> None:
    client = TestClient(create_app(own_db))
    contradictions = client.get("/api/findings", params={"kind": "contradiction", "limit": 500}).json()
    finding = next(f for f in client.get("/api/findings", params={"limit": 500}).json()["items"]
                   if f["kind"] != "contradiction")
    client.post("/api/corrections", json={"target": "finding", "key": finding["key"], "action": "fix",
                                          "changes": {"kind": "contradiction"}, "author": "ana"})
    after = client.get("/api/findings", params={"kind": "contradiction", "limit": 500}).json()
    assert after["total"] == contradictions["total"] + 1
    assert finding["key"] in {f["key"] for f in after["items"]}
    paged = client.get("/api/findings", params={"kind": "contradiction", "limit": 1, "offset": 1}).json()
    assert paged["total"] == after["total"] and paged["items"] == after["items"][1:2]


def test_corrections_a_split_story_is_counted_paged_and_filtered_from_the_store(own_db: str, tmp_path: Path) -> None:
    """The store-backed views apply a split as the export does: the new story on the paged list
    with its own counts, its claims and incidents by filter, the rest of the stories untouched."""
    client = TestClient(create_app(own_db))

    def stories() -> dict[str, dict[str, object]]:
        return {s["story_id"]: s for s in client.get("/api/stories", params={"limit": 500}).json()["items"]}

    before = stories()
    sid = next(k for k, s in before.items() if "observer_0312" in s["doc_ids"])  # type: ignore[operator]
    r = client.post("/api/corrections", json={"target": "story", "action": "split", "key": "observer_0312",
                                              "author": "ana"})
    assert r.status_code == 201
    after = stories()
    [new] = [s for s in after.values() if s.get("split_from") == sid]
    new_id, left = str(new["story_id"]), after[sid]
    assert set(after) == set(before) | {new_id}
    assert {k: v for k, v in after.items() if k not in (sid, new_id)} == {k: v for k, v in before.items() if k != sid}
    assert (new["documents"], left["documents"]) == (1, before[sid]["documents"] - 1)  # type: ignore[operator]
    # each story's count is what its claims filter lists; together they are the story's before
    for s in (new, left):
        listed = client.get("/api/claims", params={"story": s["story_id"], "limit": 500}).json()
        assert s["claims"] == listed["total"] == len(listed["items"])
        assert {c["story_id"] for c in listed["items"]} == {s["story_id"]}
    assert new["claims"] + left["claims"] == before[sid]["claims"]  # type: ignore[operator]
    # so are its findings (the export's: Corrections.apply says which story a finding is in)
    for s in (new, left):
        assert s["findings"] == client.get("/api/findings", params={"story_id": s["story_id"]}).json()["total"]
    assert new["findings"] + left["findings"] == before[sid]["findings"]  # type: ignore[operator]
    # paged by the API one story at a time, the list is the same
    paged = [client.get("/api/stories", params={"limit": 1, "offset": k}).json() for k in range(len(after))]
    assert {p["total"] for p in paged} == {len(after)}
    assert [p["items"][0]["story_id"] for p in paged] == list(after)
    # the claims filter offers the new story after the one it left; its incidents are those of its document
    options = client.get("/claims").text
    assert options.index(f'value="{sid}"') < options.index(f'value="{new_id}"')
    incidents = client.get("/api/incidents", params={"story_id": new_id, "limit": 500}).json()["items"]
    assert incidents and all(i["doc_ids"] == ["observer_0312"] and i["machine"]["story_id"] == sid for i in incidents)
    page = client.get(f"/stories/{sid}")
    assert page.status_code == 200 and 'value="observer_0312"' not in page.text and new_id in page.text
    # the export has the same two stories
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", own_db, "--out", str(out)]) == 0
    exported = {r["story_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())
                if r["type"] == "story"}
    for s in (new, left):
        shown = {k: v for k, v in s.items() if k not in ("documents", "incidents", "claims", "findings",
                                                          "contradictions")}
        assert shown == exported[str(s["story_id"])]
