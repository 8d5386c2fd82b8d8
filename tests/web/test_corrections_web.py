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
