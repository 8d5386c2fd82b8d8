"""Input files: which files a run reads, the document id each one gets, and bounded reads.

Only regular files are read (a FIFO, a device such as /dev/zero or a socket is refused
without being opened for reading), and never more than the limit + 1 bytes of one article.
A file's id is its path relative to the folder it was found in, without the extension
(``a/x`` for ``a/x.txt``; a file given by itself, or in a flat folder, is its stem), so two
folders never give one id; files of one folder that share a stem (``x.txt`` beside
``x.json``) keep their extension (``x.txt``, ``x.json``) whatever else the folder holds.
"""

from __future__ import annotations

import os
import re
import stat
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

# files that travel with corpora but are not articles
_NOT_ARTICLES = re.compile(r"^(readme|license|licence|source|notice|copying|changelog)(\..*)?$", re.I)


class InputError(ValueError):
    """A file cannot be read as an article file (what to do is in the message)."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    # the id of the file's article: path relative to its folder without the extension
    doc_id: str
    # relative path with the extension: qualifies the records of a multi-article file
    name: str
    # the path as printed in messages (bytes that are not UTF-8 escaped as \xNN)
    shown: str
    # set when the name had to be escaped to become an id
    renamed: bool = False


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """A path that is not read, and why."""

    shown: str
    message: str


def safe_name(name: str) -> str:
    """A file name as storable, printable text: bytes that are not UTF-8 (which Python
    keeps as lone surrogates) become ``\\xNN``, so distinct names stay distinct."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def shown(path: Path | str) -> str:
    return safe_name(str(path))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def check_regular(path: Path) -> os.stat_result:
    """The file's status; InputError unless it is a regular file (symbolic links followed)."""
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise InputError("no such file or folder; check the path") from exc
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror}); check its permissions") from exc
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{_kind(st.st_mode)}, not an article file: only regular files are read")
    return st


def open_regular(path: Path) -> int:
    """A read-only descriptor of a regular file. Opened non-blocking and checked again after
    opening, so that a FIFO swapped in after the check neither blocks nor is read."""
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror}); check its permissions") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(f"{_kind(mode)}, not an article file: only regular files are read")
    return fd


ARTICLE = "one article"
SPLIT_ADVICE = "split it into one file per article, or raise --max-mb"


def too_large(size: float, limit: int, what: str = ARTICLE, advice: str = SPLIT_ADVICE) -> str:
    return f"{size / 1e6:.1f} MB is larger than {what} can be (limit {limit / 1e6:g} MB): {advice}"


def read_bounded(path: Path, limit: int, what: str = ARTICLE, advice: str = SPLIT_ADVICE) -> bytes:
    """The file's bytes; InputError when it holds more than ``limit`` (at most limit + 1
    bytes are read, whatever the file claims its size is)."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
        size = max(len(data), os.fstat(handle.fileno()).st_size)
    if len(data) > limit:
        raise InputError(too_large(size, limit, what, advice))
    return data


def _walk(root: Path) -> Iterator[Path | SkippedInput]:
    """Entries under ``root`` in a stable order; hidden files and folders are passed over."""
    entries = []
    for child in root.rglob("*"):
        if any(part.startswith(".") for part in child.relative_to(root).parts):
            continue
        entries.append(child)
    for child in sorted(entries):
        try:
            mode = child.stat().st_mode
        except OSError:
            continue  # a dangling link or a file removed meanwhile: nothing to read
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            yield SkippedInput(shown(child), f"{_kind(mode)}, not an article file: only regular files are read")
            continue
        yield child


def collect_files(paths: Iterable[Path]) -> Iterator[InputFile | SkippedInput]:
    """Article files under the given files and folders, in a stable order, with their ids."""
    for path in paths:
        if path.is_dir():
            yield from _folder_files(path)
        elif not path.exists():
            yield SkippedInput(shown(path), "no such file or folder; check the path")
        else:
            yield _input_file(path, Path(path.name), stem_shared=False)


def _folder_files(root: Path) -> Iterator[InputFile | SkippedInput]:
    found: list[Path] = []
    for item in _walk(root):
        if isinstance(item, SkippedInput):
            yield item
            continue
        if item.suffix.lower() == ".csv" or _NOT_ARTICLES.match(item.name):
            continue
        if item.suffix.lower() not in SUPPORTED:
            yield SkippedInput(shown(item), f"skipped: '{safe_name(item.suffix)}' is not an article format "
                                            "(.txt, .html, .json, .jsonl)")
            continue
        found.append(item)
    stems: dict[tuple[Path, str], int] = defaultdict(int)
    for item in found:
        rel = item.relative_to(root)
        stems[(rel.parent, rel.stem)] += 1
    for item in found:
        rel = item.relative_to(root)
        yield _input_file(item, rel, stem_shared=stems[(rel.parent, rel.stem)] > 1)


def _input_file(path: Path, rel: Path, stem_shared: bool) -> InputFile:
    name = rel.as_posix()
    doc_id = name if stem_shared else rel.with_suffix("").as_posix() if rel.suffix else name
    safe_id = safe_name(doc_id)
    return InputFile(path, safe_id, safe_name(name), shown(path), renamed=safe_id != doc_id)
