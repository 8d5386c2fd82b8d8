from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from pathlib import Path

import pytest

from tabayyun.cli import build_parser, main
from tabayyun.demo import samples_dir
from tabayyun.model import AnalyzedDoc, Mention
from tabayyun.store import Found, MentionFilter, Page


def _subcommands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", _subcommands())
def test_cli_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: tabayyun " + command in capsys.readouterr().out


def test_cli_analyze_twice_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "t.db"
    args = ["analyze", str(samples_dir()), "--manifest", str(samples_dir() / "manifest.csv"), "--db", str(db)]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "5 added" in first
    assert main(args) == 0
    second = capsys.readouterr().out
    assert "0 added, 0 updated, 5 already stored" in second


def test_cli_export_jsonl_spans_match_text(tmp_path: Path) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out.jsonl"
    assert main(["analyze", str(samples_dir()), "--db", str(db), "--quiet"]) == 0
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in samples_dir().glob("*.txt")}
    spans = [r for r in records if "start" in r and "doc_id" in r and r["type"] != "document"]
    assert spans
    for r in spans:
        assert texts[r["doc_id"]][r["start"]:r["end"]] == r["text"], r
    assert sum(r["type"] == "document" for r in records) == 5


def test_cli_export_jsonl_places_claims_and_events_as_the_corpus_records_say(tmp_path: Path) -> None:
    """The streamed export (placements read first) writes what the whole-corpus ``all_records``
    writes: claims with their incident, story and source, events with their incident, and no
    placement records of their own."""
    from tabayyun.export import EXPORT_LAYERS, all_records
    from tabayyun.store import open_store

    db, out = tmp_path / "t.db", tmp_path / "out.jsonl"
    assert main(["analyze", str(samples_dir()), "--db", str(db), "--quiet"]) == 0
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    written = sorted(out.read_text(encoding="utf-8").splitlines())
    with open_store(db) as store:
        whole = list(all_records(store.analyzed(EXPORT_LAYERS), store.corpus_records()))
    assert written == sorted(json.dumps(r, ensure_ascii=False) for r in whole)
    records = [json.loads(line) for line in written]
    assert not [r for r in records if r["type"] == "placement"]
    claims = [r for r in records if r["type"] == "claim"]
    assert claims and all({"incident_id", "story_id", "source"} <= set(r) for r in claims)
    assert any(r["incident_id"] for r in claims) and all(r["source"] for r in claims)
    assert any(r["incident_id"] for r in records if r["type"] == "event")


@pytest.mark.parametrize(("fmt", "check"), [("csv", "event_id_cnty,event_date"), ("geojson", "FeatureCollection")])
def test_cli_export_other_formats(tmp_path: Path, fmt: str, check: str) -> None:
    db, out = tmp_path / "t.db", tmp_path / f"out.{fmt}"
    assert main(["analyze", str(samples_dir()), "--db", str(db), "--quiet"]) == 0
    assert main(["export", "--format", fmt, "--db", str(db), "--out", str(out)]) == 0
    assert check in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["export", "--db", "{tmp}/missing.db"], "no database at"),
    (["analyze", "{tmp}", "--manifest", "{tmp}/none.csv", "--db", "{tmp}/x.db"], "does not exist"),
    (["analyze", "{tmp}", "--db", "{tmp}"], "is a folder"),
])
def test_cli_user_errors_say_what_to_do(tmp_path: Path, args: list[str], message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main([a.format(tmp=tmp_path) for a in args]) == 2
    assert message in capsys.readouterr().err


def test_cli_demo_prints_summary_and_writes_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "5 documents from 4 outlets" in out and "صوت السهل" in out
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "<script src" not in html and "http" not in html.split("<main>")[0]


def test_cli_exports_read_only_the_layers_they_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tabayyun.store.sql import SQLStore

    db = tmp_path / "t.db"
    assert main(["analyze", str(samples_dir()), "--db", str(db), "--quiet"]) == 0
    real = SQLStore.analyzed
    asked: list[tuple[str, ...]] = []

    def spy(self: SQLStore, layers: Collection[str] | None = None,
            doc_ids: Collection[str] | None = None) -> Iterator[AnalyzedDoc]:
        asked.append(tuple(layers or ()))
        return real(self, layers, doc_ids)

    def refused(*_: object, **__: object) -> object:
        raise AssertionError("the CSV export must read the events table and the incident records only")

    real_mentions = SQLStore.mentions
    looked_up: list[tuple[MentionFilter | None, Page | None]] = []

    def mentions_spy(self: SQLStore, where: MentionFilter | None = None,
                     page: Page | None = None) -> Iterator[Found[Mention]]:
        looked_up.append((where, page))
        return real_mentions(self, where, page)

    monkeypatch.setattr(SQLStore, "analyzed", spy)
    with monkeypatch.context() as patch:
        for name in ("claims", "corpus_records", "documents"):
            patch.setattr(SQLStore, name, refused)
        patch.setattr(SQLStore, "mentions", mentions_spy)
        assert main(["export", "--format", "csv", "--db", str(db), "--out", str(tmp_path / "e.csv")]) == 0
    assert asked == []
    # an actor outside the knowledge base is named as its first mention writes it: one row per actor
    assert looked_up and all(w is not None and w.entity_id and p == Page(limit=1) for w, p in looked_up)
    assert len({w.entity_id for w, _ in looked_up if w is not None}) == len(looked_up)
    assert main(["export", "--format", "jsonl", "--db", str(db), "--out", str(tmp_path / "e.jsonl")]) == 0
    assert asked and not {"tokens", "sentences"} & set(asked[0])


def test_cli_refresh_without_changes_reanalyses_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "t.db"
    assert main(["analyze", str(samples_dir()), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["refresh", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "0 added, 0 updated, 0 already stored" in out and "cross-outlet records (up to date)" in out
    assert main(["refresh", "--db", str(tmp_path / "missing.db")]) == 2
