"""Corrections are stored apart from machine output, and a re-analysis keeps them."""

from __future__ import annotations

from tabayyun.corrections import Action, Correction, Target, claim_key
from tabayyun.model import AnalyzedDoc, Document
from tabayyun.pipeline import Outcome
from tabayyun.store import open_store


def test_store_corrections_survive_reanalysis(store_target: str) -> None:
    doc = Document("d", "قتل 5 أشخاص", outlet="O")
    with open_store(store_target) as store:
        store.save(Outcome(AnalyzedDoc(doc)))
        made = store.add_correction(Correction(Target.CLAIM, claim_key("d", 0, 5, "killed"), Action.FIX, "ana",
                                               {"low": 4.0}, "note"))
        assert made.id is not None and made.created_at is not None
        # the document re-analysed by another pipeline, then updated with new metadata
        store.save(Outcome(AnalyzedDoc(doc)), fingerprint="other")
        store.save(Outcome(AnalyzedDoc(Document("d", "قتل 5 أشخاص", outlet="P"))))
        [kept] = store.corrections()
        assert (kept.id, kept.key, kept.action, dict(kept.changes), kept.author, kept.note) == (
            made.id, made.key, Action.FIX, {"low": 4.0}, "ana", "note")
        second = store.add_correction(Correction(Target.EVENT, "d:0:3", Action.WRONG, "bo"))
        assert [c.id for c in store.corrections()] == [made.id, second.id]
        assert store.delete_correction(made.id or 0) is True
        assert store.delete_correction(made.id or 0) is False
        assert [c.target for c in store.corrections()] == [Target.EVENT]
