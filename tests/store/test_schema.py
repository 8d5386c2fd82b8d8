"""The schema keeps up with the model: every field of every queried span type has a column."""

from __future__ import annotations

import dataclasses
import json
import zlib
from pathlib import Path

import pytest

from tabayyun.model import LAYER_TYPES, Document
from tabayyun.store import open_store
from tabayyun.store.codec import own_fields, pack_layer
from tabayyun.store.records import TABLES as RECORD_TABLES
from tabayyun.store.schema import PACKED, RECOMPUTED, RELATIONAL, ROW_PREFIX

TABLES = ("documents", "failures", "corpus_records", "corpus_state", "fingerprints", "packed_layers", *RELATIONAL,
          *RECORD_TABLES)


def test_schema_gives_every_layer_one_home() -> None:
    homes = [*RELATIONAL, *PACKED, *RECOMPUTED]
    assert sorted(homes) == sorted(LAYER_TYPES)
    assert len(homes) == len(set(homes))


@pytest.mark.parametrize("layer", sorted(RELATIONAL))
def test_schema_every_field_of_a_queried_layer_has_a_column(store_target: str, layer: str) -> None:
    with open_store(store_target) as store:
        columns = store.columns(layer)
    fields = [f.name for f in dataclasses.fields(LAYER_TYPES[layer])]
    missing = [f for f in fields if f not in columns]
    assert not missing, f"{layer}: no column for {missing}: add them in a migration for each backend"
    assert set(ROW_PREFIX) <= set(columns)


def test_schema_every_document_field_has_a_column(store_target: str) -> None:
    with open_store(store_target) as store:
        columns = store.columns("documents")
    missing = [f.name for f in dataclasses.fields(Document) if f.name not in columns]
    assert not missing
    assert {"content_hash", "fingerprint"} <= set(columns)


@pytest.mark.parametrize("layer", PACKED)
def test_schema_packed_layers_keep_every_field(layer: str) -> None:
    payload = json.loads(zlib.decompress(pack_layer(layer, [], "")))
    assert payload["fields"] == list(own_fields(LAYER_TYPES[layer]))


def test_schema_is_the_same_on_both_backends(postgres_url: str, tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as sqlite, open_store(postgres_url) as postgres:
        for table in TABLES:
            assert postgres.columns(table) == sqlite.columns(table), table
