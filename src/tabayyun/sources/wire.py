"""Wire copy: the news agency an article credits for its story, and the passage the credit covers.

Papers run agency stories under a dateline (``الرياض - واس``، ``بيروت (رويترز) -``، ``واس- الرياض:``)
or with a closing credit (``(أ ف ب)`` at the end). The agency then speaks for the passage: its
own statements are its claims, and whoever it quotes reached the article through it. A dateline
covers the article from the dateline on (the headline is the paper's); a closing credit covers
the body up to the credit. An inline credit (ذكرت وكالة رويترز أن…) is an ordinary cited source
(``sources.finder``). Agencies and their spellings: ``outlets.json`` (kind ``agency``; its
``credit_aliases`` are short forms read only in a credit line, such as قنا or وام).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.sources.lexicon import lexicon
from tabayyun.text.normalize import normalize_key

DATELINE_CHARS = 60  # a dateline is a short head of the first body paragraph, up to ":" or a dash
DATELINE_WORDS = 6
DATELINE_PARAGRAPHS = 2
PLACE_WORDS = 3  # the place before a dateline's dash (الرياض، دير الزور)  # the dateline may stand on a line of its own before the first paragraph
CREDIT_WORDS = 6  # a closing credit line: "(أ ف ب)"، "المصدر: رويترز"
_PARTS = re.compile(r"(?:[-–—:|/()\[\]،,\"«»“”]|(?<=\s)ـ+(?=\s))+")
_SEPARATORS = re.compile(r"[:\-–—]|(?<=\s)ـ+(?=\s)")  # a tatweel between spaces is a dash (الرياض ـ واس)
_MEDIA_HEADS = frozenset({"وكاله", "صحيفه", "جريده", "قناه", "موقع"})
# where a closing credit may start inside the last line: after a full stop, a dash or an opening bracket
_TAIL_STARTS = re.compile(r"[.!؟?]\s*|\s[-–—]\s*|[-–—]\s|\(")
# a date ending in a year, after which an agency's dateline may follow (… 2015 م واس)
_DATED = re.compile(r"\d{4}\s*(?:م\b)?\s*[-–—]?\s*")
DATED_CHARS = 100
_OPENING_BRACKET = re.compile(r"(?:[^\s()]+\s+){0,2}\(\s*(?P<name>[^()\n]{1,30}?)\s*\)")
_NOT_PLACES = frozenset({"انباء", "الانباء"})
ITEM_CHARS = 40  # the head of a later paragraph's dateline, up to its colon
HEADLINE_WORDS = 16  # an item's headline above its dateline in a round-up
# a sentence that only credits an agency: after a sentence end (or at a line start), up to the next stop
_ACCORDING = re.compile(r"(?:(?<=[.!؟?»”\"])|^)\s*و?(?:بحسب|حسب|وفقا|وفقاً|طبقا|طبقاً|نقلا\s+عن|نقلاً\s+عن)\s*"
                        r"(?P<name>[^\s.!؟?()][^.!؟?\n()]{1,28}?)\s*(?:[.!؟?]|$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class WireCredit:
    """An agency credited for a passage: its name as written (``start``..``end``) and the passage."""

    agency: str
    name: str
    start: int
    end: int
    covers_start: int
    covers_end: int


@lru_cache(maxsize=1)
def _agencies() -> dict[str, str]:
    """Key of every spelling of an agency (credit forms included) -> its canonical name."""
    out: dict[str, str] = {}
    for entry in load_json("lexicon", "outlets.json").get("outlets", []):
        if entry.get("kind") != "agency":
            continue
        for alias in [entry["name"], *entry.get("aliases", []), *entry.get("credit_aliases", [])]:
            out[normalize_key(alias)] = entry["name"]
    return out


def agency_of(name: str) -> str | None:
    """The canonical agency a credited name stands for (``(أ ف ب)`` -> AFP), or None."""
    key = normalize_key(name)
    agencies = _agencies()
    if key in agencies:
        return agencies[key]
    words = key.split()
    if len(words) > 1 and words[0] in _MEDIA_HEADS:
        return agencies.get(" ".join(words[1:]))
    return None


def same_medium(a: str, b: str) -> bool:
    """Two names of one medium (وكالة رويترز and رويترز; أ ف ب and فرانس برس)."""
    ka, kb = agency_of(a), agency_of(b)
    if ka is not None and ka == kb:
        return True
    return bare_key(a) == bare_key(b)


def bare_key(name: str) -> str:
    """A medium's name without its article, its head and the word انباء (وكالة أنباء الأناضول -> اناضول)."""
    words = normalize_key(name, drop_article=True).split()
    if len(words) > 1 and words[0] in _MEDIA_HEADS:
        words = words[1:]
    if len(words) > 1 and words[0] == "انباء":
        words = words[1:]
    return " ".join(words)


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The stretches of ``text[start:end]`` between dashes, colons, brackets and commas."""
    k = start
    for m in _PARTS.finditer(text, start, end):
        yield k, m.start()
        k = m.end()
    yield k, end


def _credited(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(agency, start, end) of each agency named as a whole part of a credit line."""
    out = []
    for s, e in _parts(text, start, end):
        while s < e and (text[s].isspace() or text[s] in ".!؟?"):
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        agency = agency_of(text[s:e]) if s < e else None
        if agency is not None:
            out.append((agency, s, e))
    return out


