"""Document ids cannot collide: every input becomes its own document, collisions are
reported, and a re-run of the same input gives the same ids ("already stored")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tabayyun.cli import main
from tabayyun.ingest import IngestProblem, read_documents
from tabayyun.model import Document

ARTICLE = "قال مصدر في الدفاع المدني إن {n} أشخاص قتلوا في انفجار سيارة مفخخة في سوق {place}.\n"


def _text(n: int, place: str = "الوادي") -> str:
    return ARTICLE.format(n=n, place=place)


def _read(paths: list[Path]) -> tuple[list[Document], list[IngestProblem], list[IngestProblem]]:
    docs: list[Document] = []
    problems: list[IngestProblem] = []
    warnings: list[IngestProblem] = []
    for item in read_documents(paths):
        if isinstance(item, IngestProblem):
            (warnings if item.warning else problems).append(item)
        else:
            docs.append(item)
    return docs, problems, warnings


@pytest.fixture
def colliding(tmp_path: Path) -> Path:
    """Six articles that the old ids folded into three documents."""
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "x.txt").write_text(_text(1), encoding="utf-8")
    (root / "x.json").write_text(json.dumps({"text": _text(2)}, ensure_ascii=False), encoding="utf-8")
    (root / "a" / "y.txt").write_text(_text(3), encoding="utf-8")
    (root / "b" / "y.txt").write_text(_text(4), encoding="utf-8")
    (root / "a" / "news.jsonl").write_text(json.dumps({"text": _text(5)}, ensure_ascii=False), encoding="utf-8")
    (root / "b" / "news.jsonl").write_text(json.dumps({"text": _text(6)}, ensure_ascii=False), encoding="utf-8")
    return root


def test_read_documents_every_colliding_name_is_its_own_document(colliding: Path) -> None:
    docs, problems, warnings = _read([colliding])
    assert sorted(d.doc_id for d in docs) == ["a/news.jsonl:1", "a/y", "b/news.jsonl:1", "b/y", "x.json", "x.txt"]
    assert problems == [] and warnings == []


def test_read_documents_same_input_twice_gives_same_ids(colliding: Path) -> None:
    first = [d.doc_id for d in _read([colliding])[0]]
    assert [d.doc_id for d in _read([colliding])[0]] == first


def test_cli_colliding_names_stored_apart_and_unchanged_on_rerun(colliding: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "t.db"
    assert main(["analyze", str(colliding), "--db", str(db)]) == 0
    assert "6 added, 0 updated" in capsys.readouterr().out
    assert main(["analyze", str(colliding), "--db", str(db)]) == 0
    assert "0 added, 0 updated, 6 already stored" in capsys.readouterr().out


def test_read_documents_same_id_under_two_roots_is_qualified_and_reported(tmp_path: Path) -> None:
    for folder, n in (("one", 1), ("two", 2)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(_text(n), encoding="utf-8")
    docs, _, warnings = _read([tmp_path / "one", tmp_path / "two"])
    assert [d.doc_id for d in docs] == ["x", "x~2"]
    assert len(warnings) == 1
    message = warnings[0].path + ": " + warnings[0].message
    assert "two/x.txt" in message and "one/x.txt" in message and "'x~2'" in message


def test_read_documents_record_ids_kept_and_duplicates_qualified(tmp_path: Path) -> None:
    lines = [{"id": "r1", "text": _text(1)}, {"id": "r2", "text": _text(2)}, {"id": "r1", "text": _text(3)},
             {"id": 7, "text": _text(4)}, {"text": _text(5)}]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines),
                                          encoding="utf-8")
    docs, _, warnings = _read([tmp_path / "batch.jsonl"])
    assert [d.doc_id for d in docs] == ["r1", "r2", "r1~2", "7", "batch.jsonl:5"]
    assert len(warnings) == 1 and "line 3" in warnings[0].path and "line 1" in warnings[0].message


def test_read_documents_same_text_twice_is_not_a_collision(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(_text(1), encoding="utf-8")
    docs, _, warnings = _read([tmp_path / "one", tmp_path / "two"])
    assert [d.doc_id for d in docs] == ["x", "x"] and warnings == []
    assert docs[0].content_hash == docs[1].content_hash


def test_read_documents_manifest_matches_nested_file_by_path_or_by_name(tmp_path: Path) -> None:
    from tabayyun.ingest.manifest import ManifestEntry

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(_text(1), encoding="utf-8")
    (tmp_path / "a" / "y.txt").write_text(_text(2), encoding="utf-8")
    manifest = {"a/x": ManifestEntry("a/x", "By Path", None, None), "y": ManifestEntry("y", "By Name", None, None)}
    docs = {d.doc_id: d for d in read_documents([tmp_path], manifest) if isinstance(d, Document)}
    assert (docs["a/x"].outlet, docs["a/y"].outlet) == ("By Path", "By Name")
