"""Person names by rule: titles and roles split from names, given-name and kunya patterns.

"محافظ الحسكة اللواء غسان خليل" gives the name "غسان خليل" with the role "محافظ الحسكة"
(the office and its complement) and the rank "اللواء". Without a title a name must begin
with a known given name or a kunya (أبو أسامة العراقي).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tabayyun.entities.index import PhraseIndex, WordKey, readings, token_key, with_reading
from tabayyun.entities.kb import nationalities
from tabayyun.lexicon import load_json
from tabayyun.text.normalize import normalize_key

MAX_NAME_WORDS = 4
MAX_COMPLEMENT_WORDS = 6


@dataclass(frozen=True, slots=True)
class NameLexicon:
    titles: PhraseIndex[str]  # payload "honorific" or "role"
    stops: frozenset[str]  # words that end any name
    person_stops: frozenset[str]  # and those that end a person's name or an office's complement
    given: frozenset[str]
    ambiguous: frozenset[str]
    kunya: frozenset[str]
    connectors: frozenset[str]
    honorific_keys: frozenset[str]


@lru_cache(maxsize=1)
def name_lexicon() -> NameLexicon:
    data = load_json("lexicon", "titles.json")
    names = load_json("kb", "given_names.json")
    titles: PhraseIndex[str] = PhraseIndex()
    for t in data["honorifics"]:
        titles.add(t, "honorific")
    for t in data["roles"]:
        titles.add(t, "role")
    return NameLexicon(
        titles=titles,
        stops=frozenset(token_key(w) for w in data["name_stops"]),
        person_stops=frozenset(token_key(w) for w in [*data["name_stops"], *data["person_stops"]]),
        given=frozenset(token_key(w) for w in names["given_names"]),
        ambiguous=frozenset(token_key(w) for w in names["ambiguous"]),
        kunya=frozenset(token_key(w) for w in names["kunya"]),
        connectors=frozenset(token_key(w) for w in names["connectors"]),
        honorific_keys=frozenset(token_key(w) for w in data["honorifics"]),
    )


@dataclass(frozen=True, slots=True)
class PersonHit:
    start: int
    end: int
    first: int  # token indices of the name
    last: int
    role: str | None = None
    titled: bool = False
    definite_only: bool = False  # a lone definite word after a title (اللواء التركي): a surname
    # no title, and the word after the given name is neither a name nor a family name (خالد زنكلو):
    # plausible, but worth a second opinion from the NER model (أسماء جديدة is not a person)
    weak: bool = False


def canonical_person_tokens(name: str) -> list[str]:
    """The parts of a name that identify the person across spellings and documents."""
    lex = name_lexicon()
    raw = normalize_key(name).split()
    words: list[str] = []
    i = 0
    while i < len(raw):
        w = raw[i]
        if w in ("عبد", "ابو", "ام", "ابي") and i + 1 < len(raw) and w != raw[-1]:
            words.append(w + raw[i + 1])  # عبد القادر = عبدالقادر, one name
            i += 2
            continue
        words.append(w)
        i += 1
    while len(words) > 1 and token_key(words[0]) in lex.honorific_keys:
        words = words[1:]
    keys = [token_key(w) for w in words]
    if not keys:
        return []
    if keys[0].startswith(("ابو", "ام", "ابي")):
        return keys  # a kunya names the person only whole (أبو أسامة العراقي)
    if "ال" in keys:
        keys = keys[:keys.index("ال")]  # آل سعود: the house, not the person
    if len(keys) >= 3 and keys[-2] in ("بن", "ابن"):
        return keys[:3]  # a patronymic chain without family name: محمد بن سلمان [بن عبدالعزيز]
    if len(keys) >= 2:
        return [keys[0], keys[-1]]
    return keys


def _definite(w: WordKey, text: str) -> bool:
    return normalize_key(text[w.start:w.end]).startswith("ال")


def _prepositional(w: WordKey, text: str) -> bool:
    """بالحسكة، للأمم، والقوات: a glued preposition or conjunction before the article ends a name."""
    s = normalize_key(text[w.start:w.end])
    return s.startswith(("بال", "لل", "كال", "وال", "فال", "وبال", "ولل"))


def _plural_noun(w: WordKey, text: str) -> bool:
    """A definite sound plural (النازحين، الاشتباكات) is a noun after a name, not a family name."""
    s = normalize_key(text[w.start:w.end])
    return s.startswith("ال") and len(s) >= 7 and s.endswith(("ين", "ون", "ات"))


def _title_at(i: int, words: Sequence[WordKey], lex: NameLexicon) -> tuple[str, int] | None:
    """(kind, last index) of the longest title starting at word i."""
    best: tuple[str, int] | None = None
    if not lex.titles.may_start(words[i]):
        return best  # most words begin no title: no need to look further
    for m in lex.titles.matches(words[i:i + 4]):
        if m.first == 0 and (best is None or m.last + i > best[1]):
            best = (m.payloads[0], m.last + i)
    return best


def _stop(w: WordKey, text: str, lex: NameLexicon) -> bool:
    """A word that ends or cannot begin a name. Matching keys fold ى into ي, so the preposition
    على and the name علي share a key: the written alef maqsura tells them apart."""
    if w.key not in lex.person_stops:
        return False
    return w.key not in lex.given or text[w.start:w.end].endswith("ى")


def _given_like(key: str, lex: NameLexicon) -> bool:
    return key in lex.given or key in lex.kunya or key.startswith("عبد")


def _nisba(w: WordKey, text: str) -> bool:
    """A definite family or origin name (الجميلي، العراقي، الكلباني)."""
    s = normalize_key(text[w.start:w.end])
    return s.startswith("ال") and s.endswith("ي") and len(s) >= 5


def _may_begin_name(w: WordKey, lex: NameLexicon) -> bool:
    """Whether ``_name_extent`` can find an untitled name at this word: its key, or its key
    without a glued conjunction, is a given name or a kunya."""
    return any(_given_like(key, lex) for _, key in w.variants)


def _name_extent(k: int, words: Sequence[WordKey], text: str, lex: NameLexicon, blocked: Collection[int],
                 titled: bool) -> tuple[int, int, int] | None:
    """(start offset, first, last word) of a name starting at word k, or None."""
    n = len(words)
    if k >= n or not words[k].key or k in blocked:
        return None
    w = words[k]
    key, start = w.key, w.start
    if normalize_key(text[w.start:w.end]).startswith("و") and key not in lex.given:
        # a conjunction glued to a name (وأبو قتادة، وعامر الرفدان): the name starts after it
        stripped = [(off, k2) for off, k2 in w.variants[1:] if _given_like(k2, lex)]
        if not stripped:
            return None
        start, key = stripped[0]
    if (_stop(w, text, lex) and key == w.key) or key.isdigit() or _prepositional(w, text) or _title_at(k, words, lex):
        return None
    kunya = key in lex.kunya
    # given names are written without the article (الطلب is a noun, طلب a name)
    given = _given_like(key, lex) and not _definite(w, text)
    if not titled and not given:
        return None
    if kunya and normalize_key(text[start:w.end]).endswith("م") and not (
            k + 1 < n and words[k + 1].key in lex.given):
        return None  # أم is "or" unless a given name follows (أم محمد)
    last = k
    count = 1
    j = k + 1
    if key == "عبد" or kunya:
        if j < n and words[j].key and not _stop(words[j], text, lex) and j not in blocked:
            last, j = j, j + 1
        else:
            return None
    while j < n and count < MAX_NAME_WORDS:
        v = words[j]
        if not v.key or v.dash or j in blocked or _stop(v, text, lex) or v.key.isdigit():
            break
        title = _title_at(j, words, lex)
        if title and (title[0] == "role" or (title[1] + 1 < n and words[title[1] + 1].key in lex.given)):
            break  # a new title starts another person (… والعميد خالد)
        if _prepositional(v, text) or _plural_noun(v, text):
            break
        written = normalize_key(text[v.start:v.end])
        if written.startswith("و") and v.key not in lex.given:
            break
        if v.key not in lex.given and v.key not in lex.connectors and (
                written.startswith("ي") or (written[:1] in "بل" and not written.endswith("ي"))
                or (written[:1] in "تن" and written.endswith(("ه", "ها", "هم", "ون")))):
            break  # an imperfect verb (يدعم) or a glued preposition (بتهمة، لقيامه) after a name
        if v.key in lex.connectors:
            nxt = words[j + 1] if j + 1 < n else None
            if nxt is None or not nxt.key or _stop(nxt, text, lex) or (j + 1) in blocked:
                break  # a name does not end on بن / أبو
            last, j = j + 1, j + 2
            count += 1
            continue
        compound = words[last - 1].key in lex.kunya or words[last - 1].key in lex.connectors
        if _definite(words[last], text) and last > k and not compound and not _nisba(v, text):
            break  # after a family name (الملا) only an origin name follows (الحسيني الهاشمي)
        last, j = j, j + 1
        count += 1
    if last == k and not (titled and given):
        # one word is a name only after a title, and only a given name (العميد خالد)
        return (start, k, k) if titled and _definite(w, text) else None
    second_is_name = last > k and (words[k + 1].key in lex.given or _nisba(words[k + 1], text))
    if last > k and not given and not second_is_name:
        return None  # after a title an unknown first word needs a name after it (الشيخ طلب الجميلي)
    if not titled and key in lex.ambiguous and not kunya and not second_is_name \
            and not _definite(words[k + 1], text):
        return None  # سعيد، منصور start no name before an everyday word (the weak check weighs the rest)
    return start, k, last


def _honorific_ahead(k: int, words: Sequence[WordKey], lex: NameLexicon) -> int | None:
    """Index of a rank or honorific within the next few words, none of them a stop or a break."""
    for j in range(k, min(k + MAX_COMPLEMENT_WORDS, len(words))):
        if not words[j].key or words[j].key in lex.stops:
            return None
        title = _title_at(j, words, lex)
        if title and title[0] == "honorific":
            return j if j > k else None
    return None


def find_persons(text: str, words: Sequence[WordKey], blocked: Collection[int] = ()) -> list[PersonHit]:
    """Person names by rule. ``blocked`` word indices belong to known entities (places,
    organisations): they may be a role's complement but never part of a name."""
    lex = name_lexicon()
    hits: list[PersonHit] = []
    n = len(words)
    i = 0
    # a person is read only where a title or an untitled name can begin (``_title_at``,
    # ``_may_begin_name``): the key sets decided once per distinct key of the document
    prefixes = lex.titles.prefixes
    keys = set(readings(words))
    starts = {k for k in keys if k in prefixes or _given_like(k, lex)}
    for c in with_reading(words, starts):
        if c < i:
            continue
        i = c
        if i in blocked:
            continue
        title = _title_at(i, words, lex)
        role: str | None = None
        k = i
        titled = False
        if title:
            kind, end = title
            titled = True
            k = end + 1
            role_end = end
            if kind == "role":
                taken = 0
                ahead = _honorific_ahead(k, words, lex)
                if ahead is not None:
                    # the office's complement runs up to the rank before the name (محافظ أرنور اللواء …)
                    role_end, k, taken = ahead - 1, ahead, MAX_COMPLEMENT_WORDS
                while k < n and taken < MAX_COMPLEMENT_WORDS and words[k].key:
                    if _title_at(k, words, lex):
                        break
                    if k in blocked or (_definite(words[k], text) and words[k].key not in lex.stops) \
                            or normalize_key(text[words[k].start:words[k].end]).startswith("ل"):
                        role_end = k
                        k += 1
                        taken += 1
                        continue
                    break
                role = text[words[i].start:words[role_end].end]
            while k < n and (t := _title_at(k, words, lex)) and t[0] == "honorific":
                if role is None:
                    role = text[words[i].start:words[t[1]].end]
                k = t[1] + 1
            while k < n and words[k].key in nationalities() and _definite(words[k], text):
                k += 1  # الصحفي السعودي جمال خاشقجي: the nationality belongs to the title
            if role is None:
                role = text[words[i].start:words[end].end]
        # without a title a name begins with a given name or a kunya (maybe after و): most words cannot
        extent = _name_extent(k, words, text, lex, blocked, titled) \
            if titled or _may_begin_name(words[i], lex) else None
        if extent is None:
            i = k if k > i else i + 1
            continue
        start, first, last = extent
        definite_only = titled and first == last and _definite(words[first], text)
        first_keys = {k for _, k in words[first].variants}
        second = words[first + 1] if last > first else None
        weak = second is not None and not titled and not first_keys & lex.kunya and second.key not in lex.given \
            and second.key not in lex.connectors \
            and (not _definite(second, text) or (bool(first_keys & lex.ambiguous) and not _nisba(second, text)))
        hits.append(PersonHit(start, words[last].end, first, last, role, titled, definite_only, weak))
        i = last + 1
    return hits