def _short(text: str, start: int, end: int) -> bool:
    return len(text[start:end].strip()) <= DATELINE_CHARS and len(text[start:end].split()) <= DATELINE_WORDS


def _dateline(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The agencies a dateline at the head of the paragraph ``text[start:end]`` credits."""
    if _short(text, start, end):
        return _credited(text, start, end)  # a dateline on a line of its own (مقديشو - الأناضول)
    opening = _bracketed(text, start, end)  # القاهرة (رويترز) قال…
    if opening:
        return opening
    cuts = [m.start() for m in _SEPARATORS.finditer(text, start, min(end, start + DATELINE_CHARS))]
    for cut in cuts:
        if len(text[start:cut].split()) > DATELINE_WORDS:
            break
        found = _credited(text, start, cut)  # واس- الرياض:، بيروت (رويترز) -
        if found:
            return found
    if cuts and len(text[start:cuts[0]].split()) <= PLACE_WORDS:
        found = _leading_agency(text, cuts[0] + 1, end)  # الرياض - واس أعلن…
        if found:
            return found
    for m in _DATED.finditer(text, start, min(end, start + DATED_CHARS)):
        found = _leading_agency(text, m.end(), end)  # الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس
        if found:
            return found
    return []


def _bracketed(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """An agency in brackets right after the place that opens the paragraph (القاهرة (رويترز))."""
    m = _OPENING_BRACKET.match(text, start, end)
    if m is None:
        return []
    before = [normalize_key(w) for w in text[start:m.start("name")].replace("(", " ").split()]
    if any(w in _MEDIA_HEADS or w in _NOT_PLACES or w in lexicon().speech for w in before):
        return []  # وأوضحت وكالة أنباء (الأناضول) أن…: a cited agency, not a dateline
    agency = agency_of(m.group("name"))
    return [(agency, m.start("name"), m.end("name"))] if agency is not None else []


def _leading_agency(text: str, k: int, end: int) -> list[tuple[str, int, int]]:
    """An agency named by the first words from ``k`` (the longest name that fits)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[k:end])][:PLACE_WORDS + 1]
    for n in range(len(words), 0, -1):
        s, e = k + words[0][0], k + words[n - 1][1]
        agency = agency_of(text[s:e])
        if agency is not None:
            return [(agency, s, e)]
    return []


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    k = start
    while k < end:
        stop = text.find("\n", k, end)
        stop = end if stop < 0 else stop
        if text[k:stop].strip():
            s = k + len(text[k:stop]) - len(text[k:stop].lstrip())
            yield s, stop
        k = stop + 1


