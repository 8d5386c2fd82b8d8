"""Stage: named mentions (persons, organisations, places, facilities) with ids and coordinates.

Sources, merged longest-first without overlaps: the knowledge base and the gazetteer
(one phrase index), facility/organisation head-noun patterns, person rules (titles,
given names, kunyas), the NER model's person names, and later lone surnames of persons
already named in full. Places need contextual evidence when their name is also a word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from tabayyun.entities.catalog import KbRef, PlaceRef, Ref, default_index
from tabayyun.entities.index import Match, WordKey, token_key, with_key, with_reading, word_keys
from tabayyun.entities.kb import Entity, nationalities
from tabayyun.entities.linking import PersonName, link_persons, scoped_id, surnames
from tabayyun.entities.ner_bridge import ner_available, ner_persons
from tabayyun.entities.persons import find_persons, name_lexicon
from tabayyun.entities.rules import find_patterns, head_precision
from tabayyun.geo.cues import cue_before, cue_lexicon, extend_place, needs_cue, region_before, satisfied
from tabayyun.geo.facilities import facility_places, located_places
from tabayyun.geo.gazetteer import LEVEL_RANK, Gazetteer, Place, default_gazetteer
from tabayyun.geo.precision import is_coarse, specificity
from tabayyun.lexicon import load_json
from tabayyun.model import AnalyzedDoc, EntityLabel, Mention, Token, make_span
from tabayyun.pipeline import Stage
from tabayyun.text.normalize import normalize_key
from tabayyun.text.segment import tokenize

OPEN_QUOTES = "«“\"'‹"
CLOSE_QUOTES = "»”\"'›"


@dataclass(frozen=True, slots=True)
class Cand:
    first: int
    last: int
    start: int
    end: int
    label: str
    entity: Entity | None = None
    places: tuple[Place, ...] = ()
    role: str | None = None
    fixed_id: str | None = None  # a person id, or a pattern name's id from the entity it is named after
    country: str | None = None  # from a nationality adjective (وزارة الداخلية السعودية)
    origin: str = "kb"
    id_end: int = 0  # a pattern name's id ends before a conjoined part (مديرية الشؤون الاجتماعية والعمل)


class _Pool:
    """Candidates in order, with ``list.remove`` and ``in`` (by value: the first equal one) in time
    independent of the article's length: a long article has thousands of candidates, and a list
    scanned for each pattern name or located place costs the square of its length."""

    # not a dataclass: slots and their index change together through remove() and append()
    def __init__(self, cands: Sequence[Cand]) -> None:
        self.items: list[Cand | None] = []
        self.slots: dict[tuple[int, int], list[int]] = {}  # (first, last) -> positions of live equal-span candidates
        for c in cands:
            self.append(c)

    def append(self, c: Cand) -> None:
        self.slots.setdefault((c.first, c.last), []).append(len(self.items))
        self.items.append(c)

    def __contains__(self, c: Cand) -> bool:
        return any(self.items[k] == c for k in self.slots.get((c.first, c.last), ()))

    def remove(self, c: Cand) -> None:
        bucket = self.slots.get((c.first, c.last), [])
        for n, k in enumerate(bucket):
            if self.items[k] == c:
                self.items[k] = None
                del bucket[n]
                return
        raise ValueError(f"{c} is not among the candidates")

    def cands(self) -> list[Cand]:
        return [c for c in self.items if c is not None]


@lru_cache(maxsize=1)
def _patterns() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    data = load_json("kb", "name_patterns.json")
    return (frozenset(token_key(w) for w in data["descriptors_before"]),
            frozenset(token_key(w) for w in data["descriptors_after"]),
            frozenset(token_key(w) for w in data["outlet_nouns"]),
            frozenset(token_key(w) for w in data["outlet_verbs"]))


def _outlet_cue(text: str, words: Sequence[WordKey], m: Match[Ref]) -> bool:
    """An everyday-word outlet name counts after an outlet noun or inside quotation marks."""
    before = text[max(0, m.start - 3):m.start].rstrip("ـ ")
    if before[-1:] in OPEN_QUOTES and text[m.end:m.end + 1] in CLOSE_QUOTES:
        return True
    prev = words[m.first - 1] if m.first > 0 else None
    if m.clitic and normalize_key(text[words[m.first].start:m.start]).endswith("ل"):
        # قال للميادين: a glued ل after a reporting verb
        return prev is not None and bool({prev.key, *(k for _, k in prev.variants)} & (_patterns()[3] | _patterns()[2]))
    return prev is not None and bool({prev.key, *(k for _, k in prev.variants)} & _patterns()[2])


def _definite_alias(aliases: Sequence[str], surface: str) -> bool:
    """The alias written as this word carries the article, the word does not (وطن ≠ الوطن)."""
    key = token_key(surface)
    names = [a for a in aliases if token_key(a) == key]
    return bool(names) and all(normalize_key(a).startswith("ال") for a in names)


def _adjective(words: Sequence[WordKey], m: Match[Ref], text: str) -> bool:
    """A nationality adjective after a definite noun (الحكومة السورية) names no place."""
    if m.clitic or m.first == 0 or not normalize_key(text[m.start:m.end]).startswith("ال"):
        return False
    if words[m.first].key not in nationalities():
        return False
    prev = words[m.first - 1]
    return bool(prev.key) and normalize_key(text[prev.start:prev.end]).startswith("ال")


def _dateline(text: str, start: int, end: int) -> bool:
    """A name alone between a line start or dash and a dash, comma or line end: a dateline or byline
    (عين اليوم – الرياض، الحسكة- دحام السلطان)."""
    before = text[max(0, start - 3):start].strip(" \t")
    after = text[end:end + 3].strip(" \t")
    return (before == "" or before[-1:] in "\n-–—|:") and (after == "" or after[:1] in "\n-–—|:،,")


def _needed(place: Place, nwords: int, key: str, written: str) -> str:
    if nwords > 1 and all(" " not in n.strip() for n in place.names() if token_key(n) == key):
        return "strong"  # a one-word name read across words (أي دين = أيدين) needs its kind noun
    need = needs_cue(place, nwords, key)
    if nwords == 1 and written.endswith("ه") and any(n.endswith("ة") for n in place.names()):
        # جده (his grandfather) is not جدة without a cue, حواره (his dialogue) not حوارة without its kind noun
        need = "weak" if not need else "strong"
    return need


def _definite_name(place: Place, key: str) -> bool:
    """Every name of the place with this key carries the article: an indefinite word of the
    same letters (مدينة، سجن) is the common noun, not the place (المدينة، السجن)."""
    names = [n for n in place.names() if token_key(n) == key]
    return bool(names) and all(normalize_key(n).startswith("ال") for n in names)


def _indefinite_name(place: Place, key: str) -> bool:
    """No name of the place with this key carries the article: the word with the article is a
    noun of the same letters (المشهد، السلطات), not the town (مشهد، سلطات)."""
    names = [n for n in place.names() if token_key(n) == key]
    return bool(names) and not any(normalize_key(n).startswith("ال") for n in names)


def _kb_and_place_candidates(text: str, words: Sequence[WordKey]) -> list[Cand]:
    matches = default_index().matches(words)
    full_seen = {r.entity.id for m in matches for r in m.payloads if isinstance(r, KbRef) and not r.short}
    cands: list[Cand] = []
    place_ends: dict[int, str] = {}  # last word of each place found -> the cue it had
    glued = _glued_places(matches)
    given = _given_names()
    place_starts = {m.first for m in matches if any(isinstance(r, PlaceRef) for r in m.payloads)}
    for m in sorted(matches, key=lambda m: (m.first, -m.last)):
        nwords = m.last - m.first + 1
        surface = normalize_key(text[m.start:m.end])
        definite = surface.startswith("ال") or normalize_key(text[words[m.first].start:m.start]).endswith("لل")
        kb = [r.entity for r in m.payloads if isinstance(r, KbRef)
              and (not r.short or r.entity.id in full_seen)
              and (not r.entity.needs_cue or _outlet_cue(text, words, m))
              and (nwords > 1 or definite or not _definite_alias(r.entity.aliases, surface))]
        if nwords == 1 and _adjective(words, m, text):
            continue  # الحكومة السورية، الداخلية السعودية: a nationality, not the country
        cue = cue_before(words, m.first, text, m.clitic)
        if not cue and _dateline(text, m.start, m.end):
            cue = "weak"
        if m.clitic and m.first > 0 and (m.first - 1) in place_ends \
                and text[words[m.first].start:words[m.first].start + 1] == "و":
            # coordination with a place just named takes its cue: حيي غويران والزهور (not
            # في الزبداني والفصائل)
            cue = max(cue, place_ends[m.first - 1], key=("", "weak", "strong").index)
        if cue != "strong" and _placed_by_direction(words, m.last, place_starts):
            cue = "strong"  # دوما جنوب نابلس: a place located from another is a place
        # after a given name a one-word name is a family name (محمد الأحمدي), unless a kind noun stands before
        surname = nwords == 1 and cue != "strong" and not m.clitic and m.first > 0 and words[m.first - 1].key in given
        key = token_key(text[m.start:m.end])
        places = tuple(r.place for r in m.payloads if isinstance(r, PlaceRef) and not surname
                       and (m.clitic or _prominence(r.place) > glued.get((m.first, m.last), -1))
                       and satisfied(_needed(r.place, nwords, key, text[m.start:m.end]), cue)
                       and (nwords > 1 or definite or not _definite_name(r.place, key))
                       and (nwords > 1 or not definite or not _indefinite_name(r.place, key)))
        if places and (not kb or cue == "strong"):
            first, last, start = extend_place(words, m.first, m.last, m.start)
            label = "FAC" if all(p.label == "FAC" for p in places) else "LOC"
            cands.append(Cand(first, last, start, words[last].end, label, places=places, origin="gazetteer"))
            place_ends[m.last] = max(cue, "weak", key=("", "weak", "strong").index)
        elif kb:
            cands.append(Cand(m.first, m.last, m.start, m.end, kb[0].label, entity=kb[0]))
    return cands


def _located_names(cands: list[Cand], words: Sequence[WordKey], text: str) -> list[Cand]:
    """Add the place names the gazetteer lacks that the text locates from a known place: a toponym
    head and a name (على دار سعد شمال عدن), or a kind noun and a name of one or two words, quoted or
    not (في قضاء “X Y” في ولاية أغري، بلدة X قرب نابلس), then a direction, في, قرب or بـ and a known
    place. The name read as a person's name (سعد) gives way."""
    lex = cue_lexicon()
    stops = name_lexicon().stops | lex.weak | lex.span
    persons = [c for c in cands if c.label == "PER" and c.entity is None and c.last - c.first <= 1]
    person_at = {i: c for c in persons for i in range(c.first, c.last + 1)}
    taken = {i for c in cands for i in range(c.first, c.last + 1)} - set(person_at)
    place_starts = {c.first for c in cands if c.places}
    out = _Pool(cands)
    heads, kinds = lex.toponym_heads, lex.span
    # a name is read only after a toponym head or a kind noun: the other words are passed over
    # (a kind noun counts as written, a toponym head with a clitic too)
    found = sorted(set(with_reading(words, heads)).union(with_key(words, kinds)))
    for i in [i for i in found if i < len(words) - 2 and (words[i].key in kinds or words[i].key in heads
                                                           or any(k in heads for _, k in words[i].variants))]:
        if i in taken or i in person_at:
            continue
        head = next(((off, k) for off, k in words[i].variants if k in heads), None)
        if head is not None:
            start, options = head[0], [[i + 1]]
        elif words[i].key in lex.span and not text[words[i].start:words[i].end].startswith("ال"):
            start, options = words[i].start, _names_after(words, i + 1)
        else:
            continue
        for names in options:
            if any(j in taken or not words[j].key or words[j].key in stops for j in names):
                break
            last = names[-1]
            stop = last + 1 if last + 1 < len(words) and not words[last + 1].key and head is None else last
            if _placed_by(words, stop, place_starts, text):
                for j in names:
                    if j in person_at and person_at[j] in out:
                        out.remove(person_at[j])
                out.append(Cand(i, stop, start, words[stop].end, "LOC", origin="rule"))
                break
    return out.cands()


