"""One sentence printed by several articles with one figure: one count, whatever incident each
article's events put it in.

Findings compare figures inside one incident (``findings.compare_claims``), and an incident needs
a fine site and near days on both sides; a relay that names the place differently, or dates its
event by its own publication day, lands its figures in another incident of the same story, and
their agreement is lost. Yet two articles printing the very same sentence (``scene.echoes``: the
wire's or a spokesman's sentence, ``echo_runs`` runs of ``echo_words`` words in common) with the
same figure of the same measure say one thing: that is a corroboration, by one original source
relayed (its ``independent`` flag says whether the papers credit different sources).

The pass stays inside one story, so that an incremental run, which recomputes the findings of the
stories it touches, finds the same groups as a full one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from tabayyun.analysis.incidents import _Union
from tabayyun.analysis.scene import echoes
from tabayyun.model import ClaimRole

if TYPE_CHECKING:  # findings imports this module
    from tabayyun.analysis.findings import ClaimRef

# the roles whose equal figures may confirm each other (``findings._kin``): whole counts together,
# sums together, shares together
_KIN = {ClaimRole.TOTAL: "whole", ClaimRole.GROUP: "whole", ClaimRole.SUM: "sum", ClaimRole.PART: "part"}


def relayed_groups(refs: Sequence[ClaimRef], story_of: Callable[[ClaimRef], str | None],
                   covered: Iterable[frozenset[int]]) -> list[list[ClaimRef]]:
    """Groups of figures of one story, measure, value and kind of count whose sentences are one
    sentence printed in several articles, spanning several incidents; ``covered``: the sets of
    ``id`` of claims that a finding of one incident already groups (such a group is not repeated)."""
    buckets: dict[tuple[object, ...], list[ClaimRef]] = defaultdict(list)
    for r in refs:
        kin = _KIN.get(r.role)
        story = story_of(r)
        if kin is None or story is None or not r.claim.measure or r.scene.background or not r.scene.echo:
            continue
        c = r.claim
        buckets[(story, c.measure, c.low, c.high, c.unit, kin, r.scope.label)].append(r)
    done = list(covered)
    out: list[list[ClaimRef]] = []
    for key in sorted(buckets, key=str):
        members = buckets[key]
        if len({r.incident_id for r in members}) < 2 or len({r.doc_id for r in members}) < 2:
            continue
        for group in _echo_groups(members):
            ids = frozenset(id(r) for r in group)
            if len({r.incident_id for r in group}) > 1 and not any(ids <= d for d in done):
                out.append(group)
    return out


def _echo_groups(members: Sequence[ClaimRef]) -> list[list[ClaimRef]]:
    """The members joined by sentences printed in two articles (a run index, not all pairs)."""
    union = _Union(len(members))
    by_run: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(members):
        for run in r.scene.echo:
            by_run[run].append(i)
    tried: set[tuple[int, int]] = set()
    for holders in by_run.values():
        for x, i in enumerate(holders):
            for j in holders[x + 1:]:
                a, b = members[i], members[j]
                if (i, j) in tried or a.doc_id == b.doc_id or union.find(i) == union.find(j):
                    continue
                tried.add((i, j))
                if echoes(a.scene, b.scene):
                    union.join(i, j)
    groups: dict[int, list[ClaimRef]] = defaultdict(list)
    for i, r in enumerate(members):
        groups[union.find(i)].append(r)
    return [g for g in groups.values() if len({r.doc_id for r in g}) > 1]


def story_lookup(incident_story: Mapping[str, str], doc_story: Mapping[str, str]) -> Callable[[ClaimRef], str | None]:
    """The story of a placed figure: its incident's, else (a figure about no event) its article's."""
    return lambda r: incident_story.get(r.incident_id) or doc_story.get(r.doc_id)
