"""Source phrases: where the noun phrase naming a source ends, what kind of source it is, and
which outlets it passed through (the ``لـ«الوطن»`` a source spoke to).

Everything here works on the ``Word`` lists of one sentence; the lexicons are the data files
``reporting_verbs.json``, ``source_nouns.json`` and ``hedges.json`` plus the lead's ``outlets.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.model import SourceKind
from tabayyun.sources.words import PhraseSet, Word, key_set, match_phrase, phrase_keys
from tabayyun.text.normalize import normalize_key

MAX_PHRASE_WORDS = 10
_ACCUSATIVE = "\u064b"  # tanwin fath marks an object, never part of a subject phrase
_MEDIA_HEADS = ("وكالة", "صحيفة", "جريدة", "قناة", "موقع", "إذاعة", "مجلة")
_QUOTE_CHARS = "\"'«»“”„‘’"

MAX_QUOTED_NAME = 4

# never a speaker alone (ودعا الله), but inside a phrase the second half of a theophoric name:
# عبد الله، نصر الله، حزب الله، أنصار الله
_NAME_PARTS = frozenset({"الله"})

# words that end a source phrase: the clause goes on with what the source said or did
_STOP_WORDS = ("الى", "إلى", "عن", "خلال", "عبر", "حول", "بشأن", "منذ", "بعد", "قبل", "حيث", "كما", "فيما", "بينما",
               "التي", "الذي", "الذين", "اللذين", "والتي", "والذي", "ما", "مما", "لا", "لم", "لن", "قد", "وقد", "تلقت", "تلقى",
               "نسخة", "عقب", "اثر", "إثر", "مع", "ضد", "وسط", "دون")


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
    )


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


@dataclass(frozen=True, slots=True)
class Phrase:
    """A source phrase: words ``[first, last]`` of the sentence, plus the outlets it names as
    recipients (``لـ«الوطن»``), each as (start, end) character offsets."""

    first: int
    last: int
    recipients: tuple[tuple[int, int], ...] = ()


def head_key(w: Word) -> str:
    """The head word with clitics and article set aside, singular and plural folded."""
    lex = lexicon()
    for f in w.forms:
        if f in lex.same_head:
            return lex.same_head[f]
    base = w.forms[-1]
    return lex.same_head.get(base, base)


def head_kind(words: Sequence[Word]) -> SourceKind | None:
    """The kind a phrase's own words give it (None when nothing marks it as a source)."""
    lex = lexicon()
    content = [w for w in words if not w.is_punct]
    if not content:
        return None
    key = " ".join(w.key for w in content)
    if outlet_name(key) is not None:
        return SourceKind.AGENCY
    first = content[0]
    if first.has(lex.not_sources):
        return None
    if first.has(lex.pronoun_titles):
        return SourceKind.OFFICIAL
    if first.has(lex.person_titles):
        return SourceKind.PERSON
    kind = _word_kind(first)
    if kind is not None:
        return kind
    if len(content) > 1:
        pair = first.forms[-1] + " " + content[1].forms[-1]
        if pair in lex.heads:
            return lex.heads[pair]
        if first.has(lex.statement_nouns):
            # بيان لوزارة الداخلية: a statement speaks with the voice of the body that issued it
            return _word_kind(content[1])
    return None


def _word_kind(w: Word) -> SourceKind | None:
    lex = lexicon()
    for f in w.forms:
        if f in lex.heads:
            return lex.heads[f]
    for f in w.forms:
        # a possessive ending (مكتبه الإعلامي، وزارتها) does not change the head
        for cut in (1, 2):
            if len(f) - cut >= 3 and f[:-cut] in lex.heads and f[-cut:] in ("ه", "ها"):
                return lex.heads[f[:-cut]]
    return None


def appositive_kind(words: Sequence[Word]) -> SourceKind | None:
    """A bare name followed by its title (رعد الدهلكي، عضو البرلمان / النائب): the title's kind."""
    lex = lexicon()
    for w in words[1:6]:
        if w.is_punct and w.key != ",":
            continue
        if w.key.startswith("ال") and w.has(lex.person_titles):
            return SourceKind.PERSON
        if (w.key.startswith("ال") or w.key in lex.heads) and w.key in lex.heads \
                and lex.heads[w.key] is SourceKind.OFFICIAL:
            return SourceKind.OFFICIAL
    return None