def _names_after(words: Sequence[WordKey], i: int) -> list[list[int]]:
    """The words a name after a kind noun may have: those inside quotation marks if it opens one,
    else one word, then two."""
    if i >= len(words):
        return []
    if not words[i].key:  # an opening quotation mark
        j = i + 1
        while j < len(words) and words[j].key and j - i <= 3:
            j += 1
        return [list(range(i + 1, j))] if i + 1 < j < len(words) and not words[j].key else []
    return [list(range(i, j)) for j in (i + 1, i + 2) if j <= len(words)]


_LOCATING_WORDS = frozenset({"في", "قرب", "بقرب", "بالقرب"})


def _placed_by(words: Sequence[WordKey], last: int, place_starts: set[int], text: str) -> bool:
    """The name ending at word ``last`` is followed by a direction, في, قرب or a بـ clitic and a
    known place (X جنوب نابلس، X في ولاية Y، X بمحافظة Y)."""
    i = last + 1
    if i >= len(words) or not words[i].key:
        return False
    if i in place_starts and text[words[i].start:words[i].end].startswith("ب"):
        return True
    if words[i].key in _LOCATING_WORDS:
        return i + 1 in place_starts or (i + 2 in place_starts and words[i + 1].key == "من")
    return _placed_by_direction(words, last, place_starts)


