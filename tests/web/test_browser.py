"""The pages in a real browser: Playwright for Python driving Debian's chromium (never a
downloaded browser). Skips when Playwright or chromium is missing."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM = next((p for p in CANDIDATES if Path(p).exists()), None) or shutil.which("chromium")

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="no chromium: apt-get install -y chromium")]


@pytest.fixture(scope="module")
def server(sample_db: str) -> Iterator[str]:
    import uvicorn

    from tabayyun.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(sample_db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless=new"])
        yield b
        b.close()


def test_browser_document_click_shows_the_extracted_record(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/documents/horizon_0311")
    claim = page.locator("#doctext .seg.l-claims").first
    claim.click()
    details = page.locator("#details")
    assert "claims [" in details.inner_text()
    assert "measure" in details.inner_text() and "claimant" in details.inner_text()
    # a layer switched off
    page.locator("#layers input[value=claims]").uncheck()
    assert "hide-claims" in (page.locator("#doctext").get_attribute("class") or "")
    assert not errors, errors  # the CSP blocked nothing the page needs
    page.close()


def test_browser_hostile_article_runs_no_script(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []

    def on_dialog(dialog: object) -> None:
        dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    page.goto(f"{server}/documents/hostile")
    page.locator("#doctext").hover()
    page.wait_for_timeout(200)
    assert dialogs == []
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    page.close()


def test_browser_story_map_draws_its_points_offline(server: str, browser: object) -> None:
    import httpx

    stories = httpx.get(f"{server}/api/stories", params={"limit": 500}).json()["items"]
    story = next(s["story_id"] for s in stories if "geo" in s["doc_ids"])
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/stories/{story}")
    page.wait_for_selector(".leaflet-container path.leaflet-interactive", timeout=10_000)
    assert page.locator("path.leaflet-interactive").count() >= 1
    assert not errors, errors
    page.close()