def outlet_name(key: str) -> str | None:
    """The canonical outlet for a phrase key (its own name, with or without the article)."""
    aliases = lexicon().outlet_aliases
    if key in aliases:
        return aliases[key]
    if key.startswith("ال") and key[2:] in aliases:
        return aliases[key[2:]]
    if ("ال" + key) in aliases:
        return aliases["ال" + key]
    return None


def is_recipient_start(words: Sequence[Word], k: int) -> int | None:
    """When ``words[k]`` opens ``لـ`` + an agency or outlet, the index where that outlet's name starts."""
    lex = lexicon()
    w = words[k]
    if w.key in ("ل", "لـ"):
        j = k + 1
        while j < len(words) and words[j].is_quote:
            j += 1
        if j < len(words) and _names_media(words, j, allow_clitic=False):
            return j
        # a quoted name right after لـ is a medium the source spoke to even when we do not know
        # the outlet ("قال لـ«عنب بلدي»"): people are not quoted in that position
        if j > k + 1 and any(x.is_quote for x in words[j + 1:j + 1 + MAX_QUOTED_NAME]):
            return j
        return None
    if w.key.startswith(("ل", "لل")) and not w.has(lex.complementizers):
        stripped = w.key[2:] if w.key.startswith("لل") else w.key[1:]
        candidates = {stripped, "ال" + stripped} if w.key.startswith("لل") else {stripped}
        if any(c in lex.heads and lex.heads[c] is SourceKind.AGENCY for c in candidates):
            return k
        if any(outlet_name(c) for c in candidates):
            return k
    return None


def _names_media(words: Sequence[Word], j: int, allow_clitic: bool) -> bool:
    """Whether a media name starts at ``words[j]``. Bare outlet names count after ``لـ``; in
    running text (``allow_clitic``) only agency names (واس، سانا) do, since العربية or الوطن are
    also common words, and the ambiguous head موقع (site) needs a quoted name or a qualifier."""
    lex = lexicon()
    w = words[j]
    forms = w.forms if allow_clitic else (w.key, *(f for f in w.forms if f == w.key[2:] and w.key.startswith("ال")))
    if any(f in lex.heads and lex.heads[f] is SourceKind.AGENCY for f in forms):
        if any(f in ("موقع", "صفحه", "حساب") for f in forms) and j + 1 < len(words):
            nxt = words[j + 1]
            return nxt.is_quote or nxt.has(lex.media_qualifiers) or outlet_name(nxt.key) is not None
        return True
    for n in (3, 2, 1):
        span = [x for x in words[j:j + n + 2] if not x.is_quote][:n]
        if len(span) != n:
            continue
        key = " ".join(x.key for x in span)
        if outlet_name(key) is not None and (not allow_clitic or key in lex.agency_aliases):
            return True
    return False


def is_platform(text: str) -> bool:
    """A social platform (تويتر، موقع التواصل الاجتماعي) is a channel, never a source of its own."""
    keys = normalize_key(text).split()
    for phrase in lexicon().platforms:
        n = len(phrase)
        if any(tuple(keys[i:i + n]) == phrase for i in range(len(keys) - n + 1)):
            return True
    return False


def media_end(words: Sequence[Word], j: int) -> int:
    """Last word index of a media name starting at ``j`` (وكالة «سبوتنيك», صحيفة الوطن, د. ب. أ)."""
    lex = lexicon()
    last = j
    k = j + 1
    taken = 1
    quote_open = False
    while k < len(words) and taken < 5:
        w = words[k]
        if w.is_quote:
            quote_open = not quote_open
            if not quote_open:
                last = k
            k += 1
            continue
        if w.is_clause_punct or w.has(lex.complementizers) or w.has(lex.time_words) or w.has(lex.stop_words) \
                or w.has(lex.speech) or w.is_number:
            break
        if w.key in ("في", "من") or w.has(lex.statement_nouns):
            break
        last = k
        taken += 1
        k += 1
    if quote_open:
        last = max(last, _closing_quote(words, j, last))
    return last


def _closing_quote(words: Sequence[Word], j: int, last: int) -> int:
    for k in range(last + 1, min(len(words), last + 3)):
        if words[k].is_quote:
            return k
    return last


