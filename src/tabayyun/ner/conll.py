"""Read CoNLL-style NER files ("token TAG [TAG ...]", blank line between sentences) into our label set.

Flat files (ANERcorp) carry one tag per token; nested files (Wojood) carry several. Source types
are mapped through `label_map.tsv`; for nested files the outermost mapped entity wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tabayyun.ner.scoring import chunks

LABELS = ("PER", "ORG", "LOC", "MISC")
IGNORE = "-"
LINE_BREAK = "$#$"  # Wojood's in-document line-break token
_TAG_RE = re.compile(r"^(?:O|[BI]-[A-Za-z_]+)$")


class ConllFormatError(ValueError):
    """The file is not in the expected "token TAG" format."""


@dataclass(frozen=True, slots=True)
class Sentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]  # IOB2 over LABELS


def contiguous_parts(count: int, parts: int) -> list[range]:
    """`parts` consecutive, near-equal index ranges over `count` sentences.

    ANERcorp keeps a document's sentences together, so every out-of-fold scheme here (seen names,
    document memory, bags) cuts the corpus into contiguous parts rather than shuffling it."""
    return [range(count * k // parts, count * (k + 1) // parts) for k in range(parts)]


def load_label_map(path: Path | None = None) -> dict[str, str]:
    """Source type -> one of LABELS or IGNORE, from `SOURCE<TAB>TARGET` lines."""
    if path is None:
        text = resources.files("tabayyun.data").joinpath("ner", "label_map.tsv").read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    mapping: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target = line.split("\t")[:2]
        if target not in LABELS and target != IGNORE:
            raise ConllFormatError(
                f"label map: target {target!r} for {source!r} is not one of {LABELS} or '-'"
            )
        mapping[source.upper()] = target
    return mapping


def _flatten(tag_columns: Sequence[Sequence[str]], mapping: Mapping[str, str]) -> tuple[str, ...]:
    """Map types and keep the outermost (longest, then leftmost) non-overlapping entities, as IOB2."""
    n = len(tag_columns)
    # Nested files do not keep a fixed column per layer, so rebuild one tag sequence per source type.
    by_type: dict[str, list[str]] = {}
    for i, column in enumerate(tag_columns):
        for tag in column:
            if tag != "O":
                seq = by_type.setdefault(tag[2:], ["O"] * n)
                seq[i] = tag
    candidates: list[tuple[int, int, str]] = []
    for source, seq in by_type.items():
        target = mapping[source.upper()]
        if target != IGNORE:
            candidates.extend((s, e, target) for s, e, _ in chunks(seq))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    tags = ["O"] * n
    for start, end, label in candidates:
        if all(t == "O" for t in tags[start:end]):
            tags[start] = "B-" + label
            for j in range(start + 1, end):
                tags[j] = "I-" + label
    return tuple(tags)


def parse_conll(text: str, mapping: Mapping[str, str], source: str = "<text>") -> list[Sentence]:
    """Parse CoNLL text; raise ConllFormatError naming the line on malformed input."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    columns: list[list[str]] = []

    def flush() -> None:
        if tokens:
            sentences.append(Sentence(tuple(tokens), _flatten(columns, mapping)))
            tokens.clear()
            columns.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            flush()
            continue
        if parts[0] == LINE_BREAK:
            flush()
            continue
        if len(parts) < 2:
            raise ConllFormatError(f"{source}:{number}: expected 'token TAG', got {line!r}")
        tags = parts[1:]
        for tag in tags:
            if not _TAG_RE.match(tag):
                raise ConllFormatError(f"{source}:{number}: {tag!r} is not an IOB tag (O, B-TYPE, I-TYPE)")
            if tag != "O" and tag[2:].upper() not in mapping:
                raise ConllFormatError(
                    f"{source}:{number}: entity type {tag[2:]!r} is not in the label map; "
                    "add it to label_map.tsv or pass --label-map"
                )
        tokens.append(parts[0])
        columns.append(tags)
    flush()
    return sentences


def read_conll(path: Path, mapping: Mapping[str, str] | None = None) -> list[Sentence]:
    """Read a CoNLL file from disk, mapping types with the shipped label map by default."""
    text = path.read_text(encoding="utf-8")
    return parse_conll(text, load_label_map() if mapping is None else mapping, str(path))
