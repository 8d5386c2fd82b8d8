"""Timeline charts laid out as plain numbers for an inline SVG: each claimed value or interval
of one incident's measure, by the day it was stated, coloured by claimant, with the claims of a
contradiction or a progression marked. No data string goes into an attribute but through the
template's escaping; colours come from a fixed palette, never from the data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
MARKED = ("contradiction", "progression", "update")


def _day(entry: dict[str, Any]) -> date | None:
    value = entry.get("as_of") or entry.get("date")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def timeline_charts(timelines: Iterable[dict[str, Any]], findings: Iterable[dict[str, Any]]
                    ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each timeline with its chart, given the findings of its incident and measure only (a
    story of hundreds of incidents would otherwise compare every timeline with every finding)."""
    series: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for f in findings:
        series.setdefault((f.get("incident_id"), f.get("measure")), []).append(f)
    return [(t, timeline_chart(t, series.get((t.get("incident_id"), t.get("measure")), []))) for t in timelines]


def timeline_chart(timeline: dict[str, Any], findings: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """The layout of one timeline record: points (x, y_low, y_high, colour, claimant, marks),
    axis ticks and the legend."""
    marks: dict[tuple[str, int, int], list[str]] = {}
    for f in findings:
        if f.get("incident_id") == timeline.get("incident_id") and f.get("measure") == timeline.get("measure") \
                and f.get("kind") in MARKED:
            for c in f.get("claims", []):
                marks.setdefault((c["doc_id"], c["start"], c["end"]), []).append(f["kind"])
    entries = [e for e in timeline.get("entries", []) if _day(e) is not None and
               (e.get("low") is not None or e.get("high") is not None)]
    claimants: dict[str, str] = {}
    for e in entries:
        claimants.setdefault(e.get("claimant") or "?", PALETTE[len(claimants) % len(PALETTE)])
    if not entries:
        return {"points": [], "legend": [], "x_ticks": [], "y_ticks": [], "width": WIDTH, "height": HEIGHT}
    days = [d for d in (_day(e) for e in entries) if d is not None]
    first, last = min(days), max(days)
    span_days = max((last - first).days, 1)
    top_value = max(float(e.get("high") if e.get("high") is not None else e["low"]) for e in entries) or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(d: date) -> float:
        if first == last:
            return LEFT + inner_w / 2
        return LEFT + inner_w * (d - first).days / span_days

    def y_of(v: float) -> float:
        return TOP + inner_h * (1 - v / (top_value * 1.1))

    points = []
    seen: dict[tuple[float, float], int] = {}
    for e in entries:
        day = _day(e)
        assert day is not None
        low = float(e["low"] if e.get("low") is not None else e["high"])
        high = float(e["high"] if e.get("high") is not None else e["low"])
        x = x_of(day)
        # points of one day and value side by side, not on top of each other
        nudge = seen.get((x, high), 0)
        seen[(x, high)] = nudge + 1
        points.append({"x": round(x + 7 * nudge, 1), "y_low": round(y_of(low), 1), "y_high": round(y_of(high), 1),
                       "colour": claimants[e.get("claimant") or "?"], "entry": e, "day": day.isoformat(),
                       "marks": marks.get((e["doc_id"], e["start"], e["end"]), [])})
    y_ticks = [{"y": round(y_of(v), 1), "label": f"{v:g}"} for v in _nice_ticks(top_value)]
    x_ticks = [{"x": round(x_of(d), 1), "label": d.isoformat()} for d in sorted(set(days))]
    return {"points": points, "legend": list(claimants.items()), "x_ticks": x_ticks, "y_ticks": y_ticks,
            "width": WIDTH, "height": HEIGHT, "left": LEFT, "bottom": HEIGHT - BOTTOM, "right": WIDTH - RIGHT}


def _nice_ticks(top: float, n: int = 4) -> list[float]:
    step = top / n
    magnitude = 10 ** (len(str(int(step))) - 1) if step >= 1 else 1
    step = max(magnitude, round(step / magnitude) * magnitude)
    return [i * step for i in range(int(top // step) + 1)]
