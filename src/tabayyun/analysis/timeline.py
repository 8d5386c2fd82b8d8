"""Timelines and estimates: per incident and measure, the figures in date order and what to keep.

The timeline lists every claim by the day it was stated, with its claimant. The estimates
follow two public conventions over the whole counts (totals and group counts, never a share):
ACLED keeps the most conservative reported figure, and codes a vague toll ("عشرات القتلى") with
a low fixed figure (``acled.json``), never the top of its range; UCDP gives a best estimate with
a low and a high bound. Each original source counts once, with its latest figure, so that one
statement copied by five outlets does not outvote another.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import cast

from tabayyun.analysis.findings import ClaimRef
from tabayyun.claims.roles import definite
from tabayyun.events.triggers import acled
from tabayyun.model import Claim, ClaimRole


@dataclass(frozen=True, slots=True)
class Timeline:
    incident_id: str
    measure: str
    entries: tuple[ClaimRef, ...]


@dataclass(frozen=True, slots=True)
class Estimate:
    incident_id: str
    measure: str
    unit: str
    acled: float | None
    acled_reasoning: str
    best: float | None
    low: float | None
    high: float | None
    ucdp_reasoning: str


def _key(r: ClaimRef) -> tuple[date, str, int]:
    return (r.asof or date.min, r.doc_id, r.claim.start)


def build_timelines(refs: Sequence[ClaimRef]) -> list[Timeline]:
    groups: dict[tuple[str, str], list[ClaimRef]] = defaultdict(list)
    for r in refs:
        groups[(r.incident_id, r.claim.measure)].append(r)
    return [Timeline(s, m, tuple(sorted(g, key=_key))) for (s, m), g in sorted(groups.items()) if len(g) > 1]


def build_estimates(refs: Sequence[ClaimRef]) -> list[Estimate]:
    groups: dict[tuple[str, str, str], list[ClaimRef]] = defaultdict(list)
    for r in refs:
        if r.role in (ClaimRole.TOTAL, ClaimRole.GROUP):
            groups[(r.incident_id, r.claim.measure, r.claim.unit)].append(r)
    return [_estimate(s, m, u, g) for (s, m, u), g in sorted(groups.items())]


def _estimate(incident: str, measure: str, unit: str, refs: list[ClaimRef]) -> Estimate:
    latest: dict[str, ClaimRef] = {}
    for r in sorted(refs, key=_key):
        latest[r.source] = r  # later figures of one source supersede its earlier ones
    lows = [r.claim.low for r in latest.values() if r.claim.low is not None]
    conservative = [f for f in (acled_figure(r.claim) for r in latest.values()) if f is not None]
    highs = [r.claim.high if r.claim.high is not None else r.claim.low for r in latest.values()]
    points = [p for p in ((r.claim.low + r.claim.high) / 2 if r.claim.low is not None and r.claim.high is not None
                          else r.claim.low for r in latest.values()) if p is not None]
    acled = min(conservative) if conservative else None
    floor = next((r for r in latest.values() if acled_figure(r.claim) == acled), None)
    acled_why = (f"ACLED keeps the most conservative figure: {acled:g} {unit} from {floor.claim.claimant or 'the outlet'}"
                 f" ({floor.doc_id}), lowest of {len(latest)} source(s)" if floor is not None and acled is not None
                 else "no bounded figure reported")
    bounded = [h for h in highs if h is not None]
    best = float(median(points)) if points else None
    ucdp_why = (f"UCDP-style: best = median of the latest figure of each of {len(latest)} independent source(s)"
                f"{'' if best is None else f' = {best:g}'}; low = lowest, high = highest credible figure"
                + ("; a figure stated as 'at least' leaves the high bound at that figure" if len(bounded) < len(highs)
                   else ""))
    return Estimate(incident, measure, unit, acled, acled_why, best, min(lows) if lows else None,
                    max(bounded) if bounded else None, ucdp_why)


def acled_figure(c: Claim) -> float | None:
    """The figure ACLED would code for one claim: its low bound, and for a vague range word
    (عشرات) the codebook's low fixed figure."""
    if c.low is None:
        return None
    if c.high is not None and not definite(c):
        table = cast(dict[str, float], acled()["vague_fatalities"])
        fixed = table.get(str(int(c.low)))
        if fixed is not None:
            return float(fixed)
    return c.low


def timeline_record(t: Timeline) -> dict[str, object]:
    return {"type": "timeline", "incident_id": t.incident_id, "measure": t.measure,
            "entries": [{"as_of": r.asof.isoformat() if r.asof else None,
                         "date": r.claim.date.isoformat() if r.claim.date else None, "doc_id": r.doc_id,
                         "low": r.claim.low, "role": str(r.claim.role),
                         "high": r.claim.high, "unit": r.claim.unit, "claimant": r.claim.claimant,
                         "claimant_kind": str(r.claim.claimant_kind), "via": list(r.claim.via), "source": r.source,
                         "start": r.claim.start, "end": r.claim.end, "text": r.claim.text} for r in t.entries]}


def estimate_record(e: Estimate) -> dict[str, object]:
    return {"type": "estimate", "incident_id": e.incident_id, "measure": e.measure, "unit": e.unit,
            "acled": {"figure": e.acled, "reasoning": e.acled_reasoning},
            "ucdp": {"best": e.best, "low": e.low, "high": e.high, "reasoning": e.ucdp_reasoning}}
