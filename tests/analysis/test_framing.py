"""Framing: designations each outlet attaches to each actor."""

from __future__ import annotations

import pytest

from tabayyun.analysis.framing import build_framing, framing_records
from tabayyun.model import AnalyzedDoc, Document, EntityLabel, Mention, make_span


def _doc(doc_id: str, outlet: str, text: str, actor: str = "غوندور") -> AnalyzedDoc:
    mentions = []
    i = text.find(actor)
    while i >= 0:
        mentions.append(make_span(Mention, text, i, i + len(actor), label=EntityLabel.ORG, entity_id="gondor"))
        i = text.find(actor, i + 1)
    return AnalyzedDoc(Document(doc_id, text, outlet=outlet)).with_layer("mentions", mentions)


@pytest.mark.parametrize(("text", "term"), [
    ("هاجمت ميليشيا غوندور القرية.", "ميليشيا"),
    ("هاجمت ميليشيات غوندور القرية.", "ميليشيا"),
    ("هاجم تنظيم غوندور الإرهابي القرية.", "الإرهابي"),
    ("وصلت قوات غوندور الصديقة إلى القرية.", "الصديقة"),
    ("أعلنت ما يسمى بإدارة غوندور الحظر.", "ما يسمى"),
])
def test_build_framing_counts_designation(text: str, term: str) -> None:
    (f,) = build_framing([_doc("d", "أخبار أرنور", text)])
    assert (dict(f.designations), f.neutral) == ({term: 1}, 0)


@pytest.mark.parametrize("text", ["وصلت قوات غوندور إلى القرية.", "قال غوندور. ميليشيا أخرى هاجمت"])
def test_build_framing_neutral_naming(text: str) -> None:
    (f,) = build_framing([_doc("d", "أخبار أرنور", text)])
    assert (sum(f.designations.values()), f.neutral) == (0, 1)


def test_framing_records_profile_compares_outlets() -> None:
    docs = [_doc("a", "أخبار أرنور", "هاجمت ميليشيا غوندور القرية."),
            _doc("b", "صوت غوندور", "وصلت قوات غوندور إلى القرية.")]
    records = framing_records(build_framing(docs))
    profile = next(r for r in records if r["type"] == "framing_profile")
    assert profile["outlets"] == {"أخبار أرنور": {"designations": {"ميليشيا": 1}, "neutral": 0, "mentions": 1},
                                  "صوت غوندور": {"designations": {}, "neutral": 1, "mentions": 1}}
