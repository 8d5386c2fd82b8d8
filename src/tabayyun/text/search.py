"""Search over normalised Arabic: a query without hamza, diacritics or tatweel (or with other
spellings of them) finds every spelling, and each match is reported in original offsets."""

from __future__ import annotations

import re

from tabayyun.text.normalize import normalize

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode's control characters (category Cc)


def search_form(text: str) -> str:
    """The form stored and searched: the normaliser's view (alef and hamza forms, ya and alef
    maqsura, ta marbuta and ha unified; diacritics and tatweel dropped; Latin lower case)."""
    return normalize(text, fold_ta_marbuta=True).text


def query_form(query: str) -> str:
    """A query in the search form, its runs of white space made one space and its control
    characters dropped: SQLite ends a LIKE pattern at a NUL, so a query of one NUL matched
    every document."""
    return _SPACES.sub(" ", search_form(_CONTROL.sub(" ", query))).strip()


def find_matches(text: str, query: str, limit: int = 100) -> list[tuple[int, int]]:
    """Where ``query`` occurs in ``text``, as (start, end) of the original text (at most ``limit``)."""
    wanted = query_form(query)
    if not wanted:
        return []
    view = normalize(text, fold_ta_marbuta=True)
    # white space in the query matches any run of white space in the text
    pattern = re.compile(r"\s+".join(re.escape(part) for part in wanted.split(" ")))
    out = []
    for m in pattern.finditer(view.text):
        if m.end() > m.start():
            out.append(view.to_original(m.start(), m.end()))
        if len(out) >= limit:
            break
    return out