def scan_phrase(words: Sequence[Word], i: int, limit: int = MAX_PHRASE_WORDS) -> Phrase | None:
    """The source phrase starting at ``words[i]``, or None when no phrase starts there."""
    lex = lexicon()
    k = i
    last = -1
    count = 0
    recipients: list[tuple[int, int]] = []
    while k < len(words) and count < limit:
        w = words[k]
        if w.is_quote:
            close = next((m for m in range(k + 1, min(len(words), k + MAX_QUOTED_NAME + 2)) if words[m].is_quote), None)
            opening = w.text in ("«", "“", "„") or (close is not None)
            if opening and close is not None and all(not x.is_clause_punct for x in words[k + 1:close]) \
                    and not any(x.has(lex.complementizers) for x in words[k + 1:close]):
                last = close
                count += close - k - 1
                k = close + 1
                continue
            if last >= i and not opening:
                last = k  # a closing quote glued after the name
            break
        if w.is_clause_punct or w.is_number:
            break
        if count and w.key == "بلا" and k + 1 < len(words) and words[k + 1].key == "حدود":
            last, count, k = k + 1, count + 2, k + 2  # أطباء بلا حدود، مراسلون بلا حدود
            continue
        if not count and w.is_punct:
            k += 1
            i = k
            continue
        if count and _ACCUSATIVE in w.text:
            break  # an indefinite object (حظراً، بياناً): the subject has ended
        if w.has(lex.complementizers) or (count and w.has(lex.time_words)):
            break
        if count and (w.has(lex.speech) or w.has(lex.stop_words) or w.text in ("على", "وعلى")):
            break
        if w.has(lex.not_sources) and not (count and w.key in _NAME_PARTS):
            break
        if not count and w.has(lex.pronoun_titles):
            return Phrase(k, k)
        if count and w.key in ("في", "من") and k + 1 < len(words):
            nxt = words[k + 1]
            # في وقت لاحق / من انهيار…: a time adverbial or the object of حذر من, not a name part
            if nxt.has(lex.statement_nouns) or nxt.has(lex.complementizers) or nxt.has(lex.time_words) \
                    or nxt.has(lex.stop_words) or nxt.key in ("جهته", "جانبه", "جهتها", "جانبها", "جهتهم", "جانبهم"):
                break
        if count and w.key.startswith("ب") and w.key not in ("بن", "بنت") and w.key not in lex.heads \
                and not w.has(lex.institution):
            if w.key in ("ب", "بـ"):
                if not (k + 1 < len(words) and words[k + 1].has(lex.institution)):
                    break
            else:
                break
        if count:
            rec = is_recipient_start(words, k)
            if rec is not None:
                end = media_end(words, rec)
                recipients.append((words[rec].start, words[end].end))
                break
        last = k
        count += 1
        k += 1
    while last >= i and (words[last].key in ("في", "من", "و", "ل", "ب") or (words[last].is_punct and not words[last].is_quote)):
        last -= 1
    if last < i:
        return None
    return Phrase(i, last, tuple(recipients))


def trailing_recipients(words: Sequence[Word], k: int, stop: int) -> list[tuple[int, int]]:
    """Outlets named between a phrase's end and ``stop``: ``في بيان تلقت وكالة X نسخة منه``,
    ``عبر حسابها على موقع تويتر``, ``لـ«الشرق الأوسط»`` after a comma."""
    lex = lexicon()
    out: list[tuple[int, int]] = []
    j = k
    while j < min(stop, len(words)):
        w = words[j]
        if w.has(lex.complementizers):
            break
        rec = is_recipient_start(words, j)
        if rec is not None:
            end = media_end(words, rec)
            out.append((words[rec].start, words[end].end))
            j = end + 1
            continue
        if _names_media(words, j, allow_clitic=True) and not w.key.startswith("ل"):
            end = media_end(words, j)
            out.append((words[j].start, words[end].end))
            j = end + 1
            continue
        j += 1
    return out


def hedge_at(words: Sequence[Word], i: int) -> int:
    """Length of a hedge phrase starting at ``words[i]``."""
    return match_phrase(words, i, lexicon().hedges)


def is_hedged(words: Sequence[Word]) -> bool:
    return lexicon().hedges.anywhere(words)


def media_name(text: str) -> str:
    """A media name as cited, without the ``لـ`` that introduced it or its quotes
    (``لصحيفة “الوطن”`` -> ``صحيفة الوطن``, ``للميادين`` -> ``الميادين``)."""
    name = " ".join(t.strip(_QUOTE_CHARS) for t in text.split())
    name = " ".join(name.split())
    if name.startswith("لـ") or name.startswith("ل "):
        name = name[2:].strip()
    elif name.startswith("لل") and len(name) > 4:
        name = "ال" + name[2:]
    elif name.startswith("ل") and (name[1:].startswith(_MEDIA_HEADS) or outlet_name(normalize_key(name[1:])) is not None):
        name = name[1:]
    return name.strip(_QUOTE_CHARS + " ")
