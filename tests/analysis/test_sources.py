"""Original sources: one key for one source however many outlets relay it."""

from __future__ import annotations

import pytest

from tabayyun.analysis.reuse import Passage, Reuse
from tabayyun.analysis.scene import Scene, echo_runs
from tabayyun.analysis.sources import CopyGroups, echoed, name_key, one_source, restated, source_key
from tabayyun.model import AnalyzedDoc, Claim, Document, SourceKind


@pytest.mark.parametrize(("a", "b"), [("وكالة رويترز", "رويترز"), ("أ ف ب", "فرانس برس"), ("صحيفة الأرنوري", "الأرنوري")])
def test_name_key_one_medium_under_its_names(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def _doc(doc_id: str) -> AnalyzedDoc:
    return AnalyzedDoc(Document(doc_id, "x" * 100, outlet=f"outlet {doc_id}"))


REUSE = [Reuse(("a", "b"), (Passage("a", 10, 50, "x"), Passage("b", 20, 60, "x")), 0.5, 8)]


@pytest.mark.parametrize(("claim", "doc", "expected"), [
    # a quoted source is the source, whoever relays it
    (Claim(0, 1, "x", claimant="وزارة الداخلية", claimant_kind=SourceKind.OFFICIAL), "a", "source:وزاره داخليه"),
    # the outlet's own voice in a credited wire passage is the agency's
    (Claim(0, 1, "x", claimant="Outlet", via=("رويترز",)), "a", "source:Reuters"),
    # the outlet's own voice in a passage two articles share is one source for both
    (Claim(12, 14, "x"), "a", "copy:a"),
    (Claim(22, 24, "x"), "b", "copy:a"),
    # elsewhere, the outlet's own voice
    (Claim(70, 72, "x"), "b", "outlet:outlet b"),
])
def test_source_key(claim: Claim, doc: str, expected: str) -> None:
    assert source_key(claim, _doc(doc), CopyGroups(REUSE)) == expected


def test_one_source_by_more_or_fewer_words() -> None:
    keys = ["source:مرصد", "source:مرصد سوري لحقوق انسان", "source:مصدر عسكري", "source:مصدر عسكري ارنوري",
            "source:وزاره داخليه", "outlet:Gondor Times"]
    same = one_source(keys)
    assert same["source:مرصد"] == "source:مرصد سوري لحقوق انسان"
    assert same["source:مصدر عسكري"] == "source:مصدر عسكري ارنوري"
    assert same["source:وزاره داخليه"] == "source:وزاره داخليه"
    assert "outlet:Gondor Times" not in same


def test_one_sentence_printed_twice_is_one_source() -> None:
    """Two papers printing one sentence (each crediting its own "local sources") are one source;
    two sentences telling the same figure in their own words stay two."""
    wire = "قتل أربعة من عناصر المقاومة الشعبية في اشتباكات مع الحوثيين في مدينة تعز يوم الأربعاء"
    own = "أكدت مصادر طبية سقوط أربعة قتلى من المقاومة خلال المعارك الدائرة في المدينة"
    figures = [("alweeam", "anon:alweeam:مصادر في اليمن", Scene(echo=echo_runs(wire))),
               ("alriyadh", "anon:alriyadh:مصادر محليه", Scene(echo=echo_runs("وقال مصدر محلي: " + wire))),
               ("okaz", "anon:okaz:مصادر طبيه", Scene(echo=echo_runs(own)))]
    assert echoed(figures) == {"anon:alweeam:مصادر في اليمن": "anon:alriyadh:مصادر محليه"}
    # one article repeating its own sentence is not a copy between outlets
    assert echoed([figures[0], ("alweeam", "outlet:alweeam", figures[0][2])]) == {}


def test_restated_headline_takes_the_source_of_its_body_figure() -> None:
    # the headline's 27 sums up "at least 27, according to the Observatory"; its 31 restates nobody
    refs = [("a", Claim(0, 2, "27", measure="killed", low=27, high=27), "outlet:A"),
            ("a", Claim(0, 2, "31", measure="killed", low=31, high=31), "outlet:A"),
            ("a", Claim(50, 52, "27", measure="killed", low=27, high=None), "source:المرصد"),
            ("b", Claim(0, 2, "27", measure="killed", low=27, high=27), "outlet:B")]
    assert restated(refs) == {0: "source:المرصد"}