def _placed_by_direction(words: Sequence[WordKey], last: int, place_starts: set[int]) -> bool:
    """The name ending at word ``last`` is followed by a direction and a place (X جنوب نابلس)."""
    regions = cue_lexicon().regions
    i = last + 1
    if i + 1 >= len(words) or not words[i].key:
        return False
    keys = {k for _, k in words[i].variants} | {words[i].key}  # بشمال العراق
    if any((k,) in regions for k in keys) and i + 1 in place_starts:
        return True
    return any((k, words[i + 1].key) in regions for k in keys) and i + 2 in place_starts


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    return frozenset(token_key(w) for w in load_json("kb", "given_names.json")["given_names"])


def _prominence(place: Place) -> int:
    return LEVEL_RANK.get(place.level, 0)


def _glued_places(matches: Sequence[Match[Ref]]) -> dict[tuple[int, int], int]:
    """For each word span, the highest level of a place read with a clitic set aside: a town
    named like a clitic and a place (وجدة = و + جدة) is the place unless of a higher level."""
    out: dict[tuple[int, int], int] = {}
    for m in matches:
        if m.clitic:
            for r in m.payloads:
                if isinstance(r, PlaceRef):
                    span = (m.first, m.last)
                    out[span] = max(out.get(span, -1), _prominence(r.place))
    return out


