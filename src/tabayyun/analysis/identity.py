"""Claim identity: whether two figures count one event, on positive evidence only.

An incident merges the events of many reports (one story, one city, near days), and a big
incident holds several real events: two bombs in two Baghdad districts, the fronts of Taiz on
two days, the crashes of one article's round-up. Two figures are rival counts (or one confirmed
count) only when their own words say they speak of the same event, by **a distinctive name**
(their one common site, ``scene.one_site``, being asked besides): one figure's sentence and the other's sentence, or the other
  article's lead (never lead with lead, which is the story, not the event), mention one rare
  name: a place, facility, group or person outside a cited source (``Scene.words``) whose weight, its inverse document
  frequency ln((N + ``identity_prior_docs``) / (df + 1)) over the corpus's articles, reaches
  ``identity_score``. In a large corpus that is a name in a few dozen articles (a market, a
  district, a village: "Dar Saad", "Zafaraniya"), not a city every report of a war names
  ("Aden", "Baghdad"); the prior keeps a name of a dozen articles distinctive in a small
  annotated set. Numbers, number words and generic words (``lexicon/identity.json``) are no
  names. A figure whose sentence names nothing (a headline: استشهاد 4 من رجال الأمن) speaks for
  its lead. In one article only the two sentences are compared: its lead speaks for both.

Each figure's words come from its ``Scene`` (``scene.py``), plain data kept per claim.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Protocol

from tabayyun.analysis.rules import rules
from tabayyun.analysis.scene import Scene


class Placed(Protocol):
    """What identity needs of a claim placed in the corpus (a ``findings.ClaimRef``)."""

    @property
    def doc_id(self) -> str: ...

    @property
    def scene(self) -> Scene: ...


class Identity:
    """Document frequencies of the claims' words over one corpus, and the identity test."""

    def __init__(self, refs: Iterable[Placed], names: Mapping[str, frozenset[str]] | None = None) -> None:
        """Document frequencies over ``names`` (every name each article mentions, by doc id), else
        over the names the figures' sentences and leads mention."""
        if names is None:
            words: dict[str, set[str]] = defaultdict(set)
            for r in refs:
                words[r.doc_id] |= r.scene.words | r.scene.lead
            names = {d: frozenset(ws) for d, ws in words.items()}
        self.df: Counter[str] = Counter(w for ws in names.values() for w in ws)
        self.n = len(names)
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

    def distinctive(self, a: Placed, b: Placed) -> list[str]:
        """The shared names rare enough to pick out one event (weight ≥ ``identity_score``), rarest first."""
        floor = rules().identity_score
        return sorted((w for w in self.shared(a, b) if self.weight(w) >= floor), key=lambda w: (-self.weight(w), w))

    def score(self, a: Placed, b: Placed) -> float:
        return sum(self.weight(w) for w in self.distinctive(a, b))

    def same_event(self, a: Placed, b: Placed) -> bool:
        """Whether there is positive evidence that the two figures count one event."""
        return self.score(a, b) >= rules().identity_score

    def strength(self, a: Placed, b: Placed) -> float:
        """How strongly the two are tied: the summed weight of their distinctive names."""
        return self.score(a, b)

    def evidence(self, a: Placed, b: Placed) -> str:
        """The evidence in words, for a finding's reasoning."""
        return "shared names " + "، ".join(self.distinctive(a, b)[:3])

