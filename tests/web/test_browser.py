"""The analyst's flows in a real browser: Playwright for Python driving Debian's chromium
(never a downloaded browser), over the sample store served by uvicorn. Each test writes a
full-page screenshot of every page it visits (see ``Shots`` in conftest). Skips when
Playwright or chromium is missing."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import pytest

from tabayyun.demo import samples_dir
from tabayyun.store import open_store
from tabayyun.web.app import create_app

from .conftest import Shots, serving

pytestmark = pytest.mark.browser

AT = re.compile(r"^/documents/(?P<doc>.+)#at-(?P<start>\d+)-(?P<end>\d+)$")


@pytest.fixture(scope="module")
def server(sample_db: str) -> Iterator[str]:
    with serving(create_app(sample_db)) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that fails the test on any console error (the CSP blocked nothing it needs)."""
    p = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    p.close()
    assert not errors, errors


def _evidence(href: str) -> tuple[str, int, int]:
    """(doc_id, start, end) of a link to a document's characters."""
    parts = urlsplit(href)
    m = AT.match(parts.path + "#" + parts.fragment)
    assert m, href
    return unquote(m["doc"]), int(m["start"]), int(m["end"])


def _marked(page: Any) -> str:
    """The characters the document view marks as the link's target, in text order."""
    return str(page.evaluate(
        "() => Array.from(document.querySelectorAll('#doctext mark.target')).map(m => m.textContent).join('')"))


def _column(page: Any, header: str) -> list[str]:
    """The text of one column of the claims table, found by its header."""
    headers = [h.strip() for h in page.locator("table.claims thead th").all_inner_texts()]
    n = headers.index(header) + 1
    return [t.strip() for t in page.locator(f"table.claims tbody tr td:nth-child({n})").all_inner_texts()]


def test_browser_story_claim_lands_on_its_highlighted_evidence(server: str, sample_db: str, page: Any,
                                                              shots: Shots) -> None:
    page.goto(f"{server}/stories")
    shots(page, "stories")
    headline = page.locator("a.headline").first
    story_title = headline.inner_text()
    headline.click()
    page.wait_for_url(re.compile(r"/stories/S\d+$"))
    assert page.locator("h1").inner_text() == story_title
    shots(page, "story")
    # a claim behind one of the story's findings
    link = page.locator("section.finding li a[href*='#at-']").first
    doc_id, start, end = _evidence(link.get_attribute("href") or "")
    link.click()
    page.wait_for_url(re.compile(r"/documents/.+#at-\d+-\d+$"))
    page.wait_for_selector("#doctext mark.target")
    shots(page, "document-evidence")
    with open_store(sample_db) as store:
        original = store.document(doc_id)
    assert original is not None
    claims = httpx.get(f"{server}/api/claims", params={"doc_id": doc_id, "limit": 500}).json()["items"]
    [claim] = [c for c in claims if (c["start"], c["end"]) == (start, end)]
    # exactly the claim's characters, cut from the original text at its offsets
    assert _marked(page) == claim["text"] == original.text[start:end]
    assert len(claim["text"]) > 5
    # the claim's own record is shown beside the text
    details = page.locator("#details").inner_text()
    assert f"claims [{start}, {end})" in details and claim["measure"] in details
    assert page.locator("#doctext mark.target").first.is_visible()


def test_browser_document_click_shows_the_extracted_record(server: str, page: Any, shots: Shots) -> None:
    page.goto(f"{server}/documents/horizon_0311")
    claim = page.locator("#doctext .seg.l-claims").first
    claim.click()
    details = page.locator("#details")
    assert "claims [" in details.inner_text()
    assert "measure" in details.inner_text() and "claimant" in details.inner_text()
    shots(page, "document-click")
    # a layer switched off
    page.locator("#layers input[value=claims]").uncheck()
    assert "hide-claims" in (page.locator("#doctext").get_attribute("class") or "")


def test_browser_claims_table_filters_by_outlet_and_measure(server: str, page: Any, shots: Shots) -> None:
    page.goto(f"{server}/claims")
    shots(page, "claims")
    everything = httpx.get(f"{server}/api/claims", params={"limit": 500}).json()["total"]
    outlet, measure = "صوت السهل", "killed"

    def shown() -> int:
        return int(re.match(r"(\d+) claims", page.locator("main p.muted").first.inner_text())[1])  # type: ignore[index]

    page.select_option("form.filters select[name=outlet]", label=outlet)
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"outlet="))
    shots(page, "claims-by-outlet")
    outlets = _column(page, "Outlet")
    assert outlets and set(outlets) == {outlet}
    assert 0 < shown() < everything and shown() == len(outlets)

    page.select_option("form.filters select[name=measure]", label=measure)
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"measure=killed"))
    shots(page, "claims-by-outlet-and-measure")
    rows = list(zip(_column(page, "Outlet"), _column(page, "Measure"), strict=True))
    assert rows and all(o == outlet and m.split()[0] == measure for o, m in rows)
    api = httpx.get(f"{server}/api/claims", params={"outlet": outlet, "measure": measure, "limit": 500}).json()
    assert shown() == len(rows) == api["total"] < len(outlets)

    page.select_option("form.filters select[name=outlet]", label="any")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"outlet=&"))
    shots(page, "claims-by-measure")
    measures = _column(page, "Measure")
    assert measures and all(m.split()[0] == measure for m in measures)
    assert len(set(_column(page, "Outlet"))) > 1 and len(measures) > len(rows)


