from __future__ import annotations

import numpy as np
import pytest

from tabayyun.analysis import vectors
from tabayyun.analysis.incidents import cosine, tfidf
from tabayyun.analysis.reuse import word_hash
from tabayyun.analysis.vectors import Bag, BagRows, RowSum, SparseRows, WordRows

BAGS = [{"قصف": 3, "حلب": 1, "طيران": 2}, {"حلب": 2, "قتلى": 1}, {}, {"طيران": 1, "قصف": 1, "ادلب": 4, "قتلى": 2},
        {"مطار": 1}]


def test_word_rows_are_the_floats_of_tfidf_in_each_bags_order() -> None:
    rows = WordRows.tfidf([Bag.of(b) for b in BAGS])
    expected = tfidf(BAGS)
    assert len(rows) == len(BAGS)
    for k, vec in enumerate(expected):
        # the same floats, word by word in the bag's order (the order sums over them are taken in)
        assert list(rows[k].values()) == list(vec.values())
    # the cosines the incident rule takes are the same floats too
    assert cosine(rows[0], rows[3]) == cosine(expected[0], expected[3]) > 0
    assert cosine(rows[0], rows[4]) == 0.0


def test_released_word_rows_keep_their_shape_and_free_their_weights() -> None:
    rows = WordRows.tfidf([Bag.of(b) for b in BAGS])
    shape = rows.matrix.shape
    assert rows.matrix.nnz > 0
    rows.release()
    assert rows.matrix.shape == shape and rows.matrix.nnz == 0 and len(rows) == len(BAGS)


def test_word_rows_weigh_words_by_the_frequencies_given() -> None:
    df = {"قصف": 40, "حلب": 3, "طيران": 9, "قتلى": 70, "ادلب": 1, "مطار": 5}
    rows = WordRows.tfidf([Bag.of(b) for b in BAGS], {word_hash(w): n for w, n in df.items()}, 100)
    expected = tfidf(BAGS, df, 100)
    assert [list(rows[k].values()) for k in range(len(BAGS))] == [list(v.values()) for v in expected]
    assert list(WordRows.tfidf([Bag.of(b) for b in BAGS], {}, 100)[0].values()) == list(tfidf(BAGS, {}, 100)[0].values())


def test_blocks_of_word_rows_equal_those_of_dicts() -> None:
    rows, dicts = SparseRows(WordRows.tfidf([Bag.of(b) for b in BAGS])), SparseRows(tfidf(BAGS))
    every = list(range(len(BAGS)))
    assert np.array_equal(rows.block(every, every), dicts.block(every, every))
    # a block taken a few rows at a time against columns taken once is the same block
    columns = rows.columns(every)
    assert np.array_equal(np.vstack([rows.block_of([k], columns) for k in every]), rows.block(every, every))
    assert rows.block([], every).shape == (0, len(BAGS))


def test_bags_compare_by_their_words_and_counts() -> None:
    assert Bag.of(BAGS[0]) == Bag.of(dict(BAGS[0])) and len(Bag.of(BAGS[0])) == 3
    assert Bag.of(BAGS[0]) != Bag.of({"قصف": 3, "حلب": 2, "طيران": 2})
    assert Bag.of({}) == Bag(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint32))


def test_words_numbered_a_few_bags_at_a_time_as_all_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from tabayyun.analysis import vectors

    bags = [Bag.of(b) for b in BAGS * 3]
    whole = WordRows.tfidf(bags)
    monkeypatch.setattr(vectors, "COLUMN_CHUNK", 2)
    chunked = WordRows.tfidf(bags)
    assert np.array_equal(chunked.matrix.indices, whole.matrix.indices)
    assert np.array_equal(chunked.matrix.data, whole.matrix.data) and chunked.matrix.shape == whole.matrix.shape
    # columns number the words in the order first met: the first bag's words are 0, 1, 2
    assert chunked.matrix.indices[:3].tolist() == [0, 1, 2] and chunked.matrix.shape[1] == 6


def test_the_whole_matrix_transposed_gives_the_blocks_of_its_columns_picked() -> None:
    rows = SparseRows(WordRows.tfidf([Bag.of(b) for b in BAGS]))
    picked = [3, 0, 4]
    assert np.array_equal(rows.block_of([0, 3], rows.transposed())[:, picked], rows.block([0, 3], picked))


def _summed(rows: list[dict[int, float]]) -> dict[int, float]:
    """Rows summed into a dict, word by word (what story centroids were)."""
    total: dict[int, float] = {}
    for row in rows:
        for w, v in row.items():
            total[w] = total.get(w, 0.0) + v
    return total


