"""Hostile articles in a real browser: script, event-handler, ``javascript:`` and tag-breakout
payloads in every field an article brings (title, text, outlet, url, id; JSON and JSON Lines
records, a manifest's outlet and url, an HTML page, an uploaded file's name) and in the
analysts' corrections. Every page kind and the API's JSON are visited with the page's
Content-Security-Policy switched off (Playwright's ``bypass_csp``), so that what is tested is
the escaping itself, not the CSP behind it: ``window.__pwned`` stays unset, no element carries
an inline handler, no link leads anywhere but http(s), no script runs that is not the site's,
and the payloads show as text. Screenshots of every page are written (see conftest ``Shots``)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tabayyun.ingest.manifest import read_manifest
from tabayyun.runner import analyze_paths
from tabayyun.store import open_store
from tabayyun.web.app import create_app

from .conftest import Shots, serving

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
JS_URL = "javascript:window.__pwned=1"
STYLE_BREAK = "</style><script>window.__pwned=1</script>"
SCRIPT_BREAK = "</script><img src=x onerror=window.__pwned=1>"
ATTR_BREAK = "\"'><svg onload=window.__pwned=1>"
PAYLOADS = (SCRIPT, IMG, STYLE_BREAK, SCRIPT_BREAK, ATTR_BREAK)


def _text(n: int) -> str:
    """An article that yields claims, a place and an event, with every payload in its text."""
    return (f"قال مصدر طبي {SCRIPT} إن {n} أشخاص قتلوا في هجوم على مدينة حلب. {IMG} "
            f"وأصيب {n * 3} آخرون بجروح {STYLE_BREAK} في الهجوم نفسه [رابط]({JS_URL}) {ATTR_BREAK} "
            f"{SCRIPT_BREAK}\n")


HOSTILE_ID = SCRIPT  # a record's own id: becomes the doc_id, in every URL and page
HOSTILE_OUTLET = f"وكالة {IMG}"
RECORDS = [
    {"id": HOSTILE_ID, "title": f"عنوان {SCRIPT} {STYLE_BREAK}", "outlet": HOSTILE_OUTLET, "url": JS_URL,
     "published": "2024-03-12", "text": _text(5)},
    {"id": "mixed-case", "title": f"خبر {ATTR_BREAK}", "outlet": f"مراسل {SCRIPT_BREAK}",
     "url": " JaVaScRiPt:window.__pwned=1", "published": "2024-03-13", "text": _text(7)},
]
JSON_RECORD = {"id": "json-record", "title": f"{ATTR_BREAK} عنوان", "outlet": f"صحيفة {STYLE_BREAK}",
               "url": "data:text/html,<script>window.__pwned=1</script>", "published": "2024-03-14",
               "text": _text(9)}
MANIFEST_OUTLET = f"منفذ {IMG}"
HTML_TITLE = f"صفحة {SCRIPT.replace('<', '&lt;')}"
HTML_PAGE = f"""<!doctype html><html><head><title>{HTML_TITLE}</title></head>
<body><article><h1>{HTML_TITLE}</h1>
<p>قال مصدر طبي إن 11 شخصاً قتلوا في هجوم على مدينة حلب، وأصيب 40 آخرون بجروح في الهجوم نفسه.</p>
<p>{"  ".join(p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for p in PAYLOADS)}</p>
<p>وقالت مصادر محلية إن الهجوم استهدف سوقاً شعبية في المدينة بعد ظهر اليوم.</p>
</article></body></html>"""

# what the probe reads from a page: the flag, inline handlers, links that are not http(s),
# scripts that are not the site's own files or JSON data blocks, and the visible text
PROBE = """() => ({
  pwned: typeof window.__pwned,
  handlers: Array.from(document.querySelectorAll('*')).flatMap(e =>
      Array.from(e.attributes).filter(a => a.name.toLowerCase().startsWith('on')).map(a => e.tagName + ' ' + a.name)),
  links: Array.from(document.querySelectorAll('a, area'))
      .map(a => a.getAttribute('href') ?? a.getAttribute('xlink:href')).filter(h => h !== null)
      .filter(h => !['http:', 'https:'].includes(new URL(h, location.href).protocol)),
  scripts: Array.from(document.scripts).filter(s => s.type !== 'application/json'
      && !(s.src && s.src.startsWith(location.origin + '/static/'))).map(s => s.outerHTML.slice(0, 80)),
  text: document.body ? document.body.innerText : '',
})"""


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("xss")
    articles = root / "articles"
    articles.mkdir()
    (articles / "records.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    (articles / "single.json").write_text(json.dumps(JSON_RECORD, ensure_ascii=False), encoding="utf-8")
    (articles / "plain.txt").write_text(_text(13), encoding="utf-8")
    (articles / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    manifest = root / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["doc_id", "outlet", "published", "url"])
        writer.writerow(["plain", MANIFEST_OUTLET, "2024-03-15", f"{JS_URL}//https://example.org/"])
    db = root / "hostile.db"
    with open_store(db) as store:
        report = analyze_paths([articles], store, read_manifest(manifest))
    assert not report.problems, report.problems
    return str(db)


@pytest.fixture(scope="module")
def hostile_server(hostile_db: str) -> Iterator[str]:
    with serving(create_app(hostile_db)) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page of a context without the CSP: an escaping mistake would run its payload."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    p = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    p.on("dialog", on_dialog)
    yield p
    context.close()
    assert dialogs == []


def _check(page: Any, what: str, shown: tuple[str, ...] = ()) -> dict[str, Any]:
    found = page.evaluate(PROBE)
    assert found["pwned"] == "undefined", what
    assert found["handlers"] == [], (what, found["handlers"])
    assert found["links"] == [], (what, found["links"])
    assert found["scripts"] == [], (what, found["scripts"])
    for text in shown:  # the payload is on the page as the characters it is
        assert text in found["text"], (what, text)
    return dict(found)


def test_browser_xss_probe_sees_a_payload_that_runs(hostile_server: str, page: Any) -> None:
    """The checks can fail: with the CSP off, markup injected into one of our pages runs."""
    page.goto(f"{hostile_server}/stories")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', "
                  "'<img src=x onerror=\"window.__pwned=1\"><a href=\"javascript:void(0)\">x</a>')")
    page.add_script_tag(content="window.__inline = 1")  # an inline script: the CSP is off
    page.wait_for_function("window.__pwned === 1")
    found = page.evaluate(PROBE)
    assert found["pwned"] == "number" and found["handlers"] and found["links"] and found["scripts"]
    assert page.evaluate("window.__inline") == 1


def test_browser_xss_no_payload_runs_on_any_page(hostile_server: str, hostile_db: str, page: Any,
                                                 shots: Shots) -> None:
    api = httpx.Client(base_url=hostile_server)
    docs = {d["doc_id"]: d for d in api.get("/api/documents", params={"limit": 500}).json()["items"]}
    assert {HOSTILE_ID, "mixed-case", "json-record", "plain", "page"} <= set(docs)
    assert docs[HOSTILE_ID]["outlet"] == HOSTILE_OUTLET and docs["plain"]["outlet"] == MANIFEST_OUTLET
    assert SCRIPT in (docs["page"]["title"] or "")
    claims = api.get("/api/claims", params={"doc_id": HOSTILE_ID, "limit": 500}).json()["items"]
    assert claims
    # an analyst's correction carrying the payloads too
    made = api.post("/api/corrections", json={
        "target": "claim", "key": claims[0]["key"], "action": "fix", "changes": {"claimant": IMG},
        "author": SCRIPT, "note": STYLE_BREAK})
    assert made.status_code == 201, made.text
    stories = api.get("/api/stories", params={"limit": 500}).json()["items"]
    story = next(s["story_id"] for s in stories if HOSTILE_ID in s["doc_ids"])
    mentions = api.get("/api/mentions", params={"doc_id": HOSTILE_ID, "limit": 500}).json()["items"]
    entity = next(m["entity_id"] for m in mentions if m["entity_id"])

    def q(value: str) -> str:
        return quote(value, safe="")

    pages: list[tuple[str, str, tuple[str, ...]]] = [
        ("stories", "/stories", (SCRIPT, STYLE_BREAK, IMG)),
        ("story", f"/stories/{q(story)}", (SCRIPT, IMG)),
        ("claims", "/claims", (SCRIPT, IMG, STYLE_BREAK)),
        ("claims-by-outlet", f"/claims?outlet={q(HOSTILE_OUTLET)}&claimant={q(SCRIPT)}", (IMG, SCRIPT)),
        ("document-record-id", f"/documents/{q(HOSTILE_ID)}", PAYLOADS),
        ("document-mixed-case-url", "/documents/mixed-case", (ATTR_BREAK, SCRIPT_BREAK)),
        ("document-json", "/documents/json-record", (ATTR_BREAK, STYLE_BREAK)),
        ("document-manifest", "/documents/plain", (IMG, JS_URL)),
        ("document-html", "/documents/page", PAYLOADS),
        ("entity", f"/entities/{q(entity)}", (IMG,)),
        ("outlet", f"/outlets/{q(HOSTILE_OUTLET)}", (IMG,)),
        ("outlet-manifest", f"/outlets/{q(MANIFEST_OUTLET)}", (IMG,)),
        ("outlets", "/outlets", (IMG, SCRIPT_BREAK, STYLE_BREAK)),
        ("search-hits", f"/search?q={q('قتلوا')}", (SCRIPT, IMG)),
        ("search-query", f"/search?q={q(SCRIPT)}", (SCRIPT,)),
        ("corrections", "/corrections", (SCRIPT, IMG, STYLE_BREAK)),
        ("correction-form", f"/corrections?target=claim&key={q(SCRIPT)}&text={q(IMG)}&back={q(JS_URL)}"
                            f"&error={q(STYLE_BREAK)}", (SCRIPT, IMG, STYLE_BREAK)),
        ("error-400", f"/claims?date_from={q(SCRIPT)}", (SCRIPT,)),
        ("error-404", f"/stories/{q(IMG)}", ()),
        ("api-document", f"/api/documents/{q(HOSTILE_ID)}", (SCRIPT,)),
        ("api-documents", "/api/documents", (SCRIPT,)),
        ("api-claims", f"/api/claims?outlet={q(HOSTILE_OUTLET)}", (SCRIPT,)),
        ("api-stories", "/api/stories", (SCRIPT,)),
        ("api-search", f"/api/search?q={q(SCRIPT)}", (SCRIPT,)),
        ("api-corrections", "/api/corrections", (SCRIPT,)),
        ("api-error", f"/api/claims?date_from={q(SCRIPT)}", (SCRIPT,)),
    ]
    for what, path, shown in pages:
        page.goto(hostile_server + path)
        page.wait_for_load_state("load")
        shots(page, what)
        _check(page, what, shown)
        if what == "document-record-id":
            # a click on highlighted text shows its records as text
            page.locator("#doctext .seg.l-claims").first.click()
            assert "claims [" in page.locator("#details").inner_text()
            page.locator("#doctext").hover()
            _check(page, what + " clicked")
            # the corrected claim's evidence: its record (the payload claimant) beside the text
            page.goto(f"{hostile_server}{path}#at-{claims[0]['start']}-{claims[0]['end']}")
            page.wait_for_selector("#doctext mark.target")
            details = page.locator("#details").inner_text()
            assert "machine" in details and 'onerror=\\"window.__pwned=1\\"' in details
            shots(page, "document-record-id-corrected-claim")
            _check(page, what + " corrected claim")
            # the article's javascript: URL is text, not a link
            assert page.locator("span.unsafe-url").inner_text() == JS_URL

    # an upload: a refused file whose name is a payload, and a hostile article
    page.goto(f"{hostile_server}/upload")
    shots(page, "upload")
    _check(page, "upload")
    page.set_input_files("input[name=files]", [
        {"name": "<img src=x onerror=window.__pwned=1>.exe", "mimeType": "text/plain", "buffer": b"x"},
        {"name": "upload.txt", "mimeType": "text/plain", "buffer": _text(17).encode()}])
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"/upload/[0-9a-f]+$"))
    job = page.url.rsplit("/", 1)[1]
    page.wait_for_function("document.body.innerText.includes('Stored:')", timeout=60_000)
    shots(page, "upload-progress")
    _check(page, "upload progress", ("<img src=x onerror=window.__pwned=1>.exe",))
    page.goto(f"{hostile_server}/api/uploads/{job}")
    shots(page, "api-upload")
    _check(page, "api upload", ("onerror",))
    assert api.get(f"/api/uploads/{job}").json()["status"] == "done"
