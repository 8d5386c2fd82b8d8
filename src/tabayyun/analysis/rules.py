"""The cross-outlet rules in one place: every threshold, with what it means.

The values live in ``findings.json`` (an analyst may override it through ``TABAYYUN_DATA``);
this module documents them and the rules they serve:

* **Incidents** (``incidents.py``): two article events are one real-world incident when they
  happened at one fine site (the same place, or places ``same_site_km`` apart; a province never
  links two towns), within ``incident_days`` of each other, and — across articles — with a
  compatible tactic and articles whose words overlap (TF-IDF cosine ≥ ``incident_similarity``).
  Within one article, different kinds of event at one site join within ``incident_type_days``.
* **Stories** (``stories.py``): two articles report one developing crisis when their central
  incidents are one incident, or when they were published within ``story_days`` of each other,
  name one specific place or actor, and their headlines and leads share words (cosine ≥
  ``story_similarity``).
* **Findings** (``findings.py``): only claims about the same incident, measure and subject are
  compared, totals with totals and one group's count with the same group's. Two figures
  *corroborate* when they overlap (``slack`` for approximate figures) within ``max_ratio`` of
  each other and one of them is a definite count. They *contradict* when no single history of
  the count can hold both: for the same as-of day (or any day for a count that does not grow)
  the intervals do not overlap; they differ by at most ``max_ratio`` (further apart they count
  different things). As-of days at most ``same_moment_days`` apart are one moment (a daily prints
  next morning what was said the day before). Figures from one original source (``sources.py``)
  at one moment that differ are still a contradiction, flagged as not independent. A later,
  larger figure of a growing count from another source is a *progression*; one source changing
  its own figure over days is an *update*; a later, smaller figure of a growing count from another
  source compares two moments and is no finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tabayyun.lexicon import load_json


@dataclass(frozen=True, slots=True)
class Rules:
    incident_days: int  # days between two reports of one incident (late reports, "أمس" read differently)
    incident_type_days: int  # days between two kinds of event at one site of one article that are one incident
    same_site_km: float  # two fine places this close are one site
    contains_km: float  # a province "contains" a place this close to its centroid
    incident_similarity: float  # TF-IDF cosine of two articles below which their events are not linked
    story_days: int  # days between two articles of one developing story linked by their words
    story_similarity: float  # TF-IDF cosine of headline and lead from which two articles may be one story
    slack: float  # approximate figures ("about 300") overlap within this share
    max_ratio: float  # two figures further apart than this count different things, not one disputed count
    max_growth: float  # how much a growing count may grow between two days and still be the same count
    same_moment_days: int  # as-of days this close are one moment (a daily prints next morning what was said)
    cumulative: frozenset[str]  # counts that only grow while an event unfolds
    related: dict[str, str]  # a count that also speaks for another measure (the captives freed were the hostages)


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = load_json("lexicon", "findings.json")
    return Rules(
        incident_days=int(data["incident_days"]), incident_type_days=int(data["incident_type_days"]),
        same_site_km=float(data["same_site_km"]), contains_km=float(data["contains_km"]),
        incident_similarity=float(data["incident_similarity"]), story_days=int(data["story_days"]),
        story_similarity=float(data["story_similarity"]), slack=float(data["slack"]),
        max_ratio=float(data["max_ratio"]), max_growth=float(data["max_growth"]),
        same_moment_days=int(data["same_moment_days"]),
        cumulative=frozenset(data["cumulative_measures"]), related=dict(data["related_measures"]),
    )
