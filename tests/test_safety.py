"""Output safety: formulas neutralised in every CSV, control characters never printed raw."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tabayyun.cli import main
from tabayyun.safety import csv_cell, csv_cell_read, terminal_label, terminal_text

ARTICLE = ("قال مصدر في الدفاع المدني إن خمسة أشخاص قتلوا وأصيب عشرة آخرون في انفجار سيارة مفخخة في سوق "
           "بلدة الوادي أمس.\n")
OTHER = "قال مصدر أمني إن مسلحين مجهولين اختطفوا ثلاثة مدنيين في مدينة حلب شمال سوريا يوم الأحد.\n"


@pytest.mark.parametrize(("value", "expected"), [
    ('=HYPERLINK("http://x.example","click")', '\'=HYPERLINK("http://x.example","click")'),
    ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-33.5", "-33.5"), ("+7", "+7"), ("1e5", "1e5"), ("الوطن", "الوطن"), ("", ""), (12, 12), (None, None),
])
def test_csv_cell_neutralises_formulas_only(value: object, expected: object) -> None:
    assert csv_cell(value) == expected


@pytest.mark.parametrize("value", ["=1+1", "-x", "@a", "plain", "'quoted", "-33.5"])
def test_csv_cell_read_undoes_csv_cell(value: str) -> None:
    assert csv_cell_read(csv_cell(value)) == value


@pytest.mark.parametrize(("text", "expected"), [
    ("\x1b[31mred\x1b[0m outlet", "[31mred[0m outlet"),
    ("line\nnext\ttab", "line\nnext\ttab"),
    ("a\rb\x08c\x07d\x9be\x7f", "abcde"),
    ("lone \ud800 surrogate", "lone  surrogate"),
    ("عربي \u200f", "عربي \u200f"),
])
def test_terminal_text_strips_control_characters(text: str, expected: str) -> None:
    assert terminal_text(text) == expected


def test_terminal_label_strips_line_breaks_too() -> None:
    assert terminal_label("a\nb\x1b") == "ab"


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        (folder / f"=cmd{i}.txt").write_text(ARTICLE + f"رقم {i}", encoding="utf-8")
    # another incident, in another town, reported by one outlet only: its source cell begins with @
    (folder / "=cmd2.txt").write_text(OTHER, encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text('doc_id,outlet,published,url\n=cmd0,"=HYPERLINK(""http://x.example"")",2022-01-22,\n'
                        "=cmd1,\x1b]0;pwned\x07\x1b[2J-Evil,2022-01-22,\n=cmd2,@SUM(1+1),2022-01-22,\n",
                        encoding="utf-8")
    db = tmp_path / "t.db"
    assert main(["analyze", str(folder), "--manifest", str(manifest), "--db", str(db), "--quiet"]) == 0
    return db


def test_export_csv_neutralises_outlets_and_ids(hostile_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert main(["export", "--format", "csv", "--db", str(hostile_db), "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@")) and not (cell.startswith("-") and not cell[1:2].isdigit())
    # one row per incident: the two copies of one report are one incident with both outlets
    assert "'@SUM(1+1)" in {r["source"] for r in rows}
    assert any('=HYPERLINK("http://x.example")' in r["source"] for r in rows)
    notes = " ".join(r["notes"] for r in rows)
    assert all(f"=cmd{i} " in notes for i in range(3))  # inside a cell, a formula sign is only text


def test_summary_and_run_report_print_no_escape_sequences(hostile_db: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--db", str(hostile_db)]) == 0
    out = capsys.readouterr().out
    assert "-Evil" in out and "\x1b" not in out and "\x07" not in out
    folder = tmp_path / "in"
    (folder / "\x1b[2Jbad.json").write_text("{", encoding="utf-8")
    assert main(["analyze", str(folder), "--db", str(hostile_db)]) == 0
    captured = capsys.readouterr()
    assert "[2Jbad.json" in captured.out and "\x1b" not in captured.out + captured.err


def test_error_messages_print_no_escape_sequences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--db", str(tmp_path / "\x1b[2J.db")]) == 2
    err = capsys.readouterr().err
    assert "no database at" in err and "\x1b" not in err