def test_row_sums_are_the_floats_and_the_word_order_of_summed_dicts() -> None:
    """Sums of rows held as arrays give the very floats of dicts summed word by word: their
    words in the same order, each weight, dot products and squared norms (the story cohesion
    test compares them with a threshold, so one bit apart could change a story)."""
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(40):
        words = rng.choice(300, size=int(rng.integers(1, 60)), replace=False)
        rows.append(dict(zip(words.tolist(), rng.random(len(words)).tolist(), strict=True)))
    matrix = SparseRows(rows).matrix
    as_columns = [WordRows(matrix).row(k) for k in range(len(rows))]
    for group in (range(0, 40, 3), range(1, 40, 7), range(5, 6)):
        summed = RowSum.of_row(matrix, group[0])
        for k in group[1:]:
            summed = summed.plus(RowSum.of_row(matrix, k))
        expected = _summed([as_columns[k] for k in group])
        assert dict(zip(summed.columns.tolist(), summed.weights.tolist(), strict=True)) == expected
        assert summed.columns.tolist() == list(expected)
        assert summed.squared_norm() == sum(v * v for v in expected.values())
        for k in range(len(rows)):
            other = as_columns[k]
            assert summed.dot(RowSum.of_row(matrix, k)) == sum(v * other.get(w, 0.0) for w, v in expected.items())
            assert RowSum.of_row(matrix, k).dot(summed) == sum(v * expected.get(w, 0.0) for w, v in other.items())
    assert matrix.data.tolist() == SparseRows(rows).matrix.data.tolist()  # the matrix itself never changed


def test_an_empty_row_sum_has_nothing_in_common() -> None:
    empty = RowSum(np.zeros(0, dtype=np.int32), np.zeros(0))
    full = RowSum(np.array([3, 1], dtype=np.int32), np.array([0.5, 0.25]))
    assert empty.dot(full) == full.dot(empty) == 0.0
    assert full.plus(empty).columns.tolist() == [3, 1]
    assert empty.plus(full).weights.tolist() == [0.5, 0.25]


def test_a_range_of_rows_transposed_gives_the_blocks_of_those_columns() -> None:
    rng = np.random.default_rng(3)
    rows = [dict(zip(rng.choice(50, size=8, replace=False).tolist(), rng.random(8).tolist(), strict=True))
            for _ in range(9)]
    matrix = SparseRows(rows)
    part = matrix.rows_transposed(range(3, 7))
    assert (part != matrix.columns([3, 4, 5, 6])).nnz == 0
    assert matrix.block_of([0, 8], part).tolist() == matrix.block([0, 8], [3, 4, 5, 6]).tolist()


def test_bags_held_as_flat_arrays_read_back_and_weigh_as_the_bags(monkeypatch: pytest.MonkeyPatch) -> None:
    bags = [Bag.of(b) for b in BAGS * 3]
    monkeypatch.setattr(vectors, "COLUMN_CHUNK", 2)  # bags joined a few at a time, words numbered a few bags at a time
    flat = BagRows()
    for b in bags:
        flat.add(b.words, b.counts.astype(np.int64))  # the stored counts are read as int64
    assert len(flat) == len(bags) and list(flat) == bags and flat[-1] == bags[-1] and flat[1:4] == bags[1:4]
    assert all(b.counts.dtype == np.uint32 for b in flat)
    with pytest.raises(IndexError):
        flat[len(bags)]
    with pytest.raises(ValueError):
        flat.add(bags[0].words, bags[0].counts)  # read already: no more bags
    rows, expected = WordRows.tfidf(flat), WordRows.tfidf(bags)
    assert [list(rows[k].items()) for k in range(len(bags))] == [list(expected[k].items()) for k in range(len(bags))]


@pytest.mark.parametrize("chunk", [2, 2_000])
def test_word_rows_kept_in_a_file_are_the_rows_held_in_memory(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(vectors, "COLUMN_CHUNK", chunk)
    bags = [Bag.of(b) for b in BAGS * 3]
    flat = BagRows()
    for b in bags:
        flat.add(b.words, b.counts)
    held, stored = WordRows.tfidf(bags), WordRows.tfidf(flat, spill=True)
    flat.close()
    assert stored.stored is not None and stored.matrix.nnz == 0 and stored.matrix.shape == held.matrix.shape
    assert [list(stored[k].items()) for k in range(len(bags))] == [list(held[k].items()) for k in range(len(bags))]
    for rows in ([0, 1, 2, 7, 3, 4, 14], [5], []):
        taken, expected = stored.take(rows), held.take(rows)
        assert taken.shape == expected.shape and np.array_equal(taken.toarray(), expected.toarray())
        assert np.array_equal(taken.indices, expected.indices) and np.array_equal(taken.data, expected.data)
    span = range(4, 11)
    assert np.array_equal(stored.span(span).toarray(), held.span(span).toarray())
    # the blocks, transposed parts and row sums the stories take are the same floats
    every = list(range(len(bags)))
    on_disk, in_memory = SparseRows(stored), SparseRows(held)
    assert np.array_equal(on_disk.block(every, every), in_memory.block(every, every))
    assert np.array_equal(on_disk.block_of([0, 3], on_disk.rows_transposed(span)),
                          in_memory.block_of([0, 3], in_memory.rows_transposed(span)))
    assert on_disk.row_sum(3).dot(on_disk.row_sum(0)) == in_memory.row_sum(3).dot(in_memory.row_sum(0))
    stored.release()
    assert stored.stored is None and len(stored) == len(bags)
