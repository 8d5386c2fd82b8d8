"""Text reuse: shared passages of 8+ normalised words, with original offsets on both sides."""

from __future__ import annotations

import pytest

from tabayyun.analysis.reuse import find_reuse
from tabayyun.model import AnalyzedDoc, Document

WIRE = "وقال المتحدث باسم وزارة الداخلية في أرنور إن قوات الأمن أحبطت محاولة تسلل على الحدود مع غوندور"


def _docs(*texts: str) -> list[AnalyzedDoc]:
    return [AnalyzedDoc(Document(f"d{i}", t)) for i, t in enumerate(texts)]


@pytest.mark.parametrize(("a", "b"), [
    (f"مقدمة أولى. {WIRE}. خاتمة.", f"خبر آخر تماما. {WIRE}. نهاية"),
    (f"مقدمة. {WIRE}.", "خبر. " + WIRE.replace("الداخلية", "الدَّاخِلِيَّة").replace("إن", "ان") + "."),
])
def test_find_reuse_pairs_with_original_offsets(a: str, b: str) -> None:
    docs = _docs(a, b)
    found = find_reuse(docs)
    assert [r.doc_ids for r in found] == [("d0", "d1")]
    texts = {d.document.doc_id: d.text for d in docs}
    for p in found[0].passages:
        assert texts[p.doc_id][p.start:p.end] == p.text


@pytest.mark.parametrize("b", ["وقال المتحدث باسم وزارة الداخلية أمس", "خبر لا علاقة له بالأول أبدا"])
def test_find_reuse_ignores_short_overlaps(b: str) -> None:
    assert find_reuse(_docs(WIRE, b)) == []


def test_find_reuse_ignores_boilerplate_tail() -> None:
    a = AnalyzedDoc(Document("d0", f"خبر أول. {WIRE}", body_end=8))
    b = AnalyzedDoc(Document("d1", f"خبر ثان. {WIRE}", body_end=8))
    assert find_reuse([a, b]) == []