def _select(cands: Sequence[Cand]) -> list[Cand]:
    """Longest first, no overlaps."""
    kept: list[Cand] = []
    taken: set[int] = set()
    for c in sorted(cands, key=lambda c: (-(c.last - c.first), -(c.end - c.start), c.start)):
        span = set(range(c.first, c.last + 1))
        if span & taken:
            continue
        kept.append(c)
        taken |= span
    return kept


def _extend_orgs(cands: list[Cand], words: Sequence[WordKey]) -> list[Cand]:
    """Descriptors around a named group (تنظيم داعش الإرهابي) and a nationality after an
    institution (وزارة الداخلية السعودية) join the mention."""
    before, after, _, _ = _patterns()
    nat = nationalities()
    by_first = {c.first: c for c in cands}
    lone_places = {c.first for c in cands if c.places and c.first == c.last}
    taken = {i for c in cands for i in range(c.first, c.last + 1)} - lone_places
    out = []
    swallowed: set[int] = set()
    for c in cands:
        if c.entity is not None and c.label == "ORG":
            if c.first > 0 and c.first - 1 not in taken:
                prev = words[c.first - 1]
                for off, k in prev.variants:
                    if k in before:
                        c = replace(c, first=c.first - 1, start=off)
                        break
            nxt = c.last + 1
            if nxt < len(words) and nxt not in taken and words[nxt].key:
                if words[nxt].key in nat:
                    c = replace(c, last=nxt, end=words[nxt].end, country=nat[words[nxt].key])
                    if nxt in by_first:
                        swallowed.add(nxt)
                elif words[nxt].key in after and nxt not in lone_places:
                    c = replace(c, last=nxt, end=words[nxt].end)
        out.append(c)
    return [c for c in out if not (c.places and c.first in swallowed)]


