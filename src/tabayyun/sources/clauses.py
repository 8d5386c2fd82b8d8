"""The clause around a reporting verb: whether a word is the verb, where its subject starts
(past time words, a resumptive pronoun, the medium it spoke to, a second verb), what can never
open a subject, whether the report follows a name, and which words are inside direct speech.

``sources.finder`` builds cues from these; nothing here decides what kind of source a phrase is.
"""

from __future__ import annotations

from collections.abc import Sequence

from tabayyun.sources.lexicon import is_number_word, lexicon, light
from tabayyun.sources.media import MAX_QUOTED_NAME, is_recipient_start, media_end
from tabayyun.sources.words import QUOTES, Word, where_text

# words a clause may open with before its subject (وكان المرصد قد أعلن…)
CLAUSE_OPENERS = ("كان", "وكان", "كانت", "وكانت", "كانوا", "وكانوا", "فيما", "بينما", "لكن", "ولكن", "كما", "ثم", "وقد", "قد",
                   "فقد", "حيث", "إذ", "اذ", "اما", "واما")


TOPIC = ("اما", "واما")  # أما X فقال…: the subject comes first, the verb takes ف


_SO_CALLED = ("يسمي", "تسمي", "يعرف", "تعرف", "سمي")


# the resumptive pronoun of a relative clause between verb and subject: بحسب ما أفاد به مسؤول
_RESUMPTIVE = ("به", "بها", "بهما", "بهم", "له", "لها", "لهم", "لهما", "اليه", "اليها", "اليهم", "عليه", "عليها", "عنه",
               "عنها")


MAX_PARENTHESIS = 4


MAX_APPOSITION = 14  # words of a description between a speaker's name and the report (، وهو …)


_APPOSITION = ("وهو", "وهي", "وهم")


_OPENING_QUOTES = ("«", "“", "„")


_CHANNEL_PREPOSITIONS = ("على", "عبر", "في")


ASIDE_WORDS = 12  # words of an aside (a channel, an occasion) between a pronoun subject's verb and its report


def verb_key(w: Word) -> str:
    return verb_key_of(w.key)


def verb_key_of(key: str) -> str:
    """A word's key without a leading و/ف (the verb of وأضاف، فقال)."""
    if key[:1] in ("و", "ف") and len(key) > 3:
        return key[1:]
    return key


def is_speech_verb(words: Sequence[Word], i: int) -> bool:
    """A reporting verb; forms that are also nouns or prepositions (بين، تابع) only after و/ف or
    at the start of a clause."""
    lex = lexicon()
    w = words[i]
    vkey = verb_key(w)
    if w.key not in lex.speech and vkey not in lex.speech:
        return False
    if vkey in lex.ambiguous and w.key == vkey and not starts_clause(words, i):
        k = i - 1
        while k >= 0 and words[k].has(lex.time_words):
            k -= 1
        return k < 0 or words[k].is_clause_punct
    return True


def starts_clause(words: Sequence[Word], i: int) -> bool:
    return i == 0 or words[i - 1].is_clause_punct


# "but it" / "but they" opening a clause: the verb after it has the pronoun as its subject
# ("ولم تؤكد الوزارة عدد القتلى، لكنها قالت إن…")
_PRONOUN_OPENERS = frozenset({"لكنه", "لكنها", "لكنهم", "ولكنه", "ولكنها", "ولكنهم"})


def after_pronoun_opener(words: Sequence[Word], i: int) -> bool:
    """Whether the verb at ``i`` follows a clause-opening "لكنه/لكنها" (its subject a pronoun)."""
    return i > 0 and words[i - 1].key in _PRONOUN_OPENERS and starts_clause(words, i - 1)


def skip_asides(words: Sequence[Word], k: int) -> int:
    """Past time words and ``ما يسمى`` (the so-called) between a verb and its subject."""
    lex = lexicon()
    while k < len(words):
        if words[k].has(lex.time_words) or words[k].key in _RESUMPTIVE:
            k += 1
        elif words[k].key == "ما" and k + 1 < len(words) and words[k + 1].key in _SO_CALLED:
            k += 2
        else:
            break
    return k


def past_parenthesis(words: Sequence[Word], k: int) -> int:
    """Past a short aside in brackets after a name: وكالة الأنباء الصومالية (صونا) عن…"""
    if k < len(words) and words[k].text == "(":
        for j in range(k + 1, min(len(words), k + MAX_PARENTHESIS + 2)):
            if words[j].text == ")":
                return j + 1
    return k


