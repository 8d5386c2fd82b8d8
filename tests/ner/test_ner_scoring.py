"""conlleval-style entity scoring on hand-built tag sequences."""

from __future__ import annotations

import pytest

from tabayyun.ner.scoring import chunks, score


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG", "O"], [(0, 2, "ORG")]),  # IOB1: a stray I- opens a chunk
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),  # type change closes the chunk
        (["O", "O"], []),
    ],
)
def test_chunks_follow_conlleval(tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert chunks(tags) == expected


def test_score_counts_exact_span_and_type_only() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "O", "O"]]
    scores = score(gold, pred)
    assert (scores.by_type["PER"].true_positives, scores.by_type["PER"].f1) == (1, 1.0)
    assert scores.by_type["LOC"].recall == 0.0
    assert scores.by_type["ORG"].predicted == 2
    overall = scores.overall
    assert (overall.true_positives, overall.gold, overall.predicted) == (1, 3, 3)
    assert overall.f1 == pytest.approx(1 / 3)


def test_score_restricts_to_requested_types() -> None:
    scores = score([["B-MISC", "B-PER"]], [["O", "B-PER"]], types=["PER", "LOC"])
    assert set(scores.by_type) == {"PER", "LOC"}
    assert scores.overall.f1 == 1.0


def test_score_rejects_misaligned_sentences() -> None:
    with pytest.raises(ValueError, match="lengths differ"):
        score([["O", "O"]], [["O"]])
