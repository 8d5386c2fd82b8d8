"""Output safety: text from articles, file names and outlet names goes to terminals and
spreadsheets, so control characters are stripped from terminal output and CSV cells that a
spreadsheet would run as a formula are neutralised with a leading apostrophe (OWASP's advice)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

# C0 controls but tab and newline, DEL, C1 controls (ESC [ ... and the 8-bit CSI U+009B start
# terminal escape sequences; CR and backspace overwrite what was printed), and lone surrogates,
# which a UTF-8 terminal cannot even be sent
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# ... and in a one-line field (a label in a progress bar) the line breaks too
_CONTROL_INLINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def terminal_text(text: str) -> str:
    """``text`` as safe to print: control characters (escape sequences) removed, lines kept."""
    return _CONTROL.sub("", text)


def terminal_label(text: str) -> str:
    """One line of ``text`` as safe to print: control characters and line breaks removed."""
    return _CONTROL_INLINE.sub("", text)


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a string starting with = + - @ (or tab/CR) gets a
    leading apostrophe. Numbers, and strings that are plain numbers (-33.5), stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_cell_read(value: str) -> str:
    """Undo ``csv_cell`` on a cell read back (a manifest written by tabayyun or a spreadsheet)."""
    if value.startswith("'") and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


class SafeDictWriter:
    """``csv.DictWriter`` whose every cell goes through ``csv_cell``."""

    def __init__(self, out: IO[str], fieldnames: Iterable[str]) -> None:
        self.fieldnames = tuple(fieldnames)
        self._writer = csv.DictWriter(out, fieldnames=self.fieldnames)

    def writeheader(self) -> None:
        self._writer.writerow({name: csv_cell(name) for name in self.fieldnames})

    def writerow(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow({k: csv_cell(v) for k, v in row.items()})


def safe_csv_row(row: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in row]