# each pair: a spelling in the sample articles, and one without its hamza, with ha for its ta
# marbuta, or with diacritics the articles do not have
SPELLINGS = [("hamza", "أنباء", "انباء"), ("ta-marbuta", "السيطرة", "السيطره"), ("ta-marbuta-2", "حصيلة", "حصيله"),
             ("diacritics", "قتلوا", "قَتَلُوا")]


def test_browser_search_finds_the_same_documents_in_any_spelling(server: str, page: Any, shots: Shots) -> None:
    def search(q: str, shot: str) -> tuple[set[str], set[str]]:
        page.goto(f"{server}/stories")
        page.fill("header form.search input[name=q]", q)
        page.press("header form.search input[name=q]", "Enter")
        page.wait_for_url(re.compile(r"/search\?q="))
        shots(page, shot)
        docs = {unquote(urlsplit(h or "").path.removeprefix("/documents/"))
                for h in (a.get_attribute("href") for a in page.locator("section.hit h3 a").all())}
        return docs, set(page.locator("section.hit mark").all_inner_texts())

    for what, written, other in SPELLINGS:
        found, marks = search(written, f"search-{what}-as-written")
        again, other_marks = search(other, f"search-{what}-other-spelling")
        assert found and found == again, (written, other)
        # the other spelling's matches are the articles' own characters, not the query's
        assert other not in other_marks and other_marks <= marks


