"""Person names from the statistical NER model (tabayyun.ner), aligned to the matcher's words.

The model finds names the knowledge base and the title rules miss. When the model
artefact is not installed the stage runs on rules alone and says so once in the log.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter, lt
from typing import Any

from tabayyun.entities.index import WordKey
from tabayyun.entities.kb import nationalities
from tabayyun.entities.persons import _title_at, name_lexicon
from tabayyun.text.normalize import normalize_key

log = logging.getLogger(__name__)
_START, _END = itemgetter(1), itemgetter(2)  # WordKey.start, WordKey.end


@lru_cache(maxsize=1)
def _tagger() -> Any | None:
    try:
        from tabayyun.ner import load_default_tagger
        from tabayyun.ner.tagger import ModelNotFoundError
    except ImportError as exc:
        log.info("NER package unavailable (%s): person names come from rules only", exc)
        return None
    try:
        return load_default_tagger()
    except ModelNotFoundError as exc:
        log.info("NER model not installed (%s): person names come from rules only", exc)
        return None


def ner_available() -> bool:
    return _tagger() is not None


def ner_persons(text: str, words: Sequence[WordKey], blocked: Collection[int]) -> list[tuple[int, int, int]]:
    """(start offset, first word, last word) of each PER span of the model that touches no
    known entity, with leading titles set aside (the rules give those their role)."""
    tagger = _tagger()
    if tagger is None or not words:
        return []
    end = words[-1].end
    lex = name_lexicon()
    persons = [span for span in tagger.tag_text(text[:end]) if span.label == "PER"]
    if not persons:
        return []
    # the words by start and by end, the empty ones (line breaks) left out: built by map and zip,
    # without a Python step per word
    starts, ends = list(map(_START, words)), list(map(_END, words))
    kept = list(map(lt, starts, ends))
    by_start, by_end = dict(compress(zip(starts, count()), kept)), dict(compress(zip(ends, count()), kept))
    out = []
    for span in persons:
        first, last = by_start.get(span.start), by_end.get(span.end)
        if first is None or last is None:
            continue
        while first <= last and (t := _title_at(first, words, lex)):
            first = t[1] + 1
        while first <= last and (not words[first].key or words[first].key in lex.stops
                                 or normalize_key(text[words[first].start:words[first].end]).startswith("ال")):
            first += 1  # a leading adjective or title (الشهير جيرار ديبارديو)
        while last > first and normalize_key(text[words[last].start:words[last].end]).startswith("ي") \
                and words[last].key not in lex.given:
            last -= 1  # a verb the model ran on into (نتنياهو يقيم)
        if first > last or any(i in blocked for i in range(first, last + 1)):
            continue
        inner = range(first, last + 1)
        if any(not words[i].key or words[i].key in lex.person_stops or words[i].key in nationalities()
               or _title_at(i, words, lex) for i in inner):
            continue  # a line break, a title or a nationality inside: not one person's name
        if words[last].key in lex.connectors:
            continue  # cut in the middle of a name (… بن)
        start, key = words[first].start, words[first].key
        stripped = [(off, k) for off, k in words[first].variants[1:] if k in lex.given or k in lex.kunya]
        if text[start] == "و" and key not in lex.given:
            if not stripped:
                continue  # a conjunction glued to an unknown word: the model's span is off
            start, key = stripped[0]  # a conjunction glued to the name: وأبو قتادة
        if first == last and key not in lex.given:
            continue  # a lone unknown word is too weak a name
        out.append((start, first, last))
    return out