def _merge_patterns(kept: list[Cand], text: str, words: Sequence[WordKey]) -> tuple[list[Cand], dict[int, Cand]]:
    """Add facility/organisation pattern names; one swallows shorter names inside it. Returns the
    candidates and, for each facility, the place it contained (مستشفى عسير المركزي → عسير)."""
    covered = {i: c for c in kept for i in range(c.first, c.last + 1)}
    known = {i: (c.start if i == c.first else words[i].start) for i, c in covered.items()}
    inner_place: dict[int, Cand] = {}
    pool = _Pool(kept)
    for h in find_patterns(text, words, known):
        inside = {id(c): c for i in range(h.first, h.last + 1) if (c := covered.get(i))}
        if any(c.first < h.first or c.last > h.last for c in inside.values()):
            continue  # crosses a known name's edge
        if any(c.first == h.first and c.last == h.last for c in inside.values()):
            continue  # the known name already is this span (and carries its id)
        named_after = next((c.entity for c in inside.values() if c.entity is not None), None)
        # a facility named after an organisation is known by both (مسجد قوات الطوارئ = مسجد قوة الطوارئ);
        # otherwise its name up to the last place in it (محكمة استئناف ديالى [الاتحادية])
        id_end = max((c.end for c in inside.values() if c.places), default=h.name_end)
        new = Cand(h.first, h.last, h.start, h.end, h.label, entity=None, origin="rule",
                   id_end=min(id_end, h.name_end),
                   fixed_id=f"{h.label.lower()}:{h.head}:{named_after.entity_id}" if named_after else None)
        for c in inside.values():
            pool.remove(c)
            if c.places and (h.start not in inner_place or _finer(c, inner_place[h.start])):
                inner_place[h.start] = c  # مسجد طوارئ عسير السعودية: عسير, not the country
        pool.append(new)
        for i in range(h.first, h.last + 1):
            covered[i] = new
    return pool.cands(), inner_place


def _finer(a: Cand, b: Cand) -> bool:
    return min(LEVEL_RANK.get(p.level, 0) for p in a.places) < min(LEVEL_RANK.get(p.level, 0) for p in b.places)


def _extend_patronymics(cands: list[Cand], words: Sequence[WordKey]) -> list[Cand]:
    """A known person's name continues through a patronymic chain (محمد بن نايف [بن عبدالعزيز])."""
    taken = {i for c in cands for i in range(c.first, c.last + 1)}
    ben = {token_key("بن"), token_key("ابن")}
    out = []
    for c in cands:
        if c.label == "PER":
            while c.last + 2 < len(words) and words[c.last + 1].key in ben and words[c.last + 2].key \
                    and not {c.last + 1, c.last + 2} & taken:
                c = replace(c, last=c.last + 2, end=words[c.last + 2].end)
        out.append(c)
    return out


def _persons(kept: list[Cand], text: str, words: Sequence[WordKey]) -> list[Cand]:
    blocked = {i for c in kept for i in range(c.first, c.last + 1)}
    rule_hits = find_persons(text, words, blocked)
    model = ner_persons(text, words, blocked)
    model_words = {i for _, first, last in model for i in range(first, last + 1)}
    found = [Cand(h.first, h.last, h.start, h.end, "PER", role=h.role, origin="rule") for h in rule_hits
             if not h.weak or not ner_available() or model_words.issuperset(range(h.first, h.last + 1))]
    taken = {i for c in found for i in range(c.first, c.last + 1)}
    for start, first, last in model:
        if not taken.intersection(range(first, last + 1)):
            found.append(Cand(first, last, start, words[last].end, "PER", origin="ner"))
    return found


def _link(kept: list[Cand], text: str, words: Sequence[WordKey], persons: list[Cand]) -> list[Cand]:
    people = [c for c in kept if c.label == "PER"] + persons
    names = [PersonName(c.start, c.end, text[c.start:c.end], titled=c.role is not None,
                        definite_only=c.role is not None and c.first == c.last,
                        fixed_id=c.entity.entity_id if c.entity else None) for c in people]
    ids = link_persons(names)
    linked = [replace(c, fixed_id=ids[i]) for i, c in enumerate(people) if ids.get(i)]
    others = [c for c in kept if c.label != "PER"]
    taken = {i for c in others + linked for i in range(c.first, c.last + 1)}
    refs = surnames(names, ids)
    # only words with a reading that is some person's surname can be one
    for i in with_reading(words, refs.keys()) if refs else ():
        w = words[i]
        if i in taken:
            continue
        for off, k in w.variants:
            pid = refs.get(k)
            if pid:
                linked.append(Cand(i, i, off, w.end, "PER", fixed_id=pid, origin="rule"))
                break
    return others + linked


# actors that act abroad or report on others say little about where an article is set
_FOREIGN_TYPES = frozenset({"External/Other forces", "International organisation", "Media"})


