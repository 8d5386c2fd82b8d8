"""The manifest: refused as a whole with the line number when a row cannot be trusted."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from tabayyun.ingest.manifest import ManifestEntry, ManifestError, read_manifest

HEADER = "doc_id,outlet,published,url\n"


def _manifest(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "manifest.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ('a,"Sham Times,2022-01-22,\nb,Al-Watan,2022-01-23,\nc,Enab,2022-01-24,\n', r"manifest\.csv:2: a quote"),
    ('a,"Sham Times,2022-01-22,\nb,Al-Watan",2022-01-23,\nc,Enab,2022-01-24,\n',
     r"manifest\.csv:2: a quoted field runs from line 2 to line 3"),
    ("a,Sham Times,2022-01-22,\nb,Al-Watan,2022-01-23\n", r"manifest\.csv:3: 3 fields where the header has 4"),
    ("a,Sham Times,2022-01-22,,extra\n", r"manifest\.csv:2: 5 fields where the header has 4"),
    ("a,Sham Times,22/01/2022,\n", r"manifest\.csv:2: published '22/01/2022' is not a date"),
    ("a,Sham Times,2022-01-22,\nb,X,,\na,Al-Watan,2022-01-23,\n",
     r"manifest\.csv:4: doc_id 'a' already has a row at line 2"),
    ('a,"Sham "Times",2022-01-22,\n', r"manifest\.csv:2: malformed CSV"),
    ("a," + "x" * 3_000 + ",2022-01-22,\n", r"manifest\.csv:2: outlet of 3,000 characters"),
    ("a," + "x" * 140_000 + ",2022-01-22,\n", r"manifest\.csv:2: a field longer than 131,072 characters"),
    ('a,"' + "x" * 140_000 + '\n', r"manifest\.csv:2: a field longer than 131,072 characters"),
])
def test_read_manifest_refuses_malformed_rows_with_the_line(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        read_manifest(_manifest(tmp_path, body))


def test_read_manifest_reads_quoted_fields_blank_lines_and_extra_columns(tmp_path: Path) -> None:
    body = 'a,"Sham Times, Damascus",2022-01-22,https://x.example/1,"a note, with a comma"\n\nb,,,,\n'
    entries = read_manifest(_manifest(tmp_path, body, "doc_id,outlet,published,url,note\n"))
    assert entries == {
        "a": ManifestEntry("a", "Sham Times, Damascus", date(2022, 1, 22), "https://x.example/1"),
        "b": ManifestEntry("b", None, None, None),
    }


def test_read_manifest_undoes_formula_neutralisation(tmp_path: Path) -> None:
    entries = read_manifest(_manifest(tmp_path, "'=a,'-Al-Watan,,\n"))
    assert entries["=a"].outlet == "-Al-Watan"


def test_read_manifest_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "m.csv")
    with pytest.raises(ManifestError, match="only regular files are read"):
        read_manifest(tmp_path / "m.csv")


def test_read_manifest_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="is empty"):
        read_manifest(_manifest(tmp_path, "", header=""))
