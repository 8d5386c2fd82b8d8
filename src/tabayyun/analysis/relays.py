"""One figure of one story that its articles' events put in several incidents: still one count.

Findings compare figures inside one incident (``findings.compare_claims``), and an incident needs
a fine site and near days on both sides. A relay that names the place differently, or dates its
event by its own publication day, lands its figures in another incident of the same story, and
their agreement is lost. Two kinds of evidence say that the very same figure in two articles of
one story counts one thing, whatever incidents they were put in:

* the two articles print one sentence (``scene.echoes``: the wire's or a spokesman's sentence,
  ``echo_runs`` runs of ``echo_words`` words in common): one source relayed;
* their sentences name a distinctive place, group or person in common and place the figures at no
  two different scenes (``identity.py``, ``scene.apart``): the evidence two different figures of
  one incident need before they are compared.

Such figures (of one measure, value and kind of count: whole counts, sums or shares, one named
group) make a corroboration. The pass stays inside one story, so that an incremental run, which
recomputes the findings of the stories it touches, finds the same groups as a full one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tabayyun.analysis.incidents import _Union
from tabayyun.analysis.scene import echoes
from tabayyun.model import ClaimRole

if TYPE_CHECKING:  # findings imports this module
    from tabayyun.analysis.findings import ClaimRef

# the roles whose equal figures may confirm each other (``findings._kin``): whole counts together,
# sums together, shares together
_KIN = {ClaimRole.TOTAL: "whole", ClaimRole.GROUP: "whole", ClaimRole.SUM: "sum", ClaimRole.PART: "part"}


@dataclass(frozen=True, slots=True)
class StoryGroup:
    claims: list[ClaimRef]
    printed: bool  # every link is one sentence printed twice (else a shared distinctive name ties some)


def story_groups(refs: Sequence[ClaimRef], story_of: Callable[[ClaimRef], str | None],
                 covered: Iterable[frozenset[int]], same: Callable[[ClaimRef, ClaimRef], bool]) -> list[StoryGroup]:
    """Groups of one figure in several articles and incidents of one story, tied by one sentence
    printed twice or by ``same`` (positive evidence of one event); ``covered``: the sets of ``id``
    of claims that a finding of one incident already groups (such a group is not repeated)."""
    buckets: dict[tuple[object, ...], list[ClaimRef]] = defaultdict(list)
    for r in refs:
        kin = _KIN.get(r.role)
        story = story_of(r)
        if kin is None or story is None or not r.claim.measure or r.scene.background:
            continue
        c = r.claim
        buckets[(story, c.measure, c.low, c.high, c.unit, kin, r.scope.label)].append(r)
    done = list(covered)
    out: list[StoryGroup] = []
    for key in sorted(buckets, key=str):
        members = buckets[key]
        if len({r.incident_id for r in members}) < 2 or len({r.doc_id for r in members}) < 2:
            continue
        for group in _linked_groups(members, same):
            ids = frozenset(id(r) for r in group.claims)
            if len({r.incident_id for r in group.claims}) > 1 and not any(ids <= d for d in done):
                out.append(group)
    return out


def _linked_groups(members: Sequence[ClaimRef], same: Callable[[ClaimRef, ClaimRef], bool]) -> list[StoryGroup]:
    """The members of one bucket joined by a sentence printed twice or by ``same``."""
    union = _Union(len(members))
    by_name: set[int] = set()  # members joined by a shared name, not a printed sentence
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
    for i, a in enumerate(members):
        for j in range(i + 1, len(members)):
            b = members[j]
            if a.doc_id != b.doc_id and union.find(i) != union.find(j) and same(a, b):
                union.join(i, j)
                by_name.update((i, j))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(members)):
        groups[union.find(i)].append(i)
    return [StoryGroup([members[i] for i in g], not by_name & set(g)) for g in groups.values()
            if len({members[i].doc_id for i in g}) > 1]


def story_lookup(incident_story: Mapping[str, str], doc_story: Mapping[str, str]) -> Callable[[ClaimRef], str | None]:
    """The story of a placed figure: its incident's, else (a figure about no event) its article's."""
    return lambda r: incident_story.get(r.incident_id) or doc_story.get(r.doc_id)
