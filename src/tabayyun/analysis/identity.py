"""Claim identity: whether two figures count one event, on positive evidence only.

An incident merges the events of many reports (one story, one city, near days), and a big
incident holds several real events: two bombs in two Baghdad districts, the fronts of Taiz on
two days, the crashes of one article's round-up. Two figures are rival counts (or one confirmed
count) only when their own words say they speak of the same event:

* **one spot**: their sentences name one place finer than a town (a neighbourhood, a market, a
  mosque, a checkpoint), or two such places within ``same_spot_km``; a town or a city they share
  is no evidence, for a city holds many incidents on one day (the incident's site is that town);
* **distinctive words**: the content words one figure's sentence shares with the other's
  sentence, or with the other article's headline and lead (never headline with headline, which
  is the story, not the event), weigh together at least ``identity_score``. A figure whose
  sentence holds no content word (a headline: استشهاد 4 من رجال الأمن) speaks for its lead. A word weighs its
  inverse document frequency over the corpus, smoothed as if ``identity_prior_docs`` more
  articles lacked it (so that in a small annotated set a word of a few articles still counts,
  and in a large corpus "Aden" weighs little and "Dar Saad" much). Numbers, number words and
  the generic words of conflict, sourcing and time (``lexicon/identity.json``) are no content
  words. In one article only the two sentences are compared: its headline speaks for both.

Each figure's words come from its ``Scene`` (``scene.py``), plain data kept per claim.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Protocol

from tabayyun.analysis.rules import rules
from tabayyun.analysis.scene import Scene, km_between_sites


class Placed(Protocol):
    """What identity needs of a claim placed in the corpus (a ``findings.ClaimRef``)."""

    @property
    def doc_id(self) -> str: ...

    @property
    def scene(self) -> Scene: ...


class Identity:
    """Document frequencies of the claims' words over one corpus, and the identity test."""

    def __init__(self, refs: Iterable[Placed]) -> None:
        words: dict[str, set[str]] = defaultdict(set)
        for r in refs:
            words[r.doc_id] |= r.scene.words | r.scene.lead
        self.df: Counter[str] = Counter(w for ws in words.values() for w in ws)
        self.n = len(words)
        self.prior = rules().identity_prior_docs

    def weight(self, word: str) -> float:
        return math.log((self.n + self.prior) / (self.df.get(word, 0) + 1))

    def shared(self, a: Placed, b: Placed) -> frozenset[str]:
        """The content words that tie the two figures' sentences (see the module)."""
        sa, sb = a.scene, b.scene
        # a figure whose sentence says nothing distinctive (a headline: استشهاد 4 من رجال الأمن)
        # speaks for its article's lead
        wa, wb = sa.words or sa.lead, sb.words or sb.lead
        if a.doc_id == b.doc_id:
            return wa & wb
        return (wa & (wb | sb.lead)) | (wb & (wa | sa.lead))

    def score(self, a: Placed, b: Placed) -> float:
        return sum(self.weight(w) for w in self.shared(a, b))

    def same_event(self, a: Placed, b: Placed) -> bool:
        """Whether there is positive evidence that the two figures count one event."""
        return one_spot(a.scene, b.scene) or self.score(a, b) >= rules().identity_score

    def strength(self, a: Placed, b: Placed) -> float:
        """How strongly the two are tied (a shared spot weighs as one threshold's worth)."""
        return self.score(a, b) + (rules().identity_score if one_spot(a.scene, b.scene) else 0.0)

    def evidence(self, a: Placed, b: Placed) -> str:
        """The evidence in words, for a finding's reasoning."""
        if one_spot(a.scene, b.scene):
            return "one spot named"
        words = sorted(self.shared(a, b), key=lambda w: (-self.weight(w), w))[:3]
        return "shared words " + "، ".join(words)


def one_spot(a: Scene, b: Scene) -> bool:
    """Both sentences name one place finer than a town, or two such places ``same_spot_km`` apart."""
    return any(x.place_id == y.place_id or km_between_sites(x, y) <= rules().same_spot_km
               for x in a.spots for y in b.spots)
