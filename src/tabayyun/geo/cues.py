"""Evidence that a gazetteer name is used as a place, and the words a place mention takes in.

Arabic has no capitals: a town called الثورة or الباب is told from the word by what stands
before it. Strong cues (مدينة، حي، ريف…) name the kind of place; weak cues (في، قرب، شمال…)
license names that are not everyday words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.entities.index import WordKey, token_key
from tabayyun.geo.gazetteer import LEVEL_RANK, Place
from tabayyun.lexicon import load_json
from tabayyun.text.normalize import normalize_key

# places prominent enough that a weak cue licenses even an everyday-word name (في الرياض)
PROMINENT = LEVEL_RANK["city"]
# a single-word name of a place smaller than this needs a cue even when it is not a word
NOTABLE_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class CueLexicon:
    strong: frozenset[str]
    apposition: frozenset[str]
    span: frozenset[str]
    weak: frozenset[str]
    directions: frozenset[str]
    common: frozenset[str]
    regions: dict[tuple[str, ...], str]  # direction words before a country or province -> region
    toponym_heads: frozenset[str]
    # units of a distance a sentence measures a site by from a landmark (events/context.measured_from),
    # as normalize_key spells them
    distance_units: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    data = load_json("kb", "place_cues.json")
    names = load_json("kb", "given_names.json")
    patterns = load_json("kb", "name_patterns.json")
    titles = load_json("lexicon", "titles.json")
    # a place named like a given name, a facility or institution noun, or a function word is
    # an everyday word too (السجن، المدينة، جاسم)
    everyday = [*data["common_names"], *names["given_names"], *patterns["facility_nouns"], *patterns["org_nouns"],
                *data["strong"], *titles["name_stops"]]
    common = {token_key(w) for w in everyday}
    return CueLexicon(
        strong=frozenset(token_key(w) for w in data["strong"]),
        apposition=frozenset(token_key(w) for w in data["apposition"]),
        span=frozenset(token_key(w) for w in data["span_cues"]),
        weak=frozenset(token_key(w) for w in data["weak"]),
        directions=frozenset(token_key(w) for w in data["directions"]),
        common=frozenset(common),
        regions={tuple(token_key(w) for w in k.split()): v for k, v in data["region_directions"].items()},
        toponym_heads=frozenset(token_key(w) for w in data["toponym_heads"]),
        distance_units=frozenset(normalize_key(w) for w in data["distance_units"]),
    )


def _prev_word(words: Sequence[WordKey], i: int) -> WordKey | None:
    return words[i - 1] if i > 0 and words[i - 1].key else None


_DEFINITE = ("ال", "وال", "فال", "بال", "كال", "وبال", "لل", "ولل", "فلل")


def cue_before(words: Sequence[WordKey], first: int, text: str, clitic: bool) -> str:
    """'strong', 'weak' or '' for the context before the name starting at word ``first``."""
    lex = cue_lexicon()
    cue = ""
    if clitic:
        head = normalize_key(text[words[first].start:words[first].end])
        # a glued preposition (بالحسكة، لسوريا) is a weak cue; a bare conjunction (والزهور) or a
        # glued ك (like: كبيرا) is none
        if (not head.startswith(("وال", "فال")) and head[:1] in "بل") or head[:2] in ("وب", "ول", "فب", "فل"):
            cue = "weak"
        if head[:1] in "وف":
            # a conjunction starts a phrase of its own: the word before governs no name after it
            # (من فصيلة، حتى وإن); coordination with a place is read by the caller
            return cue
    prev = _prev_word(words, first)
    if prev is None:
        return cue
    keys = {prev.key, *(k for _, k in prev.variants)}
    if keys & lex.strong:
        if clitic:
            # a kind noun governs the name right after it (منطقة دوما); a name with a glued
            # preposition starts a new phrase (في أي منطقة بسوف)
            return cue
        if normalize_key(text[prev.start:prev.end]).startswith(_DEFINITE) and not keys & lex.apposition:
            return "weak"  # a kind noun with the article is a phrase of its own (في المخيم أدى)
        return "strong"
    if keys & lex.weak:
        return "weak"
    return cue


def needs_cue(place: Place, words_in_name: int, key: str) -> str:
    """The cue a bare mention of ``place`` needs: 'strong', 'weak' or ''."""
    lex = cue_lexicon()
    common = place.common or key in lex.common
    prominent = LEVEL_RANK.get(place.level, 0) >= PROMINENT or place.population >= NOTABLE_POPULATION
    if common:
        return "weak" if prominent and LEVEL_RANK.get(place.level, 0) >= LEVEL_RANK["capital"] else "strong"
    if words_in_name >= 2 or prominent or place.level in ("facility", "neighbourhood"):
        return ""
    return "weak"


def satisfied(needed: str, found: str) -> bool:
    return not needed or found == "strong" or (needed == "weak" and found == "weak")


def extend_place(words: Sequence[WordKey], first: int, last: int, start: int) -> tuple[int, int, int]:
    """(first word, last word, start offset) of a place mention taken in its kind word
    before (مدينة الحسكة، بمدينة → مدينة) and a direction after (ريف حلب الغربي)."""
    lex = cue_lexicon()
    if first > 0 and words[first - 1].key:
        prev = words[first - 1]
        for off, key in prev.variants:
            if key in lex.span:
                first, start = first - 1, off
                break
    if last + 1 < len(words) and words[last + 1].key in lex.directions:
        last += 1
    return first, last, start


def region_before(words: Sequence[WordKey], first: int) -> tuple[int, int, str] | None:
    """(first word, start offset, direction) of a direction that makes a region of the country or
    province named at word ``first`` (شمالي العراق، بجنوب غربي اليمن), the longest first."""
    lex = cue_lexicon()
    for n in (2, 1):
        i = first - n
        if i < 0 or not all(w.key for w in words[i:first]):
            continue
        tail = tuple(w.key for w in words[i + 1:first])
        for off, key in words[i].variants:
            direction = lex.regions.get((key, *tail))
            if direction is not None:
                return i, off, direction
    return None
