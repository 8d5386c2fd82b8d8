"""The threads of an article: which of its paragraphs tell one story line.

A round-up gives each front or incident its paragraph, its voice and its toll; a paragraph that
answers the one before it ("في المقابل، قالت مصادر طبية إن الحصيلة بلغت 25"; "بدوره، كشف مصدر
مقرب") carries on its thread with another voice. A paragraph is a non-empty line of the text; one
that opens with a response cue (``response_openers`` in ``findings.json``) keeps the thread of the
paragraph before it, any other starts a thread of its own; so does a sentence inside a paragraph
that turns to another subject (``topic_shift_openers``: "من جانب آخر، ذكر بيان لقيادة القوة الجوية
..." after the police's clash: the air force's sorties are another count). A headline, a first line of at most
``_HEADLINE_WORDS`` words, sums up the article: it belongs to every thread (``HEADLINE``); a long
first paragraph is a lead, the first front of a round-up, with a thread of its own.
``findings`` compares two voices' tolls of one article only inside one thread.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from tabayyun.analysis.scene import SENTENCE_END, raised_to
from tabayyun.lexicon import load_json
from tabayyun.model import Claim
from tabayyun.text.normalize import normalize_key

_OPENING_WORDS = 3  # a response cue is among the first words of its paragraph
HEADLINE = -1  # the thread of a headline, which any thread may be compared with
_HEADLINE_WORDS = 20  # a first line this short is a headline, not a lead


@lru_cache(maxsize=1)
def response_openers() -> tuple[str, ...]:
    return _openers("response_openers")


@lru_cache(maxsize=1)
def topic_shift_openers() -> tuple[str, ...]:
    return _openers("topic_shift_openers")


def _openers(key: str) -> tuple[str, ...]:
    return tuple(sorted({normalize_key(w, drop_article=False) for w in load_json("lexicon", "findings.json")[key]},
                        key=len, reverse=True))


def _opens_with(words: str, cues: tuple[str, ...]) -> bool:
    """Whether the opening words of a paragraph or sentence are one of ``cues`` (or و + one)."""
    opens = normalize_key(" ".join(words.split()[:_OPENING_WORDS]), drop_article=False)
    return any(opens == cue or opens.startswith(cue + " ") or opens.startswith("و" + cue) for cue in cues)


class Threads:
    """The thread of any offset of one text."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.thread: list[int] = []
        at, current = 0, -1
        for line in text.split("\n"):
            if line.strip():
                answers = current >= 0 and _opens_with(line, response_openers())
                current = current if answers else len(self.starts)
                headline = not self.starts and len(line.split()) <= _HEADLINE_WORDS
                self.starts.append(at)
                self.thread.append(HEADLINE if headline else current)
                for end in SENTENCE_END.finditer(line):
                    if _opens_with(line[end.end():], topic_shift_openers()):
                        current = len(self.starts)
                        self.starts.append(at + end.end())
                        self.thread.append(current)
            at += len(line) + 1

    def of(self, offset: int) -> int:
        """The thread of the paragraph holding ``offset`` (before the first one: ``HEADLINE``)."""
        k = bisect_right(self.starts, offset) - 1
        return self.thread[k] if k >= 0 else HEADLINE


def one_thread(a: int, b: int) -> bool:
    """Whether two paragraphs' threads may be one story line (the headline goes with any)."""
    return a == b or HEADLINE in (a, b)


Marks = tuple[tuple[int, bool], ...]


def claim_marks(text: str, claims: Sequence[Claim]) -> Marks:
    """For each claim, the thread it stands in and whether its sentence says the count rose to it
    (``scene.raised_to``): read from the whole text, before the cross-outlet step cuts it after
    its lead (``features.head``)."""
    threads = Threads(text)
    raised = [raised_to(text, c.start, c.quantity_start if c.quantity_end else None) for c in claims]
    lead = _lead(text, threads)
    if lead is not None and any(r and threads.of(c.start) == HEADLINE for c, r in zip(claims, raised, strict=True)):
        # a headline that says the toll rose ("ارتفاع قتلى التفجير إلى 40") announces the lead's
        # figures as the new count: the 40 killed and the 72 wounded of its first sentence
        raised = [r or lead[0] <= c.start < lead[1] for c, r in zip(claims, raised, strict=True)]
    return tuple((threads.of(c.start), r) for c, r in zip(claims, raised, strict=True))


def _lead(text: str, threads: Threads) -> tuple[int, int] | None:
    """The first sentence after a headline: (start, end); None without a headline."""
    if len(threads.starts) < 2 or threads.thread[0] != HEADLINE:
        return None
    start = threads.starts[1]
    end = SENTENCE_END.search(text, start)
    return start, end.end() if end else len(text)
