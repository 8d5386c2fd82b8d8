"""Quality gate for the core: offsets, documents and metadata on the development sets."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.slow
def test_seeds_offsets_are_exact(seeds_scores: dict[str, Any]) -> None:
    assert seeds_scores["offsets"]["checked"] > 0
    assert seeds_scores["offsets"]["accuracy"] == 1.0


@pytest.mark.slow
def test_seeds_documents_have_outlet_and_date(seeds_scores: dict[str, Any]) -> None:
    docs = seeds_scores["documents"]
    assert (docs["found"], docs["expected"]) == (5, 5)
    assert docs["outlet_accuracy"] == 1.0
    assert docs["published_accuracy"] == 1.0


@pytest.mark.slow
def test_seeds_outlet_inferred_without_manifest(seeds_scores_without_manifest: dict[str, Any]) -> None:
    outlets = {r["doc_id"]: r["outlet"] for r in seeds_scores_without_manifest["_records"] if r["type"] == "document"}
    # four of the five articles name their outlet in a byline or a statement made to it
    assert outlets["000_6cf43e496a2d1f93"] == "Sham Times"
    assert outlets["001_ebf9c930e679f8a1"] == "Al-Watan"
    assert outlets["003_0e86d17750069da6"] == "Al Mayadeen"
    assert outlets["004_3d908d5a2a4b50ea"] == "Sputnik Arabic"
    assert outlets["002_d18d8c629ae9ab67"] is None


@pytest.mark.slow
def test_dev2015_offsets_are_exact(dev2015_scores: dict[str, Any]) -> None:
    assert dev2015_scores["offsets"]["accuracy"] == 1.0
    assert dev2015_scores["documents"]["found"] == 28