def _countries(cands: Sequence[Cand]) -> Counter[str]:
    """How strongly the article is about each country: its places count double, its home actors once."""
    count: Counter[str] = Counter()
    for c in cands:
        if c.places and len({p.country for p in c.places}) == 1:
            count[c.places[0].country] += 2
        elif c.entity is not None and c.entity.country and c.entity.actor_type not in _FOREIGN_TYPES:
            count[c.entity.country] += 1
        if c.country:
            count[c.country] += 1
    return count


def extract_mentions(text: str, tokens: Sequence[Token] | None = None, end: int | None = None) -> list[Mention]:
    """Mentions over ``text[:end]``; offsets index ``text``."""
    stop = len(text) if end is None else end
    toks = [t for t in (tokens if tokens is not None else tokenize(text, 0, stop)) if t.end <= stop]
    # a tuple: the lookups over every word (``with_reading``) build their columns once for it
    words = tuple(word_keys(text, toks))
    cands = _extend_patronymics(_extend_orgs(_select(_kb_and_place_candidates(text, words)), words), words)
    cands, inner_place = _merge_patterns(cands, text, words)
    cands = _link(cands, text, words, _persons(cands, text, words))
    cands = _located_names(cands, words, text)
    countries = _countries(cands)
    home = countries.most_common(1)[0][0] if countries else None
    gaz = default_gazetteer()
    chosen: dict[int, Place] = {}
    near = {p.id for c in cands for p in c.places if len(c.places) == 1}
    for c in cands:
        if c.places:
            place = gaz.choose(list(c.places), countries, near)
            if place is not None:
                chosen[c.start] = place
    main_place = _main_place(chosen, gaz)
    cands, regions = _regions(cands, chosen, words)
    cands = _corefer_patterns(cands, text, words)
    inner = {s: chosen.get(c.start) or c.places[0] for s, c in inner_place.items() if c.places}
    facilities = [(c.fixed_id or _pattern_id(c, text), c.start, c.end) for c in cands
                  if c.label == "FAC" and c.start not in chosen and c.entity is None]
    placed = facility_places(facilities, text, chosen, inner, main_place)
    # a place the gazetteer lacks that the text locates from a known one (دار سعد شمال عدن) lies by it
    # (a town or finer: a province's or a country's centre says too little where the place is)
    towns = {c.start: chosen[c.start] for c in cands if c.start in chosen
             and not is_coarse(chosen[c.start].precision) and not is_coarse(head_precision(words, c.first))}
    placed.update(located_places([(c.start, c.end) for c in cands if c.label == "LOC" and c.start not in chosen
                                  and c.entity is None], text, towns))
    out: list[Mention] = []
    for c in sorted(cands, key=lambda c: c.start):
        m = _mention(text, c, chosen, home, placed, head_precision(words, c.first))
        if c.start in regions:
            # شمالي العراق: a region of the country (no point stands for it); it keeps the country's id,
            # the entity it names
            m = replace(m, canonical=m.text, lat=None, lon=None, geo_precision="region")
        out.append(m)
    return out


def _regions(cands: list[Cand], chosen: dict[int, Place],
             words: Sequence[WordKey]) -> tuple[list[Cand], dict[int, str]]:
    """Country and province mentions after a direction (شمالي العراق، جنوب غربي اليمن) take the
    direction in and name a region: returns the candidates and the direction of each region by start."""
    taken = {i for c in cands for i in range(c.first, c.last + 1)}
    out: list[Cand] = []
    regions: dict[int, str] = {}
    for c in cands:
        place = chosen.get(c.start)
        if place is not None and is_coarse(place.precision):
            found = region_before(words, c.first)
            if found is not None and not taken.intersection(range(found[0], c.first)):
                first, start, direction = found
                chosen[start] = chosen.pop(c.start)
                c = replace(c, first=first, start=start)
                regions[start] = direction
        out.append(c)
    return out, regions


def _main_place(chosen: dict[int, Place], gaz: Gazetteer) -> Place | None:
    """The place the article is mostly about: the most-named town or neighbourhood, else region."""
    for coarse in (("country", "region"), ("country",)):
        local = Counter(p.id for p in chosen.values() if p.level not in coarse)
        if local:
            return gaz.get(local.most_common(1)[0][0])
    return None


