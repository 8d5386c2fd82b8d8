"""The timeline charts of a story: each timeline is marked by the findings of its own incident
and measure, the same whether it is given those or every finding of the story."""

from __future__ import annotations

from tabayyun.store import open_store
from tabayyun.web import chart, views


def test_chart_timelines_get_the_marks_of_their_own_findings_only(sample_db: str) -> None:
    with open_store(sample_db) as store:
        found = [views.story(store, s["story_id"]) for s in views.stories(store)]
    stories = [s for s in found if s is not None and s["timelines"]]
    assert stories
    marked = 0
    for s in stories:
        charts = chart.timeline_charts(s["timelines"], s["findings"])
        assert [t for t, _ in charts] == s["timelines"]
        for t, laid_out in charts:
            assert laid_out == chart.timeline_chart(t, s["findings"])
            marked += sum(bool(p["marks"]) for p in laid_out["points"])
    assert marked  # some point carries a contradiction or progression mark: the grouping kept them
