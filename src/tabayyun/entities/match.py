"""A name found over a document's words (``PhraseIndex.matches``).

Its own module because it is a generic dataclass, which mypyc cannot compile (``setup.py``):
``entities.index`` is compiled and makes these objects as interpreted ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Match(Generic[P]):
    first: int  # index of the first token
    last: int  # index of the last token (inclusive)
    start: int  # original offsets of the matched name (clitic excluded)
    end: int
    payloads: tuple[P, ...]
    clitic: bool  # a clitic was set aside on the first word