def _corefer_patterns(cands: list[Cand], text: str, words: Sequence[WordKey]) -> list[Cand]:
    """Ids of pattern names: from the entity a facility is named after, else from the name up to
    its last place; a name that shortens a longer one of the same head in the document takes the
    longer one's id (مسجد الطوارئ after مسجد قوات الطوارئ الخاصة)."""
    rules = [c for c in cands if c.origin == "rule" and c.label in ("FAC", "ORG", "LOC") and not c.places]
    named = {id(c): c.fixed_id or _pattern_id(c, text) for c in rules}
    keys = {id(c): frozenset(w.key for w in words[c.first:c.last + 1] if w.key) for c in rules}
    # by head word, the first name of each length and set of words (a later one of the same length
    # and words never wins): a long article names one facility many times, and comparing every
    # name with every other costs the square of its length
    heads: dict[str, dict[tuple[int, frozenset[str]], Cand]] = {}
    for o in rules:
        heads.setdefault(words[o.first].key, {}).setdefault((o.last - o.first, keys[id(o)]), o)
    longest: dict[tuple[str, int, frozenset[str]], Cand | None] = {}
    out = []
    for c in cands:
        if id(c) in named:
            head, size = words[c.first].key, c.last - c.first
            if (head, size, keys[id(c)]) not in longest:
                # the longest name of the same head holding all its words; the first of equal length
                longer = [o for (n, ks), o in heads[head].items() if n > size and keys[id(c)] <= ks]
                longest[head, size, keys[id(c)]] = max(longer, key=lambda o: o.last - o.first) if longer else None
            best = longest[head, size, keys[id(c)]] or c
            c = replace(c, fixed_id=named[id(best)])
        out.append(c)
    return out


def _pattern_id(c: Cand, text: str) -> str:
    key = normalize_key(text[c.start:c.id_end or c.end], drop_article=True).replace(" ", "_")
    return f"{c.label.lower()}:{key}"


def _mention(text: str, c: Cand, chosen: dict[int, Place], home: str | None, placed: dict[int, Place],
             kind: str | None = None) -> Mention:
    """``kind``: the precision the mention's kind noun gives (قرية، محافظة), if it has one."""
    label = EntityLabel(c.label)
    if c.start in chosen:
        p = chosen[c.start]
        precision = p.precision
        if kind is not None and is_coarse(kind) and specificity(kind) > specificity(precision):
            precision = kind  # محافظة لحج: the province named after its seat (منطقة X may be any size)
        return make_span(Mention, text, c.start, c.end, label=EntityLabel(p.label) if p.label == "FAC" else label,
                         entity_id=p.id, canonical=p.name_ar, name_en=p.name_en or None, lat=p.lat, lon=p.lon,
                         geo_precision=precision, pcode=p.pcode or None, origin=c.origin)
    if c.entity is not None:
        e = c.entity
        return make_span(Mention, text, c.start, c.end, label=label, entity_id=scoped_id(e, c.country or home),
                         canonical=e.name_ar, name_en=e.name_en or None, actor_type=e.actor_type, origin=c.origin)
    if c.label == "PER":
        return make_span(Mention, text, c.start, c.end, label=label, entity_id=c.fixed_id, role=c.role,
                         origin=c.origin)
    fields: dict[str, object] = {}
    if c.label == "LOC" and kind is not None:
        fields = {"geo_precision": kind}  # قرية سترة: a village, though the gazetteer lacks it
    if c.label in ("LOC", "FAC"):
        where = placed.get(c.start)
        # "ولاية لوغار جنوب كابول": a province placed from a town is still a province, nowhere near
        # the town's point; a village or a facility placed from it lies by it
        if where is not None and not (kind is not None and is_coarse(kind)):
            fields = {"lat": where.lat, "lon": where.lon, "geo_precision": f"near-{where.precision}"}
    return make_span(Mention, text, c.start, c.end, label=label, entity_id=c.fixed_id or _pattern_id(c, text),
                     origin=c.origin, **fields)


def mentions(doc: AnalyzedDoc) -> AnalyzedDoc:
    found = extract_mentions(doc.text, doc.layer("tokens") or None, doc.document.extraction_end)
    return doc.with_layer("mentions", found)


STAGE = Stage("mentions", mentions, requires=("tokens",), provides=("mentions",),
              doc="persons, organisations, places and facilities with entity ids, roles and coordinates")
