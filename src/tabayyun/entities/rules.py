"""Facility and organisation names by pattern: a head noun and the name that follows it.

سجن غويران، مسجد المصطفى، مقبرة أبو بكر، مستشفى عسير المركزي → FAC;
المعهد التقني، الملعب البلدي (article + head + adjective) → FAC;
مديرية الشؤون الاجتماعية والعمل، محكمة استئناف ديالى، المركز الإعلامي → ORG.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.entities.index import WordKey, token_key, with_reading
from tabayyun.entities.persons import name_lexicon
from tabayyun.lexicon import load_json
from tabayyun.text.normalize import normalize_key

MAX_NAME_WORDS = 4


@dataclass(frozen=True, slots=True)
class PatternLexicon:
    facility: frozenset[str]
    facility_definite: frozenset[str]
    org: frozenset[str]
    org_definite: frozenset[str]
    org_needs_place: frozenset[str]
    org_indefinite_only: frozenset[str]
    place: frozenset[str]
    place_definite: frozenset[str]
    place_second: frozenset[str]
    generic: frozenset[str]
    non_name: frozenset[str]
    head_requires: dict[str, frozenset[str]]
    precision: dict[str, str]  # how fine a place named with this noun is (قرية: village)


@lru_cache(maxsize=1)
def pattern_lexicon() -> PatternLexicon:
    data = load_json("kb", "name_patterns.json")

    def keys(name: str) -> frozenset[str]:
        return frozenset(token_key(w) for w in data[name])

    return PatternLexicon(keys("facility_nouns"), keys("facility_definite"), keys("org_nouns"), keys("org_definite"),
                          keys("org_definite_needs_place"), keys("org_indefinite_only"), keys("place_nouns"),
                          keys("place_nouns_definite"), keys("place_name_second_words"), keys("generic_modifiers"), keys("non_name_modifiers"),
                          {token_key(h): frozenset(token_key(w) for w in ws) for h, ws in data["head_requires"].items()},
                          {token_key(h): p for h, p in data["place_noun_precision"].items()})


@lru_cache(maxsize=1)
def _head_nouns() -> frozenset[str]:
    """Every noun that heads a facility, organisation or place name."""
    pat = pattern_lexicon()
    return pat.facility | pat.org | pat.place | pat.org_definite


def head_precision(words: Sequence[WordKey], first: int) -> str | None:
    """The precision a place mention's kind noun gives it (قرية سترة: a village; محافظة لحج: a
    province), or None when it does not start with one."""
    if first >= len(words):
        return None
    table = pattern_lexicon().precision
    return next((table[k] for _, k in words[first].variants if k in table), None)


@dataclass(frozen=True, slots=True)
class PatternHit:
    start: int
    end: int
    first: int
    last: int
    label: str  # FAC, ORG or LOC
    name_end: int  # end offset of the name before a conjoined part (for the id)
    head: str = ""  # the head noun's key


def _surface(w: WordKey, text: str) -> str:
    return normalize_key(text[w.start:w.end])


def _is_stop(w: WordKey, s: str) -> bool:
    """A stop word as written: with the article it is one only when listed so (الذي، اليوم);
    العند is a name, not the preposition عند."""
    if w.key not in name_lexicon().stops:
        return False
    return not s.startswith("ال") or s in _definite_stops()


@lru_cache(maxsize=1)
def _definite_stops() -> frozenset[str]:
    words = (normalize_key(w) for w in load_json("lexicon", "titles.json")["name_stops"])
    return frozenset(w[1:] if w.startswith(("وال", "فال")) else w for w in words if "ال" in w[:3])


def _ends_name(w: WordKey, text: str, known: Mapping[int, int] | None = None) -> bool:
    """A stop word, a number, or a word with a glued preposition before the article or before a
    known name (سجن الصناعة بالحسكة، مسجد قوات الطوارئ بأبها) ends a name."""
    s = _surface(w, text)
    if (not w.key or w.dash or _is_stop(w, s) or w.key.isdigit()
            or s.startswith(("بال", "لل", "كال", "فال", "وبال", "ولل"))):
        return True
    if known is not None and w.position in known and known[w.position] > w.start and s[:1] in "بلكف":
        return True
    return s[:1] in "بلك" and any(k in _cue_words() for _, k in w.variants[1:])


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    return frozenset(token_key(w) for w in load_json("kb", "place_cues.json")["strong"])


@lru_cache(maxsize=1)
def _locating_words() -> frozenset[str]:
    data = load_json("kb", "place_cues.json")
    return frozenset(token_key(w) for w in [*data["weak"], *data["region_directions"]] if " " not in w)


def _locating(w: WordKey) -> bool:
    """A word that locates a place from the next one (قرب، شمال، بشمالي): it ends the name before it."""
    return w.key in _locating_words() or any(k in _locating_words() for _, k in w.variants[1:])


def _plural(s: str) -> bool:
    return len(s) >= 8 and s.endswith(("ين", "ون"))


def _definite_plural(s: str) -> bool:
    """A plural with the article (الشؤون، المتظاهرين، الخدمات) is a common noun, not a place's name."""
    return len(s) >= 6 and s.endswith(("ين", "ون", "ات"))


