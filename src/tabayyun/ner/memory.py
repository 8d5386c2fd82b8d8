"""Document memory: a name tagged in nearby sentences is evidence for the same word here.

News articles repeat names (a club, a minister) in contexts that are ambiguous on their own.
Each token gets `mem=LABEL` features for labels its stem carried in the other sentences of a
window around it (out-of-fold predictions at training time, first-pass predictions at tagging
time, so that training sees memory as noisy as it will be).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tabayyun.ner.scoring import chunks

Features = tuple[bytes, ...]
_MEM = {label: f"mem={label}".encode() for label in ("PER", "ORG", "LOC", "MISC")}


def _entity_stems(stems: Sequence[str], tags: Sequence[str]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for start, end, label in chunks(tags):
        for stem in stems[start:end]:
            if len(stem) > 1:
                found.setdefault(stem, set()).add(label)
    return {k: frozenset(v) for k, v in found.items()}


def memory_features(
    sentences: Sequence[Sequence[str]],
    tags: Sequence[Sequence[str]],
    stem: Callable[[str], str],
    window: int,
) -> list[list[Features]]:
    """Per token of each sentence, `mem=` features from the tags of the other sentences within `window`."""
    stems = [[stem(w) for w in s] for s in sentences]
    per_sentence = [_entity_stems(st, tg) for st, tg in zip(stems, tags, strict=True)]
    out: list[list[Features]] = []
    for i, sentence_stems in enumerate(stems):
        lo, hi = max(0, i - window), min(len(stems), i + window + 1)
        memory: dict[str, set[str]] = {}
        for j in range(lo, hi):
            if j != i:
                for key, labels in per_sentence[j].items():
                    memory.setdefault(key, set()).update(labels)
        out.append([tuple(_MEM[label] for label in sorted(memory.get(s, ()))) for s in sentence_stems])
    return out
