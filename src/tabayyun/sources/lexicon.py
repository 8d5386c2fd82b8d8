"""The word lists of cited sources and the word-level tests over them: reporting verbs,
according-to phrases, source heads and titles, hedges, and which words end a source phrase.

Data: ``reporting_verbs.json``, ``source_nouns.json``, ``hedges.json`` and ``outlets.json``;
numbers and measure triggers come from ``number_words.json`` and ``measures.json`` (a source
phrase ends where what it counts begins).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.model import SourceKind
from tabayyun.numbers.words import number_words
from tabayyun.sources.words import PhraseSet, Word, key_set, match_phrase, phrase_keys
from tabayyun.text.normalize import normalize_key

# words that end a source phrase: the clause goes on with what the source said or did
_STOP_WORDS = ("الى", "إلى", "عن", "خلال", "عبر", "حول", "بشأن", "منذ", "بعد", "قبل", "حيث", "كما", "فيما", "بينما",
               "التي", "الذي", "الذين", "اللذين", "والتي", "والذي", "ما", "مما", "لا", "لم", "لن", "قد", "وقد", "تلقت", "تلقى",
               "نسخة", "عقب", "اثر", "إثر", "مع", "ضد", "وسط", "دون", "نقلا", "عند")


@dataclass(frozen=True, slots=True)
class Lexicon:
    speech: frozenset[str]
    continuation: frozenset[str]
    ambiguous: frozenset[str]
    statement: frozenset[str]
    prepositions: PhraseSet
    complementizers: frozenset[str]
    statement_nouns: frozenset[str]
    heads: dict[str, SourceKind]
    person_titles: frozenset[str]
    institution: frozenset[str]
    time_words: frozenset[str]
    stop_words: frozenset[str]
    same_head: dict[str, str]
    outlet_aliases: dict[str, str]  # alias key -> outlet canonical name
    agency_aliases: frozenset[str]  # aliases of news agencies, which may be cited bare (واس، سانا)
    pronoun_titles: frozenset[str]
    not_sources: frozenset[str]
    platforms: PhraseSet
    media_qualifiers: frozenset[str]
    hedges: PhraseSet
    carry_openers: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    negations: frozenset[str] = frozenset()
    not_subject_starts: frozenset[str] = frozenset()  # in ``light`` spelling: على (on) is not علي (Ali)
    title_abbreviations: frozenset[str] = frozenset()
    b_objects: frozenset[str] = frozenset()
    media_adjectives: frozenset[str] = frozenset()
    speech_nouns: frozenset[str] = frozenset()
    document_sources: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    verbs = load_json("lexicon", "reporting_verbs.json")
    nouns = load_json("lexicon", "source_nouns.json")
    hedges = load_json("lexicon", "hedges.json")
    heads: dict[str, SourceKind] = {}
    # later kinds win a tie: a word listed as agency and official (الداخلية) is read as the more specific
    for kind in (SourceKind.ANONYMOUS, SourceKind.OFFICIAL, SourceKind.ORGANIZATION, SourceKind.AGENCY):
        for key in key_set(nouns[kind.value]):
            heads.setdefault(key, kind)
    same_head: dict[str, str] = {}
    for group in nouns["same_head"]:
        keys = [normalize_key(g) for g in group]
        for k in keys:
            same_head[k] = keys[0]
            if k.startswith("ال"):
                same_head[k[2:]] = keys[0]
    return Lexicon(
        speech=key_set(verbs["speech"]),
        continuation=key_set(verbs["continuation"]),
        ambiguous=key_set(verbs["ambiguous"]),
        statement=key_set(verbs["statement"]),
        prepositions=phrase_keys(verbs["prepositions"]),
        complementizers=key_set(verbs["complementizers"]),
        statement_nouns=key_set(verbs["statement_nouns"]),
        heads=heads,
        person_titles=key_set(nouns["person_titles"]),
        institution=key_set(nouns["institution"]),
        time_words=key_set(nouns["time_words"]),
        stop_words=key_set(_STOP_WORDS) | key_set(nouns.get("phrase_enders", ())),
        same_head=same_head,
        outlet_aliases=_outlet_aliases(),
        agency_aliases=frozenset(_outlet_aliases(kind="agency")),
        pronoun_titles=key_set(nouns["pronoun_titles"]),
        not_sources=key_set(nouns["not_sources"]),
        platforms=phrase_keys(nouns["platforms"]),
        media_qualifiers=key_set(nouns["media_qualifiers"]),
        hedges=phrase_keys(hedges["phrases"]),
        carry_openers=phrase_keys(verbs.get("carry_openers", ())),
        negations=key_set(verbs.get("negations", ())),
        not_subject_starts=frozenset(light(w) for w in nouns.get("not_subject_starts", ())),
        title_abbreviations=key_set(nouns.get("title_abbreviations", ())),
        b_objects=key_set(nouns.get("b_objects", ())),
        media_adjectives=key_set(nouns.get("media_adjectives", ())),
        speech_nouns=key_set(verbs.get("speech_nouns", ())),
        document_sources=key_set(verbs.get("document_sources", ())),
    )


_DIACRITICS = str.maketrans("", "", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")


_ALEFS = str.maketrans("أإآ", "ااا")


def light(text: str) -> str:
    """A lighter key than ``normalize_key``: diacritics, tatweel and hamza on alef go, but ى stays
    apart from ي, so that على (on) never matches علي (Ali)."""
    return text.translate(_DIACRITICS).translate(_ALEFS).strip()


def _outlet_aliases(kind: str | None = None) -> dict[str, str]:
    try:
        data = load_json("lexicon", "outlets.json")
    except FileNotFoundError:
        return {}
    out: dict[str, str] = {}
    for outlet in data.get("outlets", []):
        if kind is not None and outlet.get("kind") != kind:
            continue
        for alias in [outlet["name"], *outlet.get("aliases", [])]:
            out[normalize_key(alias, drop_article=False)] = outlet["name"]
    return out


@lru_cache(maxsize=1)
def _number_keys() -> frozenset[str]:
    nw = number_words()
    tables = (nw.units, nw.tens, nw.hundreds, nw.scale_singular, nw.scale_dual, nw.scale_plural, nw.vague)
    return frozenset(normalize_key(w) for table in tables for w in table if len(w) >= 3)


@lru_cache(maxsize=1)
def measure_triggers() -> frozenset[str]:
    triggers = load_json("lexicon", "measures.json")["triggers"]
    return key_set(w for words in triggers.values() for w in words)


def opens_number(w: Word) -> bool:
    return w.is_number or is_number_word(w) or w.key in ("اكثر", "نحو", "حوالي", "قرابه", "ما")


def is_number_word(w: Word) -> bool:
    """A cardinal or vague number word (ألف، مئتي، عشرات), with or without a clitic."""
    return w.has(_number_keys())


def is_verb_form(w: Word) -> bool:
    """A reporting verb, bare or after و/ف; a noun with the article (النقل) is no verb (نقل)."""
    speech = lexicon().speech
    return w.key in speech or (w.key[:1] in ("و", "ف") and w.key[1:] in speech)


def hedge_at(words: Sequence[Word], i: int) -> int:
    """Length of a hedge phrase starting at ``words[i]``."""
    return match_phrase(words, i, lexicon().hedges)


def is_hedged(words: Sequence[Word]) -> bool:
    return lexicon().hedges.anywhere(words)  # probes only the words a hedge can begin at
