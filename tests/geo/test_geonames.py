"""Importing GeoNames dumps into the user gazetteer, and the CLI command around it."""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

import pytest

from tabayyun.geo.commands import add_commands
from tabayyun.geo.geonames import GeoNamesFormatError, import_into, parse_rows, read_geonames


def _row(gid: str, name: str, alt: str, fclass: str = "P", fcode: str = "PPL", pop: str = "2000") -> str:
    cols = [gid, name, name, alt, "36.5", "40.7", fclass, fcode, "SY", "", "08", "", "", "", pop, "",
            "300", "Asia/Damascus", "2024-01-01"]
    return "\t".join(cols) + "\n"


ROWS = [
    _row("1", "Arnor", "Arnor,أرنور,آرنور"),
    _row("2", "Gondor Airport", "مطار غوندور", fclass="S", fcode="AIRP", pop="0"),
    _row("3", "Latin only", "Latin only"),
]


def test_parse_rows_keeps_arabic_names() -> None:
    places = list(parse_rows(ROWS))
    assert [(p.id, p.name_ar, p.label) for p in places] == [("gn:1", "أرنور", "LOC"), ("gn:2", "مطار غوندور", "FAC")]


@pytest.mark.parametrize("content", ["hello\nworld\nthis\nis\nnot\ngeonames\n", "a,b,c\n1,2,3\n"])
def test_read_geonames_rejects_other_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GeoNamesFormatError):
        read_geonames(path)


def test_read_geonames_reads_zip(tmp_path: Path) -> None:
    path = tmp_path / "SY.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("SY.txt", "".join(ROWS))
    assert len(read_geonames(path)) == 2


def test_import_into_merges_by_id(tmp_path: Path) -> None:
    target = tmp_path / "user.tsv"
    import_into(list(parse_rows(ROWS[:1])), target)
    imported, total = import_into(list(parse_rows(ROWS)), target)
    assert (imported, total) == (2, 2)


@pytest.mark.parametrize(("make", "code"), [
    (lambda d: (d / "SY.txt").write_text("".join(ROWS), encoding="utf-8"), 0),
    (lambda d: (d / "SY.txt").write_text("not\na\ndump\nat\nall\n", encoding="utf-8"), 2),
    (lambda d: None, 2),
])
def test_import_gazetteer_command_exit_codes(tmp_path: Path, make, code: int) -> None:
    make(tmp_path)
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers())
    args = parser.parse_args(["import-gazetteer", str(tmp_path / "SY.txt"), "--out", str(tmp_path / "u.tsv")])
    assert args.func(args) == code
