"""Event context helpers on hand-built mentions (Arnor and Gondor stand in for real actors)."""

from __future__ import annotations

import pytest

from tabayyun.events.context import nearby_actors
from tabayyun.model import EntityLabel, Mention, make_span


@pytest.mark.parametrize(("text", "media", "actor"), [
    ("ذكرت وكالة أرنور أن جيش غوندور قصف القرية", "وكالة أرنور", "جيش غوندور"),
    ("وزعمت قوات غوندور في بيان على منصة أرنور أنها سيطرت على المدينة", "منصة أرنور", "قوات غوندور"),
])
def test_nearby_actors_leaves_out_media(text: str, media: str, actor: str) -> None:
    mentions = [
        make_span(Mention, text, text.index(media), text.index(media) + len(media), label=EntityLabel.ORG,
                  entity_id="org:media", actor_type="Media"),
        make_span(Mention, text, text.index(actor), text.index(actor) + len(actor), label=EntityLabel.ORG,
                  entity_id="org:actor", actor_type="Rebel group"),
    ]
    found = nearby_actors(mentions, 0, len(text), text.index(actor))
    assert [m.entity_id for m in found] == ["org:actor"]