def _name_like(j: int, words: Sequence[WordKey], text: str, known: Collection[int]) -> bool:
    lex = name_lexicon()
    return j in known or words[j].key in lex.given or words[j].key in lex.kunya or words[j].key in lex.connectors


def _extent(i: int, words: Sequence[WordKey], text: str, known: Mapping[int, int], head: str) -> tuple[int, int] | None:
    """(last word, last word before a conjunction) of the name after the head noun at ``i``."""
    pat = pattern_lexicon()
    connectors = name_lexicon().connectors
    n = len(words)
    j = i + 1
    if j >= n or _ends_name(words[j], text, known) or words[j].key in pat.generic \
            or len(words[j].key) < 2 or _surface(words[j], text) == "ال":
        return None
    if head in pat.head_requires and words[j].key not in pat.head_requires[head]:
        return None
    if words[j].key in pat.facility:
        return None  # two heads (مسجد مقر …): the name belongs to the second
    if head in pat.org_needs_place and j not in known:
        return None  # شرطة خان بني سعد, not شرطة بهجمات
    s = _surface(words[j], text)
    definite = s.startswith("ال")
    if s.startswith("و") and not _name_like(j, words, text, known):
        return None
    if head in pat.org_indefinite_only and definite and j not in known:
        return None
    if head in pat.place:
        # a place name is mostly one or two plain words (حي كومين، قرية تل شور), or after a noun of
        # settlement one word with the article (مدينة الحوطة، قطاع الطوال)
        if j in known or (definite and (head not in pat.place_definite or words[j].key in pat.non_name
                                        or _definite_plural(s))) \
                or (not definite and s[:1] in "يتن" and len(s) >= 4):
            return None  # known places come from the gazetteer; قرية تعود is a verb, not a name
        if j + 1 < n and words[j + 1].key in pat.place_second and _surface(words[j + 1], text).startswith("ال"):
            return j + 1, j + 1  # ظهران الجنوب، الحوطة الجديدة
        if not definite and j + 1 < n and not _ends_name(words[j + 1], text) and words[j + 1].key not in pat.generic \
                and not _surface(words[j + 1], text).startswith(("ال", "و")) and (j + 1) not in known \
                and not _locating(words[j + 1]):
            return j + 1, j + 1
        return j, j
    # an everyday indefinite word starts a name only as the head of an idafa (قوات الطوارئ، قضاء بلدروز)
    if not definite and not _name_like(j, words, text, known) and (
            j + 1 >= n or _ends_name(words[j + 1], text)
            or not (_surface(words[j + 1], text).startswith("ال") or (j + 1) in known)):
        return None
    last = before_conj = j
    count = 1
    if words[j].key in name_lexicon().honorific_keys and not (j + 1 < n and words[j + 1].key in name_lexicon().given):
        return None  # سجن الشاعر: the imprisonment of a person, not a prison's name
    prev_def, prev_conn = definite, words[j].key in connectors
    prev_title = words[j].key in name_lexicon().honorific_keys
    seen_known = j in known
    j += 1
    while j < n and count < MAX_NAME_WORDS:
        w = words[j]
        s = _surface(w, text)
        if _ends_name(w, text, known) or w.key in pat.non_name:
            break
        is_def = s.startswith("ال")
        if not prev_conn:
            if s.startswith("و") and not _name_like(j, words, text, known):
                if before_conj != last or not s.startswith("وال") or not prev_def:
                    break  # one conjunction inside a name (الشؤون الاجتماعية والعمل), not before people
            elif w.key in pat.facility or w.key in pat.org:
                break  # a new head noun starts another name
            elif prev_def and not is_def and not (prev_title and w.key in name_lexicon().given):
                break  # after a definite word only adjectives follow (but جامعة الملك سعود)
            elif not prev_def and not (is_def or _name_like(j, words, text, known)):
                break
        if not s.startswith("و") and before_conj == last:
            before_conj = j
        elif s.startswith("و") and _plural(s) and j + 1 < n and _surface(words[j + 1], text).startswith("ال"):
            break  # والمسؤولين المحليين: people joined to the name, not part of it
        last = j
        count += 1
        seen_known = seen_known or j in known
        prev_def, prev_conn = is_def, w.key in connectors
        prev_title = w.key in name_lexicon().honorific_keys
        j += 1
        if s.startswith("و") and not prev_conn:
            break  # nothing follows a conjoined part (لجنة الهجرة والمهجرين)
    if prev_conn and last > i + 1:
        last = before_conj = last - 1  # a name does not end on بن / أبو
    if head in pat.org_needs_place and not seen_known:
        return None
    return last, min(before_conj, last)