def _reanalyze(db: str | Path, tmp_path: Path, doc_id: str) -> str:
    """Re-run the real CLI `analyze` over the sample articles with one document's URL changed in
    the manifest, so that its layers are analysed and written again and every cross-outlet
    record is rebuilt; what it printed."""
    samples = samples_dir()
    manifest = tmp_path / "manifest.csv"
    with (samples / "manifest.csv").open(encoding="utf-8", newline="") as src:
        rows = list(csv.DictReader(src))
    for row in rows:
        if row["doc_id"] == doc_id:
            row["url"] += "?v=2"
    with manifest.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    run = subprocess.run([sys.executable, "-m", "tabayyun", "analyze", str(samples), "--manifest",
                          str(manifest), "--db", str(db), "--workers", "1", "--quiet"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout + run.stderr


def _claim_row(page: Any, start: int, end: int) -> Any:
    return page.locator(f"table.claims tbody tr:has(a[href$='#at-{start}-{end}'])")


def test_browser_correction_survives_reanalysis(sample_db: str, tmp_path: Path, browser: Any,
                                                shots: Shots) -> None:
    db = tmp_path / "own.db"
    shutil.copy(sample_db, db)
    doc_id = "horizon_0311"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serving(create_app(str(db))) as server:
        listing = f"{server}/claims?doc_id={doc_id}&sort=doc"
        page.goto(listing)
        shots(page, "claims-before")
        links = [_evidence(a.get_attribute("href") or "")
                 for a in page.locator("table.claims tbody tr td:nth-child(9) a").all()]
        assert len(links) >= 2
        (_, fix_start, fix_end), (_, wrong_start, wrong_end) = links[0], links[1]

        # fix a claim's value and claimant (the form's POST carries this site's Origin: under
        # Referrer-Policy no-referrer the browser sent `Origin: null`, and the write was refused)
        _claim_row(page, fix_start, fix_end).locator("a:text('correct')").click()
        page.wait_for_url(re.compile(r"/corrections\?"))
        page.select_option("select[name=action]", "fix")
        page.fill("input[name=claimant]", "وزارة الصحة")
        page.fill("input[name=low]", "77")
        page.fill("input[name=high]", "77")
        page.fill("input[name=note]", "checked against the ministry's statement")
        page.fill("input[name=author]", "analyst")
        shots(page, "correction-form")
        page.click("form button[type=submit]")
        page.wait_for_url(re.compile(r"/claims\?"))
        # mark another wrong
        _claim_row(page, wrong_start, wrong_end).locator("a:text('correct')").click()
        page.wait_for_url(re.compile(r"/corrections\?"))
        page.select_option("select[name=action]", "wrong")
        page.fill("input[name=author]", "analyst")
        page.click("form button[type=submit]")
        page.wait_for_url(re.compile(r"/claims\?"))
        shots(page, "claims-corrected")

        def check() -> None:
            fixed = _claim_row(page, fix_start, fix_end)
            assert "77" in fixed.locator("td:nth-child(2)").inner_text()
            assert "corrected" in fixed.inner_text() and "وزارة الصحة" in fixed.inner_text()
            wrong = _claim_row(page, wrong_start, wrong_end)
            assert "marked wrong" in wrong.inner_text() and "wrong" in (wrong.get_attribute("class") or "")

        check()
        # re-analyse the same store with the real CLI: the document's URL changed in the
        # manifest, so its layers are analysed and written again, and every cross-outlet record rebuilt
        assert "1 updated" in _reanalyze(db, tmp_path, doc_id)
        assert httpx.get(f"{server}/api/documents/{doc_id}").json()["url"].endswith("?v=2")

        page.reload()
        shots(page, "claims-after-reanalysis")
        check()
        page.goto(f"{server}/corrections")
        shots(page, "corrections")
        assert page.locator("table.list tbody tr").count() == 2
    page.close()


def test_browser_story_map_draws_its_points_offline(server: str, page: Any, shots: Shots) -> None:
    stories = httpx.get(f"{server}/api/stories", params={"limit": 500}).json()["items"]
    story = next(s["story_id"] for s in stories if "geo" in s["doc_ids"])
    page.goto(f"{server}/stories/{story}")
    page.wait_for_selector(".leaflet-container path.leaflet-interactive", timeout=10_000)
    assert page.locator("path.leaflet-interactive").count() >= 1
    shots(page, "story-map")


def test_browser_story_pages_through_its_documents(server: str, page: Any, shots: Shots) -> None:
    """A story larger than a page says how many documents it has, and its "next" link shows the
    next ones (the split form then ticks those)."""
    story = httpx.get(f"{server}/api/stories", params={"limit": 1}).json()["items"][0]
    sid, doc_ids = story["story_id"], story["doc_ids"]
    page.goto(f"{server}/stories/{sid}?limit=2")
    pager = page.locator("h2:text('Documents') ~ nav.pager").first
    assert f"documents 1–2 of {len(doc_ids)}" in pager.inner_text()
    ticks = page.locator("form#split input[name=doc]")
    assert [ticks.nth(i).get_attribute("value") for i in range(ticks.count())] == doc_ids[:2]
    pager.locator("a", has_text="next").click()
    page.wait_for_url(re.compile(rf"/stories/{sid}\?.*offset=2"))
    assert [ticks.nth(i).get_attribute("value") for i in range(ticks.count())] == doc_ids[2:4]
    assert "documents 3–" in page.locator("h2:text('Documents') ~ nav.pager").first.inner_text()
    shots(page, "story-documents-page-2")


def test_browser_story_split_shows_the_new_story_and_survives_reanalysis(sample_db: str, tmp_path: Path,
                                                                          browser: Any, shots: Shots) -> None:
    """An analyst ticks a document on a story's page and splits it off: the new story's page
    lists that document (with its outlet), the old one no longer does, and both stay so after
    the real CLI re-analyses the store (the document's metadata changed, so every cross-outlet
    record is rebuilt)."""
    db = tmp_path / "own.db"
    shutil.copy(sample_db, db)
    doc_id = "observer_0312"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with serving(create_app(str(db))) as server:
        stories = httpx.get(f"{server}/api/stories", params={"limit": 500}).json()["items"]
        story = next(s for s in stories if doc_id in s["doc_ids"])
        sid, others = story["story_id"], [d for d in story["doc_ids"] if d != doc_id]
        assert others, "the story must keep documents after the split"
        page.goto(f"{server}/stories/{sid}")
        shots(page, "story-before")
        page.locator(f"form#split input[name=doc][value='{doc_id}']").check()
        page.fill("form#split input[name=author]", "analyst")
        page.fill("form#split input[name=note]", "a later crisis")
        page.click("form#split button[type=submit]")
        page.wait_for_url(re.compile(rf"/stories/{sid}$"))
        shots(page, "story-after-split")

        def documents_listed() -> set[str]:
            return {unquote(urlsplit(h or "").path.removeprefix("/documents/"))
                    for h in (a.get_attribute("href") for a in page.locator("h2:text('Documents') + * a").all())}

        def check() -> str:
            """On the old story's page: the split, its link, the documents left; on the new one's:
            its document, its outlet, where it came from. The new story's id."""
            page.goto(f"{server}/stories/{sid}")
            assert documents_listed() == set(others)
            link = page.locator(f"a[href^='/stories/']:not([href='/stories/{sid}'])").filter(
                has_text=re.compile(r"^S")).first
            new_id = link.inner_text().strip()
            assert f"split: {new_id}" in page.locator("main").inner_text()
            link.click()
            page.wait_for_url(re.compile(rf"/stories/{re.escape(new_id)}$"))
            assert documents_listed() == {doc_id}
            assert f"split from {sid}" in page.locator("main").inner_text()
            assert "الرقيب" in page.locator("h1 + p.muted").inner_text()  # its own document's outlet
            return new_id

        new_id = check()
        shots(page, "new-story")
        # re-analyse with the real CLI: the document's URL changed in the manifest, so it is
        # analysed again and the stories are rebuilt from scratch
        with open_store(db) as store:
            before = store.corpus_state().records_version
        assert "1 updated" in _reanalyze(db, tmp_path, doc_id)
        with open_store(db) as store:
            assert store.corpus_state().records_version != before  # the records were rebuilt
        assert check() == new_id
        shots(page, "new-story-after-reanalysis")
    page.close()
    assert not errors, errors
