"""The crash reproducers of issue 18, end to end through ``tabayyun analyze``: each bad input
is a reported, skipped (or repaired and reported) item and the good article beside it is stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tabayyun.cli import main
from tabayyun.store import open_store

GOOD = ("انفجار في سوق بلدة الوادي\n\nقال مصدر في الدفاع المدني إن خمسة أشخاص قتلوا وأصيب عشرة آخرون "
        "في انفجار سيارة مفخخة أمس.\n")


def _analyze(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    rc = main(["analyze", str(folder), "--db", str(tmp_path / "t.db"), *extra])
    captured = capsys.readouterr()
    return rc, captured.out + captured.err


def _folder(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / os.fsdecode(name.encode("utf-8", "surrogateescape"))).write_bytes(content)
    return folder


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bigint.json", b'{"text": "\xd9\x86\xd8\xb5", "n": ' + b"1" * 5000 + b"}",
     "bigint.json: a number of 5,000 characters (limit 100)"),
    ("deep.json", b'{"text": "x", "n": ' + b"[" * 1000 + b"]" * 1000 + b"}", "deep.json: nested more than 64 levels"),
    ("page.html", b"<iframe src='x'></iframe></html>", "page.html: "),
])
def test_analyze_bad_file_is_reported_and_the_run_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          name: str, content: bytes, message: str) -> None:
    rc, out = _analyze(_folder(tmp_path, name, content), tmp_path, capsys)
    assert rc == 0
    assert "1 added, 0 updated, 0 already stored, 1 not read" in out
    assert f"not read: {tmp_path / 'in' / message}" in out
    assert "Traceback" not in out


def test_analyze_lone_surrogate_is_replaced_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = json.dumps({"text": GOOD + "@"}, ensure_ascii=False).replace("@", "\\ud800").encode()
    rc, out = _analyze(_folder(tmp_path, "surrogate.json", record), tmp_path, capsys)
    assert rc == 0 and "2 added" in out
    assert "warning: " in out and "lone UTF-16 surrogates" in out
    with open_store(tmp_path / "t.db") as store:
        assert any(d.text.endswith("\ufffd") for d in store.documents())


def test_analyze_file_name_not_utf8_is_stored_under_an_escaped_id(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    name = b"\xff\xfe".decode("utf-8", "surrogateescape") + ".txt"
    rc, out = _analyze(_folder(tmp_path, name, (GOOD + "ثانية").encode()), tmp_path, capsys)
    assert rc == 0 and "2 added" in out and "the file name is not valid UTF-8" in out
    with open_store(tmp_path / "t.db") as store:
        assert sorted(d.doc_id for d in store.documents()) == ["\\xff\\xfe", "good"]


def test_analyze_manifest_field_over_the_csv_limit_is_refused_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, "other.txt", (GOOD + "ثانية").encode())
    manifest = tmp_path / "m.csv"
    manifest.write_text("doc_id,outlet,published,url\ngood,Al-Watan,2022-01-22,\nother," + "x" * 140_000
                        + ",2022-01-22,\n", encoding="utf-8")
    rc, out = _analyze(folder, tmp_path, capsys, "--manifest", str(manifest))
    assert rc == 2
    assert "m.csv:3: a field longer than 131,072 characters" in out and "Traceback" not in out


@pytest.mark.parametrize("phrase", ["قبل 125 مليون عام", "قبل 2500 سنة"])
def test_analyze_ancient_date_keeps_times_claims_and_events(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           phrase: str) -> None:
    record = {"text": f"بنيت المدينة {phrase}.\n" + GOOD, "published": "2022-01-22"}
    rc, out = _analyze(_folder(tmp_path, "old.json", json.dumps(record, ensure_ascii=False).encode()), tmp_path,
                       capsys)
    assert rc == 0 and "stage failed" not in out
    with open_store(tmp_path / "t.db") as store:
        old = next(d for d in store.analyzed() if d.document.doc_id == "old")
        assert old.layer("times") and old.layer("claims") and old.layer("events")


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_analyze_device_or_fifo_is_refused_without_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           target: str) -> None:
    path = Path(target)
    if target == "fifo":
        path = tmp_path / "pipe.jsonl"
        os.mkfifo(path)
    rc, out = _analyze(path, tmp_path, capsys)
    assert rc == 1
    assert "not an article file: only regular files are read" in out and "no article could be read" in out


def test_analyze_missing_path_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = _analyze(tmp_path / "nope", tmp_path, capsys)
    assert rc == 2 and "no such file or folder" in out


def test_analyze_all_rejected_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "bad.json").write_text("{", encoding="utf-8")
    rc, out = _analyze(tmp_path / "in", tmp_path, capsys)
    assert rc == 1 and "2 not read" in out and "no article could be read" in out


_WITHOUT_HTML_CLEAN = """
import sys
from pathlib import Path
for name in [m for m in sys.modules if m.startswith(("trafilatura", "justext", "lxml.html"))]:
    del sys.modules[name]
sys.modules["lxml.html.clean"] = None  # what an lxml >= 5.2 without lxml_html_clean looks like
from tabayyun.ingest import read_documents
for item in read_documents([Path(sys.argv[1])]):
    print(item.message)
"""


def test_html_without_lxml_html_clean_names_what_is_missing(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>" + GOOD + "</p></body></html>", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _WITHOUT_HTML_CLEAN, str(page)], capture_output=True, text=True,
                         check=True).stdout
    assert "lxml's html_clean part" in out and "pip install lxml_html_clean" in out
    assert "needs trafilatura" not in out


def test_analyze_folder_without_articles_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "README.md").write_text("# notes", encoding="utf-8")
    rc, out = _analyze(tmp_path / "in", tmp_path, capsys)
    assert rc == 1 and "no article files in" in out
