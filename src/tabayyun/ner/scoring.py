"""Entity-level precision/recall/F1 with conlleval semantics: a hit is an exact span and type match."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Chunk = tuple[int, int, str]  # token start, token end (exclusive), type


def chunks(tags: Sequence[str]) -> list[Chunk]:
    """Entity chunks of an IOB1/IOB2 tag sequence; like conlleval, a stray I-X opens a chunk."""
    out: list[Chunk] = []
    if tags.count("O") == len(tags):
        return out  # most sentences of a document: nothing tagged
    start = -1
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O":  # most tokens: close an open chunk, nothing more (the document rules call this often)
            if start >= 0:
                out.append((start, i, kind))
                start = -1
            continue
        prefix, _, label = tag.partition("-")
        inside = prefix == "I" and label == kind and start >= 0
        if start >= 0 and not inside:
            out.append((start, i, kind))
            start = -1
        if prefix in ("B", "I") and not inside:
            start, kind = i, label
    return out


@dataclass(frozen=True, slots=True)
class TypeScore:
    label: str
    true_positives: int
    gold: int
    predicted: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Scores:
    by_type: dict[str, TypeScore] = field(default_factory=dict)

    @property
    def overall(self) -> TypeScore:
        return TypeScore(
            "overall",
            sum(s.true_positives for s in self.by_type.values()),
            sum(s.gold for s in self.by_type.values()),
            sum(s.predicted for s in self.by_type.values()),
        )

    def table(self) -> str:
        """Plain-text report, percentages like conlleval."""
        rows = [f"{'type':<8} {'prec':>6} {'rec':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
        for s in [*sorted(self.by_type.values(), key=lambda t: t.label), self.overall]:
            rows.append(
                f"{s.label:<8} {100 * s.precision:6.2f} {100 * s.recall:6.2f} "
                f"{100 * s.f1:6.2f} {s.gold:6d} {s.predicted:6d}"
            )
        return "\n".join(rows)


def score(
    gold: Iterable[Sequence[str]],
    predicted: Iterable[Sequence[str]],
    types: Iterable[str] | None = None,
) -> Scores:
    """Score sentence-aligned tag sequences; `types` restricts scoring to those entity types."""
    keep = set(types) if types is not None else None
    hits: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g_tags, p_tags in zip(gold, predicted, strict=True):
        if len(g_tags) != len(p_tags):
            raise ValueError(f"sentence lengths differ: {len(g_tags)} gold vs {len(p_tags)} predicted")
        g = {c for c in chunks(g_tags) if keep is None or c[2] in keep}
        p = {c for c in chunks(p_tags) if keep is None or c[2] in keep}
        n_gold.update(c[2] for c in g)
        n_pred.update(c[2] for c in p)
        hits.update(c[2] for c in g & p)
    labels = set(n_gold) | set(n_pred) | (keep or set())
    return Scores({k: TypeScore(k, hits[k], n_gold[k], n_pred[k]) for k in sorted(labels)})
