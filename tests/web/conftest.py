"""A store of the shipped sample articles plus one hostile article, analysed once per session;
the app served on a free port, headless chromium and the screenshots of the browser tests."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tabayyun.demo import samples_dir
from tabayyun.ingest.manifest import read_manifest
from tabayyun.runner import analyze_paths
from tabayyun.store import open_store
from tabayyun.web.app import create_app

PAYLOAD = '<script>alert(1)</script>" onmouseover="alert(2)'
HOSTILE = {
    "id": "hostile",
    "title": f"عنوان {PAYLOAD}",
    "outlet": f"وكالة {PAYLOAD}",
    "url": "javascript:alert(3)",
    "published": "2024-03-12",
    "text": f"قال مصدر إن 5 أشخاص قتلوا في هجوم على بلدة تل الريحان. {PAYLOAD} <img src=x onerror=alert(4)>\n",
}


# a report about real places, which the gazetteer geocodes (for the maps)
GEO = {"id": "geo", "title": "غارة على حلب", "outlet": "مراسل", "published": "2024-05-02",
       "text": "قال مصدر إن 5 أشخاص قتلوا في غارة على مدينة حلب شمال سوريا، ونزح 20 شخصاً إلى دمشق.\n"}


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("web")
    hostile = root / "hostile"
    hostile.mkdir()
    (hostile / "hostile.json").write_text(json.dumps(HOSTILE, ensure_ascii=False), encoding="utf-8")
    (hostile / "geo.json").write_text(json.dumps(GEO, ensure_ascii=False), encoding="utf-8")
    db = root / "samples.db"
    samples = samples_dir()
    with open_store(db) as store:
        analyze_paths([samples], store, read_manifest(samples / "manifest.csv"))
    with open_store(db) as store:
        analyze_paths([hostile], store)
    return str(db)


@pytest.fixture
def client(sample_db: str) -> Iterator[TestClient]:
    yield TestClient(create_app(sample_db))


def sample_path(name: str) -> Path:
    return samples_dir() / name


# --- a real browser: Debian's chromium driven by Playwright (never a downloaded browser) --------

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
REPO = Path(__file__).resolve().parents[2]


def chromium_path() -> str | None:
    return next((p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None) or shutil.which("chromium")


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread: its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless chromium; the tests that ask for it skip without Playwright or chromium."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = chromium_path()
    if chromium is None:
        pytest.skip("no chromium: apt-get install -y chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--headless=new"])
        yield b
        b.close()


class Shots:
    """Full-page screenshots of the pages a test visits, numbered in visiting order:
    ``SCREENSHOTS/<test>-<nn>-<what>.png`` (SCREENSHOTS: $TABAYYUN_SCREENSHOTS or build/screenshots)."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder = folder
        self.prefix = prefix
        self.taken: list[Path] = []

    def __call__(self, page: Any, what: str) -> Path:
        path = self.folder / f"{self.prefix}-{len(self.taken) + 1:02d}-{what}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    folder = Path(os.environ.get("TABAYYUN_SCREENSHOTS") or REPO / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    name = request.node.name.removeprefix("test_")
    for old in folder.glob(f"{name}-*.png"):  # this test's pictures of an earlier run
        old.unlink()
    return Shots(folder, name)
