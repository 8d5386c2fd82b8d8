"""Stage: dates and durations, resolved against the publication day (``dates.resolve``).

The date a fact at a given offset refers to is ``dates.anchor.date_for_offset``.
"""

from __future__ import annotations

from tabayyun.dates.resolve import resolve_date
from tabayyun.model import AnalyzedDoc
from tabayyun.pipeline import Stage


def times(doc: AnalyzedDoc) -> AnalyzedDoc:
    found = resolve_date(doc.text, doc.document.published, doc.document.extraction_end)
    return doc.with_layer("times", found)


STAGE = Stage("times", times, requires=("tokens",), provides=("times",),
              doc="dates (day, month, year precision) resolved against publication, and durations")
