"""Articles uploaded from the browser: checked, analysed in the background, progress shown."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tabayyun.web.app import create_app
from tabayyun.web.uploads import MAX_FILE_BYTES, MAX_TOTAL_BYTES, UploadError, Uploads, check_file, safe_name

ARTICLE = "قال مصدر طبي إن 7 أشخاص قتلوا في قصف على بلدة الزهراء أمس.\n".encode()


def test_uploads_safe_name_keeps_no_path() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\x\\خبر 1.txt") == "خبر_1.txt"
    assert safe_name(".hidden.txt") == "hidden.txt"
    assert safe_name("") == "article.txt"


def test_uploads_check_file_type_and_size() -> None:
    assert check_file("a.txt", 10) is None
    assert check_file("a.JSONL", 10) is None
    assert "not an article" in (check_file("a.exe", 10) or "")
    assert "empty" in (check_file("a.txt", 0) or "")
    assert "larger" in (check_file("a.txt", MAX_FILE_BYTES + 1) or "")


@pytest.fixture
def own_db(sample_db: str, tmp_path: Path) -> str:
    target = tmp_path / "own.db"
    shutil.copy(sample_db, target)
    return str(target)


def _wait(client: TestClient, job_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 120
    while True:
        job = client.get(f"/api/uploads/{job_id}").json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            return dict(job)
        time.sleep(0.2)


def test_uploads_are_analysed_in_the_background(own_db: str) -> None:
    client = TestClient(create_app(own_db))
    assert "Upload articles" in client.get("/upload").text
    files = [("files", ("zahraa.txt", ARTICLE, "text/plain")),
             ("files", ("tool.exe", b"MZ...", "application/octet-stream")),
             ("files", ("big.txt", b"x" * (MAX_FILE_BYTES + 1), "text/plain"))]
    r = client.post("/upload", files=files, follow_redirects=False)
    assert r.status_code == 303
    job_id = r.headers["location"].rsplit("/", 1)[-1]
    job = _wait(client, job_id)
    assert job["status"] == "done", job
    assert job["files"] == ["zahraa.txt"] and len(job["refused"]) == 2  # type: ignore[arg-type]
    assert client.get("/api/documents/zahraa").status_code == 200
    page = client.get(f"/upload/{job_id}")
    assert "done" in page.text and "tool.exe" in page.text
    assert client.get("/api/uploads/nope").status_code == 404


def test_uploads_refuse_nothing_and_need_the_token(own_db: str) -> None:
    client = TestClient(create_app(own_db))
    assert client.post("/upload", files=[], data={"x": "1"}).status_code == 400
    guarded = TestClient(create_app(own_db, token="s3cret"))
    files = [("files", ("a.txt", ARTICLE, "text/plain"))]
    assert guarded.post("/upload", files=files).status_code == 401
    ok = guarded.post("/upload", files=files, data={"token": "s3cret"}, follow_redirects=False)
    assert ok.status_code == 303
    _wait(guarded, ok.headers["location"].rsplit("/", 1)[-1])


def test_uploads_refuse_a_request_over_the_total_size() -> None:
    """Every file under its own limit, the lot over the upload's: refused as a whole, nothing analysed."""
    ran: list[Path] = []
    uploads = Uploads("unused.db", analyse=lambda folder, db, job: ran.append(folder), max_total_bytes=1_000)
    with pytest.raises(UploadError, match=r"0\.0 MB; one upload takes at most 0 MB in all"):
        uploads.start([(f"a{i}.txt", b"x" * 300) for i in range(4)])
    assert ran == [] and uploads.jobs == {}
    job = uploads.start([(f"a{i}.txt", b"x" * 300) for i in range(3)])  # 900 bytes: under the total
    assert job.files == ["a0.txt", "a1.txt", "a2.txt"]


def test_uploads_total_limit_is_a_clear_400_in_the_browser(own_db: str) -> None:
    client = TestClient(create_app(own_db))
    assert f"{MAX_TOTAL_BYTES // 1_000_000} MB in all" in client.get("/upload").text
    per_file = MAX_FILE_BYTES - 1
    files = [("files", (f"a{i}.txt", b"x" * per_file, "text/plain"))
             for i in range(MAX_TOTAL_BYTES // per_file + 1)]
    r = client.post("/upload", files=files, follow_redirects=False)
    assert r.status_code == 400 and "in all: upload them in smaller batches" in r.text