_OPEN_QUOTES = "«“\"'‹"
_CLOSE_QUOTES = "»”\"'›"
_MAX_QUOTED = 3


def _quoted_name(i: int, words: Sequence[WordKey], text: str) -> int | None:
    """The closing quote's word index when one to three words in quotation marks follow the head
    noun at ``i`` (قاعدة «العند»); None otherwise."""
    j = i + 1
    if j >= len(words) or words[j].key or text[words[j].start:words[j].end] not in _OPEN_QUOTES:
        return None
    for k in range(j + 1, min(j + 2 + _MAX_QUOTED, len(words))):
        if not words[k].key:
            closing = text[words[k].start:words[k].end] in _CLOSE_QUOTES
            return k if closing and k > j + 1 else None
    return None


def find_patterns(text: str, words: Sequence[WordKey], known: Mapping[int, int] | None = None) -> list[PatternHit]:
    """Facility and organisation names headed by a noun of kb/name_patterns.json; ``known``
    word indices belong to names already found (places, organisations)."""
    pat = pattern_lexicon()
    stops = name_lexicon().stops
    known = known or {}
    hits: list[PatternHit] = []
    nouns = _head_nouns()
    # only a word with a head noun among its readings can start a name: the others are passed over
    for i in with_reading(words, nouns):
        if i in known:
            continue
        w = words[i]
        heads = [(off, k) for off, k in w.variants
                 if k in pat.facility or k in pat.org or k in pat.place or k in pat.org_definite]
        if not heads:
            continue
        start, key = heads[0]
        label = "FAC" if key in pat.facility else "LOC" if key in pat.place else "ORG"
        if label == "LOC" and normalize_key(text[w.start:start]).endswith("لل"):
            continue  # للقضاء: the article hides in the clitic (the judiciary, not a district)
        surface = normalize_key(text[start:w.end])
        if key in pat.org_definite and key not in pat.org and not surface.startswith("ال"):
            continue
        if surface.startswith("ال"):
            # with the article the head is a name only with an adjective of its own (المعهد التقني)
            if (key not in pat.facility_definite and key not in pat.org_definite) or i + 1 >= len(words):
                continue
            label = "FAC" if key in pat.facility_definite else "ORG"
            nxt = words[i + 1]
            if not _surface(nxt, text).startswith("ال") or nxt.key in pat.generic or nxt.key in pat.non_name \
                    or nxt.key in stops or (i + 1) in known:
                continue
            hits.append(PatternHit(start, nxt.end, i, i + 1, label, nxt.end, key))
            continue
        quoted = _quoted_name(i, words, text) if key in pat.facility or key in pat.place else None
        if quoted is not None:  # قاعدة «العند»، مخيم "الأمل": the quotes bound the name
            hits.append(PatternHit(start, words[quoted].end, i, quoted, label, words[quoted].end, key))
            continue
        extent = _extent(i, words, text, known, key)
        if extent is None:
            continue
        last, before_conj = extent
        hits.append(PatternHit(start, words[last].end, i, last, label, words[before_conj].end, key))
    return hits