def wire_credits(text: str, end: int | None = None) -> list[WireCredit]:
    """The agencies credited for the article ``text`` (its first line is the headline)."""
    end = len(text) if end is None else end
    newline = text.find("\n", 0, end)
    body = 0 if newline < 0 else newline + 1
    lines = list(_lines(text, body, end))
    heads: list[tuple[int, list[tuple[str, int, int]]]] = []
    first = 0
    for i, (s, e) in enumerate(lines[:DATELINE_PARAGRAPHS]):
        if i == len(lines) - 1 and _short(text, s, e):
            break  # a short last line is a closing credit (…\nأ ف ب), not a dateline
        found = _dateline(text, s, e)
        if found:
            heads.append((s, found))
            first = i + 1
            break
    for s, e in lines[max(first, 1):]:
        found = _item_dateline(text, s, e)  # a round-up: each item under its own dateline
        if found:
            heads.append((s, found))
    out: list[WireCredit] = []
    for k, (s, found) in enumerate(heads):
        stop = _item_start(text, lines, heads[k + 1][0]) if k + 1 < len(heads) else end
        out.extend(WireCredit(a, text[ns:ne], ns, ne, s, stop) for a, ns, ne in found)
    if lines and not out:
        out.extend(_closing(text, lines, lines[0][0]))
    if lines and not out:
        out.extend(_according(text, lines))
    return out


def _item_start(text: str, lines: list[tuple[int, int]], dateline: int) -> int:
    """Where the item of a round-up under the dateline at ``dateline`` starts: at its own headline,
    a short line without a full stop just above the dateline (the headline is the paper's)."""
    before = [(s, e) for s, e in lines if e < dateline]
    if before:
        s, e = before[-1]
        line = text[s:e].strip()
        if len(line.split()) <= HEADLINE_WORDS and not line.endswith((".", ":", "؟", "!")):
            return s
    return dateline


def _according(text: str, lines: list[tuple[int, int]]) -> list[WireCredit]:
    """A sentence that is nothing but a credit (… الهجوم. بحسب رويترز.، ….وفقا للفرنسية.): the
    agency of the passage before it, from the top of the body (papers tag the end of a wire chunk)."""
    body = lines[0][0]
    for s, e in lines:
        for m in _ACCORDING.finditer(text, s, e):
            name_start, name_end = m.start("name"), m.end("name")
            name = text[name_start:name_end]
            if name.startswith("لل"):
                name = "ال" + name[2:]  # وفقا للفرنسية: the name is الفرنسية, its span keeps the لـ
            elif name.startswith("ل") and agency_of(name) is None:
                rest = name[1:].lstrip("ـ ")
                name_start += len(name) - len(rest)
                name = rest
            agency = agency_of(name)
            if agency is not None:
                return [WireCredit(agency, name, name_start, name_end, body, m.start())]
    return []


def _item_dateline(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """``* بكين - (د.ب.أ): …``: a later paragraph opening with a place and an agency before a colon."""
    colon = text.find(":", start, min(end, start + ITEM_CHARS))
    if colon < 0:
        return []
    return _credit_only(text, start, colon)


def _credit_only(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The agency of a credit whose other words are at most a place before a dash (روما- أ ف ب،
    المصدر: رويترز); nothing for a phrase that only mentions one (الصور من «واس»)."""
    found = _credited(text, start, end)
    if not found:
        return []
    agency_start, agency_end = found[0][1], found[-1][2]
    if text[agency_end:end].strip(" .\u00a0-–—)»”\"'"):
        return []  # words after the agency: it is mentioned, not credited
    for s, e in _parts(text, start, agency_start):
        words = text[s:e].split()
        if not words:
            continue
        if len(words) > PLACE_WORDS or not _SEPARATORS.search(text, e, agency_start):
            return []
    return found


def _closing(text: str, lines: list[tuple[int, int]], body: int) -> list[WireCredit]:
    """A credit closing the article: a short last line (رويترز)، or a short tail of the last one
    after its last full stop or dash (…الهجوم. «رويترز»، …الهجوم (أ ف ب)، …سبتمبر روما- أ ف ب)."""
    s, e = lines[-1]
    last = text[s:e].rstrip(" .\u00a0")
    stop = s + len(last)
    tails = [s] if len(last.split()) <= CREDIT_WORDS else []
    tails += [s + m.end() for m in _TAIL_STARTS.finditer(last)
              if len(last[m.end():].split()) <= CREDIT_WORDS]
    for tail in tails:
        found = _credit_only(text, tail, stop)
        if found:
            return [WireCredit(a, text[ns:ne], ns, ne, body, tail) for a, ns, ne in found]
    return []
