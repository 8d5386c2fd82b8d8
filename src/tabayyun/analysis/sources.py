"""Who originally said a figure: the key that tells independent sources from one source relayed.

Outlets quoting one spokesman, two papers running one wire story, an outlet copying another's
paragraph: each repeats one original source, and their agreement is no independent
corroboration (nor their disagreement an independent dispute). The key of a claim is its
claimant when it quotes someone; else the agency that the article credits for the passage
(the last name of its ``via``); else, when the passage is copied between articles (``reuse``),
the copy group; else the outlet's own voice. Within one incident, keys that name one body by
more or fewer words are one (``one_source``), and so are the keys of two figures whose sentences
are one sentence printed twice (``echoed``): a paper running a wire's or another paper's
sentence, crediting it to "local sources" of its own or to nobody.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from tabayyun.analysis.incidents import _Union
from tabayyun.analysis.reuse import Reuse
from tabayyun.analysis.scene import Scene, echoes
from tabayyun.model import AnalyzedDoc, Claim, SourceKind
from tabayyun.sources.wire import agency_of
from tabayyun.text.normalize import normalize_key

# generic heads that name the kind of medium, not the medium ("وكالة رويترز" is Reuters)
_MEDIA_HEADS = frozenset({"وكاله", "صحيفه", "جريده", "قناه", "موقع"})


def name_key(name: str) -> str:
    """A spelling-insensitive key of a source's name: an agency by its canonical name (أ ف ب and
    فرانس برس are AFP), else the name without a leading medium word."""
    agency = agency_of(name)
    if agency is not None:
        return agency
    words = normalize_key(name, drop_article=True).split()
    if len(words) > 1 and words[0] in _MEDIA_HEADS:
        words = words[1:]
    return " ".join(words)


class CopyGroups:
    """For each article, the stretches it shares with other articles and with whom."""

    def __init__(self, reuse: Iterable[Reuse], among: Collection[str] | None = None) -> None:
        """``among``: the only articles whose stretches are asked for (those with claims): the
        others' are not kept (a whole corpus's pairs have hundreds of thousands of passages)."""
        self._spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for r in reuse:
            a, b = r.doc_ids
            for p in r.passages:
                if among is None or p.doc_id in among:
                    other = b if p.doc_id == a else a
                    self._spans[p.doc_id].append((p.start, p.end, other))

    def group(self, doc_id: str, start: int, end: int) -> str | None:
        """The copy group of a stretch: the first article (by id) of those sharing it, or None."""
        partners = {other for s, e, other in self._spans.get(doc_id, ()) if s <= start and end <= e}
        return min(partners | {doc_id}) if partners else None


def source_key(claim: Claim, doc: AnalyzedDoc, copies: CopyGroups) -> str:
    """The original source of a claim (see the module's policy)."""
    if claim.claimant_kind == SourceKind.ANONYMOUS and claim.claimant and not claim.via:
        # "security sources" in two papers are not known to be the same people: each outlet's
        # unnamed sources are its own (copied text still joins them through its copy group)
        group = copies.group(doc.document.doc_id, claim.start, claim.end)
        if group is not None:
            return f"copy:{group}"
        return f"anon:{doc.document.outlet or doc.document.doc_id}:{name_key(claim.claimant)}"
    if claim.claimant_kind != SourceKind.OUTLET and claim.claimant:
        return f"source:{name_key(claim.claimant)}"
    if claim.via:
        return f"source:{name_key(claim.via[-1])}"
    group = copies.group(doc.document.doc_id, claim.start, claim.end)
    if group is not None:
        return f"copy:{group}"
    return f"outlet:{doc.document.outlet or doc.document.doc_id}"


def restated(refs: Sequence[tuple[str, Claim, str]]) -> dict[int, str]:
    """Figures an article gives in its own voice (a headline, a summary) that another passage of
    the same article credits to a source with the same measure and interval: the article is
    restating that source, so the figure takes the source's key. ``refs`` are (doc id, claim,
    key); the answer maps positions to their new keys. A round figure restates a source's lower
    bound too: the headline's "27 killed" over the body's "at least 27, according to the
    Observatory"."""
    credited: dict[tuple[str, str, float | None, float | None], str] = {}
    for doc_id, c, key in refs:
        if not key.startswith(("outlet:", "copy:")):
            credited.setdefault((doc_id, c.measure, c.low, c.high), key)
    out: dict[int, str] = {}
    for k, (doc_id, c, key) in enumerate(refs):
        if not key.startswith("outlet:"):
            continue
        found = credited.get((doc_id, c.measure, c.low, c.high)) or credited.get((doc_id, c.measure, c.low, None))
        if found is not None:
            out[k] = found
    return out


def one_source(keys: Sequence[str]) -> dict[str, str]:
    """Within one incident, the keys that name one source by more or fewer words ("المرصد" and
    "المرصد السوري لحقوق الإنسان", "مصدر عسكري" and "مصدر عسكري مالي") map to the fullest of
    them; keys of the outlet's own voice or of copy groups stay as they are."""
    named = sorted({k for k in keys if k.startswith("source:")}, key=lambda k: (-len(k.split()), k))
    words = {k: set(k.removeprefix("source:").split()) for k in named}
    out: dict[str, str] = {}
    for k in named:
        # the fullest key whose words hold all of this key's words (itself when none)
        out[k] = next((f for f in named if words[k] <= words[f] and len(words[k]) <= len(words[f])
                       and out.get(f, f) == f), k)
    return out


def echoed(figures: Sequence[tuple[str, str, Scene]]) -> dict[str, str]:
    """Within one incident, the keys of figures (doc id, key, scene) of different articles whose
    sentences are one sentence printed twice (``scene.echoes``), each mapped to the least key of
    those it joins (the least key of a group keeps itself and is left out)."""
    keys = sorted({key for _, key, _ in figures})
    index = {k: n for n, k in enumerate(keys)}
    union = _Union(len(keys))
    by_run: dict[int, list[int]] = defaultdict(list)
    for i, (_, _, scene) in enumerate(figures):
        for run in scene.echo:
            by_run[run].append(i)
    seen: set[tuple[int, int]] = set()
    for holders in by_run.values():
        for x, i in enumerate(holders):
            for j in holders[x + 1:]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                (doc_a, key_a, a), (doc_b, key_b, b) = figures[i], figures[j]
                if doc_a != doc_b and echoes(a, b):
                    union.join(index[key_a], index[key_b])
    groups: dict[int, list[str]] = defaultdict(list)
    for n, k in enumerate(keys):  # in sorted order: each group's first key is its least
        groups[union.find(n)].append(k)
    return {k: group[0] for group in groups.values() for k in group[1:]}
