"""What a full rebuild keeps on disk while it runs reads back as it was written."""

from __future__ import annotations

import numpy as np
import pytest

from tabayyun.analysis import reuse
from tabayyun.analysis.reuse import shared_pairs
from tabayyun.analysis.spill import ShingleFile


def _hashes(seed: int, documents: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    # hashes over the whole 64-bit range (the top bits pick the range), from a pool documents share
    pool = rng.integers(0, 2**63, size=90, dtype=np.int64).astype(np.uint64) * np.uint64(2) + np.uint64(1)
    return [np.unique(rng.choice(pool, size=rng.integers(0, 16))) for _ in range(documents)]


def test_shingles_read_back_by_document_in_the_order_added() -> None:
    hashes = [*_hashes(3, 12), np.zeros(0, dtype=np.uint64), np.array([2**64 - 1, 0], dtype=np.uint64)]
    kept = ShingleFile()
    for h in hashes:
        kept.add(h)
    assert len(kept) == len(hashes)
    for back, h in zip(kept, hashes, strict=True):
        assert back.dtype == np.uint64 and np.array_equal(back, h)
    assert np.array_equal(kept[-1], hashes[-1]) and np.array_equal(kept[3], hashes[3])
    kept.add(np.array([7], dtype=np.uint64))  # added after a read: read back too
    assert kept[len(hashes)].tolist() == [7]
    with pytest.raises(IndexError):
        kept[len(hashes) + 1]
    kept.close()


def test_pairs_from_shingles_on_disk_are_those_held(monkeypatch: pytest.MonkeyPatch) -> None:
    hashes = _hashes(11, 40)
    whole = shared_pairs(hashes, stock=5)
    assert len(whole) > 20
    kept = ShingleFile()
    for h in hashes:
        kept.add(h)
    assert shared_pairs(kept, stock=5) == whole
    # a range of hashes at a time: each document's range is copied out of what was read, so that
    # no document's whole array is held while the range is compared
    monkeypatch.setattr(reuse, "INDEX_SHINGLES", 16)
    seen: list[np.ndarray] = []
    compare = reuse._shared_groups

    def watched(ranges: list[np.ndarray], stock: int, wanted: np.ndarray | None) -> set[tuple[int, ...]]:
        seen.extend(ranges)
        return compare(ranges, stock, wanted)

    monkeypatch.setattr(reuse, "_shared_groups", watched)
    assert shared_pairs(kept, stock=5) == whole
    assert len(seen) > len(hashes) and all(r.base is None for r in seen)
    assert shared_pairs(kept, stock=5, among={7}) == {p for p in whole if 7 in p}
    kept.close()
