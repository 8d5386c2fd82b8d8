"""Input files: ids from paths, regular files only, bounded reads, names that are not UTF-8."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tabayyun.ingest.files import InputError, InputFile, SkippedInput, collect_files, read_bounded, safe_name


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging if a FIFO is ever opened for a blocking read."""
    def fail(*_: object) -> None:
        raise TimeoutError("blocked on a FIFO")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _ids(paths: list[Path]) -> dict[str, str]:
    return {Path(i.shown).name: i.doc_id for i in collect_files(paths) if isinstance(i, InputFile)}


def _touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("نص", encoding="utf-8")


def test_collect_files_flat_folder_ids_are_file_stems(tmp_path: Path) -> None:
    _touch(tmp_path, "000_abc.txt", "page.html", "one.json")
    assert _ids([tmp_path]) == {"000_abc.txt": "000_abc", "page.html": "page", "one.json": "one"}


def test_collect_files_nested_ids_are_relative_paths(tmp_path: Path) -> None:
    _touch(tmp_path, "a/x.txt", "b/x.txt")
    ids = sorted(i.doc_id for i in collect_files([tmp_path]) if isinstance(i, InputFile))
    assert ids == ["a/x", "b/x"]


def test_collect_files_shared_stem_keeps_extensions(tmp_path: Path) -> None:
    _touch(tmp_path, "x.txt", "x.json", "y.txt")
    assert _ids([tmp_path]) == {"x.json": "x.json", "x.txt": "x.txt", "y.txt": "y"}


def test_collect_files_file_given_alone_is_its_stem(tmp_path: Path) -> None:
    _touch(tmp_path, "deep/er/x.txt")
    assert _ids([tmp_path / "deep" / "er" / "x.txt"]) == {"x.txt": "x"}


def test_collect_files_reports_fifo_in_a_folder_without_opening_it(tmp_path: Path, alarm: None) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    items = list(collect_files([tmp_path]))
    assert len(items) == 1 and isinstance(items[0], SkippedInput)
    assert "named pipe" in items[0].message and "regular files" in items[0].message


@pytest.mark.parametrize("name", ["pipe.txt", "/dev/zero", "/dev/null"])
def test_read_bounded_refuses_what_is_not_a_regular_file(tmp_path: Path, alarm: None, name: str) -> None:
    path = Path(name) if name.startswith("/") else tmp_path / name
    if not path.exists():
        os.mkfifo(path)
    with pytest.raises(InputError, match="only regular files are read"):
        read_bounded(path, 1000)


def test_read_bounded_reads_no_more_than_the_limit(tmp_path: Path) -> None:
    # a sparse 20 GB file: reading it whole would take minutes and all the memory
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        f.truncate(20_000_000_000)
    with pytest.raises(InputError, match=r"20000\.0 MB is larger than one article can be \(limit 0\.001 MB\)"):
        read_bounded(big, 1000)


def test_read_bounded_accepts_exactly_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 1000)
    assert len(read_bounded(path, 1000)) == 1000
    with pytest.raises(InputError):
        read_bounded(path, 999)


@pytest.mark.parametrize(("raw", "expected"), [
    (b"\xff\xfe.txt", "\\xff\\xfe.txt"),
    ("خبر.txt".encode(), "خبر.txt"),
    ("خبر".encode("cp1256") + b".txt", "\\xce\\xc8\\xd1.txt"),
])
def test_safe_name_escapes_bytes_that_are_not_utf8(raw: bytes, expected: str) -> None:
    assert safe_name(os.fsdecode(raw)) == expected
    safe_name(os.fsdecode(raw)).encode("utf-8")


def test_collect_files_name_not_utf8_gets_an_escaped_id(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"\xff.txt")).write_text("نص", encoding="utf-8")
    (tmp_path / os.fsdecode(b"\xfe.txt")).write_text("نص", encoding="utf-8")
    items = [i for i in collect_files([tmp_path]) if isinstance(i, InputFile)]
    assert sorted(i.doc_id for i in items) == ["\\xfe", "\\xff"]
    assert all(i.renamed for i in items)
