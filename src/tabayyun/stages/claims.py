"""Stage: numeric claims — each count tied to what it counts, who claims it, through whom,
which event it is about, for which day, and whether it is a whole count or a share.

A claim is a ``kind == "count"`` quantity with a measure (``claims.measures``), or a count
said by nouns (``claims.singular``: مقتل طفل، والده ووالدته); its claimant is the attribution
whose scope covers the number (innermost first), else the outlet's own voice. An agency's
own report (a credited dateline, ذكرت وكالة رويترز) also has the agency in its via. The claim span is the smallest stretch covering the number and the word that gave
its measure, so that an analyst lands on the evidence. Once the article's claims are read,
each is tied to its article event and dated (``claims.anchor``) and given its role among the
article's figures (``claims.scope``, ``claims.roles``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from tabayyun.claims.anchor import counted_date, event_of, headline_dates, stated_date
from tabayyun.claims.measures import Reading, read_measure
from tabayyun.claims.roles import assign_roles
from tabayyun.claims.scope import claim_scope, scope_lexicon
from tabayyun.claims.singular import PersonCount, coordinated_persons, person_noun, singular_counts
from tabayyun.claims.vocabulary import (
    counted_noun,
    demanded_measure,
    is_excluded,
    measure_lexicon,
    not_counted_noun,
    obituary,
    subject_of,
    unasserted_from,
    unit_of,
)
from tabayyun.dates.anchor import publication_day
from tabayyun.model import (
    AnalyzedDoc,
    Attribution,
    Claim,
    EntityLabel,
    Event,
    Mention,
    Quantity,
    Sentence,
    SourceKind,
)
from tabayyun.pipeline import Stage
from tabayyun.sources.lexicon import is_hedged
from tabayyun.sources.media import agency_name
from tabayyun.sources.wire import same_medium
from tabayyun.sources.words import Word, doc_tokens, words_between
from tabayyun.spanindex import span_index
from tabayyun.text.segment import split_sentences

COORDINATED_REACH = 6  # words from a number to the next one coordinated with it (تسع نساء من التجار وخمسة)
_NAMES = frozenset({EntityLabel.PER, EntityLabel.ORG, EntityLabel.LOC, EntityLabel.FAC})
_PLACES_AND_BODIES = _NAMES - {EntityLabel.PER}  # their words say no fate (ساحة التحرير)


def claimant_for(attributions: Sequence[Attribution], offset: int) -> Attribution | None:
    """The attribution speaking for ``offset``: of those whose scope covers it, the innermost
    (latest scope start, then shortest scope: an agency credited for the whole article speaks
    only where no one it quotes does). Sources named only in passing (scope = their own
    phrase) never claim."""
    best: Attribution | None = None
    for a in attributions:
        passing = a.scope_start == a.source_start and a.scope_end == a.source_end
        if a.scope_start <= offset < a.scope_end and not passing and (best is None or _inner(a) > _inner(best)):
            best = a
    return best


def _inner(a: Attribution) -> tuple[int, int, int]:
    return a.scope_start, a.scope_start - a.scope_end, a.start


class _Claimants:
    """The attributions ordered by scope start, to find those whose scope may cover an offset
    without reading them all (``claimant_for`` then decides among them, in layer order). The
    few scopes longer than ``LONG_SCOPE`` characters (an agency credited for a whole article)
    are always read: counted in the window, they would widen it to most of a long article."""

    LONG_SCOPE = 2000

    def __init__(self, attributions: Sequence[Attribution]) -> None:
        self.attributions = attributions
        short = [k for k, a in enumerate(attributions) if a.scope_end - a.scope_start <= self.LONG_SCOPE]
        self.long = [k for k, a in enumerate(attributions) if a.scope_end - a.scope_start > self.LONG_SCOPE]
        self.order = sorted(short, key=lambda k: attributions[k].scope_start)
        self.starts = [attributions[k].scope_start for k in self.order]
        self.longest = max((attributions[k].scope_end - attributions[k].scope_start for k in short), default=0)

    def at(self, offset: int) -> Attribution | None:
        # a scope starting at or before offset - longest ends at or before offset
        lo, hi = bisect_left(self.starts, offset - self.longest), bisect_right(self.starts, offset)
        return claimant_for([self.attributions[k] for k in sorted(self.order[lo:hi] + self.long)], offset)


def _named_words(words: Sequence[Word], mentions: Sequence[Mention]) -> frozenset[int]:
    """The words inside names of places, facilities and bodies (ساحة التحرير، هيئة الإغاثة)."""
    if not words:
        return frozenset()
    names = [m for m in span_index(mentions).overlapping(words[0].start, words[-1].end) if m.label in _PLACES_AND_BODIES]
    return frozenset(w.i for w in words for m in names if m.start <= w.start and w.end <= m.end)


def _injuries_suffered(words: Sequence[Word], first: int, last: int, reading: Reading) -> bool:
    """تعرضت لإصابتين خطيرتين: an injury noun that is its own count, right after a verb of
    suffering, counts the injuries someone suffered, not injured people."""
    return reading.measure == "injured" and first == last and reading.trigger == first and first > 0 \
        and words[first - 1].has(measure_lexicon().suffered)


def _word_range(words: Sequence[Word], q: Quantity) -> tuple[int, int] | None:
    idx = [w.i for w in words if w.start < q.end and q.start < w.end]
    return (idx[0], idx[-1]) if idx else None


def _noun_index(words: Sequence[Word], first: int, last: int, q: Quantity) -> int | None:
    """The counted noun: the one the quantities stage read (it may lie inside the quantity's
    span: "4 انتحاريين على الأقل"), else the word after the number."""
    if q.noun:
        for k in range(first, min(len(words), last + 4)):
            if words[k].text == q.noun or words[k].text.endswith(q.noun):
                return None if not_counted_noun(words[k]) else k
    return counted_noun(words, last)


def claims_in_sentence(doc: AnalyzedDoc, sentence: Sentence, words: list[Word], quantities: Sequence[Quantity],
                       attributions: Sequence[Attribution], mentions: Sequence[Mention] = (),
                       claimants: _Claimants | None = None) -> list[Claim]:
    claimants = claimants or _Claimants(attributions)
    ranges = [(q, _word_range(words, q)) for q in quantities]
    blocked = {k for _, r in ranges if r for k in range(r[0], r[1] + 1)}
    hedged_sentence = is_hedged(words)
    counts = {k for q, r in ranges if r and q.kind == "count" for k in range(r[0], r[1] + 1)}
    singulars = singular_counts(words, counts, mentions, _person_counts(words, ranges))
    merged = {k for one in singulars for k in one.merged}  # عريف وجنديين: the dual's 2 is in the count of 3
    named = _named_words(words, mentions)
    out: list[Claim] = []
    previous: Reading | None = None
    previous_end: int | None = None
    previous_noun: int | None = None
    pending: list[tuple[Quantity, int, int | None]] = []  # numbers no measure was found for yet
    fallbacks: list[tuple[int, Quantity, int, int | None]] = []  # claims whose measure only their noun gave
    read: list[tuple[int, Reading]] = []
    for q, r in ranges:
        if r is None or q.kind != "count" or _dual_in_name(q, mentions) or r[0] in merged:
            continue
        first, last = r
        noun = _noun_index(words, first, last, q)
        if is_excluded(words, first, noun, last) or _after_uncounted_noun(words, first, q) \
                or _one_as_adjective(words, first, q) \
                or _item_number(doc.text, q) or _in_score(doc.text, q):
            continue
        own = set(range(first, last + 1))
        reading = read_measure(words, first, last, noun, blocked - own, previous, previous_end, named)
        if reading is None:
            pending.append((q, last, noun))
            continue
        if _injuries_suffered(words, first, last, reading):
            continue
        if reading.fallback and (q.low == q.high == 1 or (q.noun == q.text and q.text.startswith("ال"))):
            continue  # مهاجم واحد، الشرطيين: one of a category, or the two already named, with nothing said to happen
        if reading.subject is None and previous is not None and previous.subject and noun is not None \
                and words[noun].has(measure_lexicon().others) and previous_noun is not None \
                and not words[previous_noun].has(scope_lexicon().generic):
            # "أسرت 70 متمردا وقتلت 10 آخرين": the others are more of the group counted just before
            # (after "خمسة أشخاص" they are anyone: a generic noun names no group)
            reading = replace(reading, subject=previous.subject)
        elif reading.subject is None and _definite_numeral(q) and first > 0 \
                and words[first - 1].text.startswith("ال"):
            # "جميع المهاجمين الأربعة قتلوا": a numeral with the article follows the noun it counts
            reading = replace(reading, subject=subject_of(words, first - 1))
        previous, previous_end, previous_noun = reading, last, noun
        read.append((first, reading))
        start, end = q.start, q.end
        if reading.trigger is not None:
            t = words[reading.trigger]
            start, end = min(start, t.start), max(end, t.end)
        low, high = q.low, q.high
        if reading.unit == "persons" and noun is not None and low is not None and low == high:
            more = coordinated_persons(words, max(last, noun) + 1, mentions)
            if more is not None and not any(k in blocked for k in range(noun + 1, more[0] + 1)):
                # ضابطان وجندي: the persons named after the number are in the same count
                end = max(end, words[more[0]].end)
                low = high = low + more[1]
        if reading.fallback:
            fallbacks.append((len(out), q, last, noun))
        out.append(_claim(doc, claimants, hedged_sentence, (start, end), (q.start, q.end), reading,
                          (low, high, q.approximate)))
    for at, q, last, noun in fallbacks:
        # "خمسة عسكريين واثنين من المهاجمين قتلوا": the verb after the pair is said of the first count
        # too, not the measure its noun alone would give
        reading = _coordinated_after(words, last, noun, read)
        if reading is not None:
            end = max(q.end, words[noun].end) if noun is not None else q.end
            out[at] = _claim(doc, claimants, hedged_sentence, (q.start, end), (q.start, q.end), reading,
                             (q.low, q.high, q.approximate))
    for q, last, noun in pending:
        reading = _coordinated_after(words, last, noun, read)
        if reading is not None:
            end = max(q.end, words[noun].end) if noun is not None else q.end
            out.append(_claim(doc, claimants, hedged_sentence, (q.start, end), (q.start, q.end), reading,
                              (q.low, q.high, q.approximate)))
    for one in singulars:
        if one.count == 1 and obituary(words, one.trigger):
            continue
        person = (words[one.first].start, words[one.last].end)
        t = words[one.trigger]
        span = (min(person[0], t.start), max(person[1], t.end))
        reading = Reading(one.measure, "persons", one.trigger, subject_of(words, one.last))
        out.append(_claim(doc, claimants, hedged_sentence, span, person, reading,
                          (float(one.count), float(one.count), False)))
    denied, demanded = unasserted_from(words, any(demanded_measure(c.measure) for c in out)) if out \
        else (len(words), len(words))
    if denied < len(words) or demanded < len(words):
        starts = [w.start for w in words]
        # a release asked for by words before the figure or its verb ("ضمت ألفي مدرس للمطالبة
        # بإطلاق سراح زملاء"): the claim's last word past the demand
        out = [c for c in out if bisect_right(starts, c.start) - 1 < denied
               and not (bisect_right(starts, c.end - 1) - 1 > demanded and demanded_measure(c.measure))]
    return sorted(out, key=lambda c: c.start)


_ONE = frozenset({"واحد", "واحده", "واحدا"})


def _after_uncounted_noun(words: Sequence[Word], first: int, q: Quantity) -> bool:
    """A numeral with the article after a noun that is no count of people (المواسم الخمسة الأخيرة:
    five seasons)."""
    return _definite_numeral(q) and first > 0 and words[first - 1].has(measure_lexicon().not_counted)


def _definite_numeral(q: Quantity) -> bool:
    """A number word with the article (الأربعة، الثلاثة، الخمس): it follows its noun."""
    return q.text.startswith(("ال", "وال")) and not any(ch.isdigit() for ch in q.text)


_ITEM_MARK = re.compile(r"[ \t\u00a0]*[-ـ–—).:]")  # "6 ـ نقل فلان…": a numbered item of a list
_ITEM_OPENERS = frozenset("\n.؛;:")  # what ends the text before an item of a list
_BLANKS = frozenset(" \t\u00a0\r")
_SCORE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")


def _item_number(text: str, q: Quantity) -> bool:
    """A number that opens its line or its sentence and is followed by a dash, a bracket or a
    colon numbers an item of a list (a cabinet's decisions: "العدل. 6 ـ نقل فلان"), it counts
    nothing."""
    if _ITEM_MARK.match(text, q.end) is None:
        return False
    # back over the blanks only (a search back for the last mark would read a long article again per number)
    k = q.start
    while k > 0 and text[k - 1] in _BLANKS:
        k -= 1
    return k == 0 or text[k - 1] in _ITEM_OPENERS


def _in_score(text: str, q: Quantity) -> bool:
    """"25 - 22": a score or a ratio, the larger number first (a range runs upwards: 20 - 30
    قتيلا), counts nothing."""
    for m in _SCORE.finditer(text, max(0, q.start - 12), min(len(text), q.end + 12)):
        if m.start() <= q.start < m.end() and int(m.group(1)) > int(m.group(2)):
            return True
    return False


def _one_as_adjective(words: Sequence[Word], first: int, q: Quantity) -> bool:
    """واحد after a noun that names no person is its adjective (بصوت واحد، في يوم واحد): no count."""
    if q.low != 1 or words[first].key not in _ONE or first == 0:
        return False
    before = words[first - 1]
    return not before.is_punct and not before.is_number and not person_noun(before)


def _person_counts(words: Sequence[Word], ranges: Sequence[tuple[Quantity, tuple[int, int] | None]]
                   ) -> dict[int, PersonCount]:
    """The sentence's exact counts of persons (وجنديين، وثلاثة جنود) by their first word."""
    out: dict[int, PersonCount] = {}
    for q, r in ranges:
        if r is None or q.kind != "count" or q.low is None or q.low != q.high or q.approximate:
            continue
        noun = _noun_index(words, r[0], r[1], q)
        if noun is not None and person_noun(words[noun]):
            out[r[0]] = PersonCount(max(r[1], noun), int(q.low))
    return out


def _coordinated_after(words: Sequence[Word], last: int, noun: int | None,
                       read: Sequence[tuple[int, Reading]]) -> Reading | None:
    """The measure of a number coordinated with the next one, whose verb comes after both
    (تسع نساء من التجار وخمسة رجال، قتلوا في الهجوم): what is said of the pair is said of each."""
    for first, reading in read:
        if not last < first <= last + COORDINATED_REACH:
            continue
        between = words[last + 1:first + 1]
        glued = words[first].key.startswith("و") or (first > 0 and words[first - 1].key == "و")
        if glued and not any(w.is_clause_punct for w in between) and reading.trigger is not None \
                and reading.trigger > first + 1:  # a verb after the pair, not the next number's own noun
            return Reading(reading.measure, unit_of(words, noun, reading.measure), reading.trigger,
                           subject_of(words, noun))
        return None
    return None


def _dual_in_name(q: Quantity, mentions: Sequence[Mention]) -> bool:
    """A dual read inside a name (فيليب بيتان: بيتان is no two houses) counts nothing."""
    return q.noun == q.text and any(m.label in _NAMES for m in span_index(mentions).containing(q.start, q.end))


def _claim(doc: AnalyzedDoc, claimants: _Claimants, hedged_sentence: bool, span: tuple[int, int],
           quantity: tuple[int, int], reading: Reading, interval: tuple[float | None, float | None, bool]) -> Claim:
    """A claim over ``span`` counting what ``reading`` says, spoken by the source whose scope covers it."""
    attribution = claimants.at(quantity[0])
    claimant_id = attribution.entity_id if attribution is not None else None
    if attribution is not None:
        claimant, kind, via = attribution.source_text, attribution.kind, attribution.via
        if kind is SourceKind.AGENCY and not any(same_medium(v, claimant) for v in via):
            via = (agency_name(claimant), *via)  # an agency's own report reached the article through it
        hedged = attribution.hedged or hedged_sentence
    else:
        claimant, kind, via = doc.document.outlet or "", SourceKind.OUTLET, ()
        hedged = hedged_sentence
    start, end = span
    low, high, approximate = interval
    return Claim(
        start=start, end=end, text=doc.text[start:end], measure=reading.measure, unit=reading.unit,
        low=low, high=high, approximate=approximate, subject=reading.subject,
        claimant=claimant, claimant_kind=kind, claimant_id=claimant_id, via=tuple(via),
        hedged=hedged, quantity_start=quantity[0], quantity_end=quantity[1],
    )


def extract_claims(doc: AnalyzedDoc) -> list[Claim]:
    """Claims of the document body; works without mentions or times (claims then go undated)."""
    end = doc.document.extraction_end
    sentences = doc.layer("sentences") or tuple(split_sentences(doc.text, 0, end))
    quantities = [q for q in doc.layer("quantities") if q.start < end]
    attributions: Sequence[Attribution] = doc.layer("attributions")
    mentions: Sequence[Mention] = doc.layer("mentions")
    tokens = doc_tokens(doc)
    token_starts = [t.start for t in tokens]
    claimants = _Claimants(attributions)
    out: list[Claim] = []
    qi = 0
    quantities.sort(key=lambda q: q.start)
    for sentence in sentences:
        if sentence.start >= end:
            break
        mine: list[Quantity] = []
        while qi < len(quantities) and quantities[qi].start < sentence.end:
            if quantities[qi].start >= sentence.start:
                mine.append(quantities[qi])
            qi += 1
        words = words_between(tokens, sentence.start, sentence.end, token_starts)
        out.extend(claims_in_sentence(doc, sentence, words, mine, attributions, mentions, claimants))
    return place_claims(doc, out, claimants)


def place_claims(doc: AnalyzedDoc, claims: Sequence[Claim], claimants: _Claimants | None = None) -> list[Claim]:
    """Tie each claim to its article event, date it, and give it its role among the article's figures."""
    events: Sequence[Event] = doc.layer("events")
    claimants = claimants or _Claimants(doc.layer("attributions"))
    published = publication_day(doc) if claims else None
    placed = []
    for c in claims:
        event = event_of(doc, c.quantity_start, events)
        as_of = stated_date(doc, claimants.at(c.quantity_start), published)
        placed.append(replace(c, event_start=event.start if event else None, as_of=as_of,
                              date=counted_date(doc, c.quantity_start, c.measure, event, as_of)))
    placed = [replace(c, date=d) for c, d in zip(placed, headline_dates(doc, placed), strict=True)]
    roles = assign_roles(placed, [claim_scope(doc, c) for c in placed])
    return [replace(c, role=role) for c, role in zip(placed, roles, strict=True)]


def claims(doc: AnalyzedDoc) -> AnalyzedDoc:
    return doc.with_layer("claims", extract_claims(doc))


STAGE = Stage("claims", claims, requires=("sentences", "tokens", "quantities", "attributions"),
              uses=("times", "mentions", "events"), provides=("claims",),
              doc="numeric claims: measure, unit, interval, subject, role, claimant, via, event, date and as-of day")