def followed_by_report(words: Sequence[Word], k: int) -> bool:
    """A name is a speaker when what follows it is the report: أن / إن / : / إلى / عن."""
    lex = lexicon()
    k = past_parenthesis(words, k)  # وقال فلان (58 عاما) لرويترز عبر الهاتف إن…
    start = is_recipient_start(words, k) if k < len(words) else None
    if start is not None:
        k = media_end(words, start) + 1
    if k + 1 < len(words) and (words[k].text in _OPENING_QUOTES or words[k].text == '"') and not words[k + 1].is_punct:
        return True  # وأضاف «…», وتابع فلان "…": the words themselves follow
    while k < len(words) and (words[k].is_quote or words[k].key in (",", "،") or words[k].has(lex.time_words)):
        k += 1
    if k < len(words) and words[k].key in _APPOSITION:
        # فلان، وهو مزارع من سكان القرية، إن…: past the description of the speaker
        j = next((j for j in range(k + 1, min(len(words), k + MAX_APPOSITION))
                  if words[j].has(lex.complementizers) or words[j].text == ":"), None)
        if j is not None and not any(is_speech_verb(words, m) for m in range(k + 1, j)):
            k = j
    if k < len(words) and light(words[k].text) in _CHANNEL_PREPOSITIONS:
        # المقاومة الشعبية على حسابها الرسمي على تويتر إن…: past the channel it spoke through
        j = next((j for j in range(k + 1, min(len(words), k + ASIDE_WORDS))
                  if words[j].has(lex.complementizers) or words[j].text == ":"
                  or (words[j].is_clause_punct and words[j].key not in (",", "،"))), None)
        if j is not None and not words[j].is_clause_punct and not any(is_speech_verb(words, m) for m in range(k + 1, j)):
            k = j
    if k >= len(words):
        return False
    w = words[k]
    return w.has(lex.complementizers) or w.key in (":", "الي", "عن") or w.text == ":"


def bad_first_word(w: Word) -> bool:
    """A phrase cannot open with a preposition glued to a non-head word (تابع لقوات…)."""
    lex = lexicon()
    if w.key in lex.heads or w.key in lex.person_titles:
        return False
    return w.key[:1] in ("ل", "ب") and any(f in lex.heads for f in w.forms[1:])


def clause_inside(words: Sequence[Word]) -> bool:
    """Words before a verb that hold a clause of their own, not just its subject (وكانت القوات قد
    قتلت ثلاثة … في مداهمات قالت…): a قد, a number, a quote."""
    return any(w.key in ("قد", "وقد", "لقد") or w.is_number or is_number_word(w) or w.text in _OPENING_QUOTES
               for w in words)


def subject_start(words: Sequence[Word], k: int) -> tuple[int, list[tuple[int, int]]]:
    """Where the subject after a verb starts: past the medium it spoke to when that comes first
    (قالت لـ«عكاظ» مصادر مطلعة) and past a second verb (وتابعت تقول إن…). Returns the index and
    the media passed."""
    front: list[tuple[int, int]] = []
    while k < len(words):
        start = is_recipient_start(words, k)
        if start is not None:
            end = media_end(words, start)
            front.append((words[start].start, words[end].end))
            k = skip_asides(words, end + 1)
            while k < len(words) and words[k].key in (",", "،"):
                k += 1
        elif is_speech_verb(words, k) and not words[k].key.startswith(("و", "ف")):
            k = skip_asides(words, k + 1)
        else:
            break
    return k, front


def never_subject(w: Word) -> bool:
    """A word that cannot open the subject of a reporting verb: a preposition or pronoun (وقال على
    تويتر، وقالت لها، وأشار في بيانه), or لـ before a noun that is no medium (قال للصحفيين، لوالديها)."""
    lex = lexicon()
    plain = light(w.text)
    if plain in lex.not_subject_starts or (plain[:1] == "و" and plain[1:] in lex.not_subject_starts):
        return True
    return w.key.startswith("لل") or (w.key.startswith("ل") and len(w.key) >= 5 and w.key.endswith(("ها", "هم", "هما")))


def report_after_aside(words: Sequence[Word], k: int) -> bool:
    """A pronoun subject's report after a short aside (وقال على تويتر إن…، وأضاف في إفادة صحفية أن…)."""
    if k >= len(words) or not never_subject(words[k]):
        return False
    for j in range(k + 1, min(len(words), k + ASIDE_WORDS)):
        if words[j].has(lexicon().complementizers) or words[j].text == ":":
            return True
        if words[j].is_clause_punct and words[j].key not in (",", "،"):
            return False
    return False


def quoted_speech(words: Sequence[Word]) -> frozenset[int]:
    """Word indices inside direct speech: a quotation longer than a quoted name."""
    inside: set[int] = set()
    open_at: int | None = None
    for k in where_text(words, QUOTES.__contains__):  # (Word.is_quote, without a Python step per word)
        w = words[k]
        if open_at is None:
            if w.text not in ("»", "”"):
                open_at = k
        elif w.text not in ("«", "“", "„"):
            if k - open_at - 1 > MAX_QUOTED_NAME:
                inside.update(range(open_at + 1, k))
            open_at = None
    if open_at is not None and words[open_at].text in _OPENING_QUOTES and len(words) - open_at - 1 > MAX_QUOTED_NAME:
        inside.update(range(open_at + 1, len(words)))  # a quotation going on past the sentence
    return frozenset(inside)
