"""Media in source phrases: the outlet a source spoke to (لـ«الوطن»، لوكالة X), where a medium's
name ends, how it is cited (حصيلة لوكالة X -> وكالة X), and social platforms, which carry a
statement but are never a source of their own; and the article's own outlet, which is the
narrator, never a cited source."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.model import SourceKind
from tabayyun.sources.lexicon import is_verb_form, lexicon, measure_triggers, opens_number
from tabayyun.sources.words import Word
from tabayyun.text.normalize import normalize_key

_MEDIA_HEADS = ("وكالة", "صحيفة", "جريدة", "قناة", "موقع", "إذاعة", "مجلة")


_QUOTE_CHARS = "\"'«»“”„‘’"


MAX_QUOTED_NAME = 4


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
        if k + 1 < len(words) and any(outlet_name(f"{c} {words[k + 1].key}") for c in candidates):
            return k  # لفرانس برس: a two-word name with لـ glued to its first word
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
    # لـ«عكاظ»: the name started inside quotes (not the closing quote of the name before it)
    quote_open = j > 0 and words[j - 1].is_quote and (words[j - 1].text in ("«", "“", "„")
                                                      or (j > 1 and words[j - 2].key in ("ل", "لـ")))
    while k < len(words) and taken < 5:
        w = words[k]
        if w.is_quote:
            if not quote_open and not generic_medium(words[j:k]):
                break  # قائد الشرطة لفرانس برس "بحسب…": a quote after the name opens what was said
            quote_open = not quote_open
            if not quote_open:
                last = k
                nxt = words[k + 1] if k + 1 < len(words) else None
                if nxt is None or not nxt.key.startswith("ال") or any(f in lex.heads for f in nxt.forms):
                    break  # لـ«عكاظ» مصادر مطلعة: the quoted name ends the medium unless its adjective follows
            k += 1
            continue
        if w.is_clause_punct or w.has(lex.complementizers) or w.has(lex.time_words) or w.has(lex.stop_words) \
                or is_verb_form(w) or w.is_number:
            break
        if w.key in ("في", "من") or w.has(lex.statement_nouns):
            break
        if w.has(measure_triggers()) and k + 1 < len(words) and opens_number(words[k + 1]):
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


_GENERIC_MEDIA = frozenset({"وكاله", "انباء", "الانباء", "صحيفه", "جريده", "قناه", "موقع", "اذاعه", "مجله", "شبكه"})


def generic_medium(words: Sequence[Word]) -> bool:
    """Words that name a kind of medium and no medium yet (وكالة أنباء، صحيفة): its name follows."""
    content = [w for w in words if not w.is_punct]
    return bool(content) and all(w.key in _GENERIC_MEDIA or w.forms[-1] in _GENERIC_MEDIA for w in content)


def agency_name(source: str) -> str:
    """The medium a source phrase names, as cited: ``حصيلة لوكالة فرانس برس`` -> وكالة فرانس برس
    (a statement noun before it says what the medium published, not who it is)."""
    words = source.replace("(", " ").replace(")", " ").split()
    if len(words) > 1 and normalize_key(words[0]) in lexicon().statement_nouns:
        words = words[1:]
    return media_name(" ".join(words))


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


@lru_cache(maxsize=64)
def own_outlet_keys(outlet: str | None) -> frozenset[str]:
    """Every spelling of the article's own outlet: it is the narrator, never a cited source."""
    if not outlet:
        return frozenset()
    keys = {normalize_key(outlet)}
    try:
        data = load_json("lexicon", "outlets.json")
    except FileNotFoundError:
        return frozenset(keys)
    want = normalize_key(outlet)
    for entry in data.get("outlets", []):
        names = [entry["name"], *entry.get("aliases", []), *entry.get("credit_aliases", [])]
        name = normalize_key(entry["name"])
        if any(normalize_key(n) == want for n in names) or name in want or want in name.split():
            keys.update(normalize_key(n) for n in names)
    return frozenset(keys)


def is_own_outlet(text: str, own: frozenset[str]) -> bool:
    key = normalize_key(text)
    stripped = " ".join(w for w in key.split() if w not in ("وكاله", "صحيفه", "قناه", "موقع", "جريده"))
    canonical = outlet_name(stripped) or outlet_name(key)
    # a paper names itself by its bare title (لـ"الرياض"، لـ«عكاظ»): صحيفة + the title is its name
    titled = {f"{head} {stripped}" for head in ("صحيفه", "جريده")}
    return key in own or stripped in own or bool(titled & own) or \
        (canonical is not None and normalize_key(canonical) in own)
