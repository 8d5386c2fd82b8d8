"""Latency of the queries the web app will issue, on a given store: p50/p95 over 100 runs.

    python scripts/bench_queries.py --db crisis.db [--runs 100]      (or --db postgresql://…)

Wall milliseconds per query (the analyst waits for those) and this process's CPU milliseconds
(with SQLite all the work is in this process; with PostgreSQL most is in the server). Each
query is run once before timing. A benchmark: it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import date

from tabayyun.store import ClaimFilter, EventFilter, MentionFilter, Page, Store, open_store


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def queries(store: Store) -> dict[str, Callable[[], object]]:
    killed = Counter(f.outlet for f in store.claims(ClaimFilter(measure="killed")))
    outlet = killed.most_common(1)[0][0] if killed else next(iter(store.outlets()), None)
    event_types = Counter(f.span.event_type for f in store.events())
    event_type = event_types.most_common(1)[0][0] if event_types else ""
    entities = Counter(f.span.entity_id for f in store.mentions() if f.span.entity_id)
    entity = entities.most_common(1)[0][0] if entities else ""
    dates = sorted(f.span.date for f in store.claims() if f.span.date)
    start, end = (dates[len(dates) // 4], dates[len(dates) // 2]) if dates else (date.min, date.max)
    doc_id = next(store.documents()).doc_id
    print(f"store {store.location}: {store.counts().documents} documents; outlet {outlet!r} "
          f"({killed.get(outlet, 0)} killed claims), event type {event_type!r}, entity {entity!r}, "
          f"claim dates {start}..{end}")
    layers = ("sentences", "quantities", "times", "mentions", "attributions", "claims", "events")
    return {
        "killed claims of outlet X (all)": lambda: list(store.claims(ClaimFilter(outlet=outlet, measure="killed"))),
        "claims table, page 1 (-date, 50) + count": lambda: (
            list(store.claims(page=Page(sort="-date", limit=50))), store.count(ClaimFilter())),
        "claims table, page 20 (-date, 50)": lambda: list(store.claims(page=Page(sort="-date", limit=50, offset=950))),
        "claims by measure + date range (50)": lambda: list(store.claims(
            ClaimFilter(measure="killed", date_from=start, date_to=end), Page(sort="date", limit=50))),
        "claims hedged, by claimant kind (50)": lambda: list(store.claims(
            ClaimFilter(hedged=True), Page(limit=50))),
        "events by type + date range (50)": lambda: list(store.events(
            EventFilter(event_type=event_type, date_from=start, date_to=end), Page(sort="date", limit=50))),
        "events timeline, page 1 (-date, 50)": lambda: list(store.events(page=Page(sort="-date", limit=50))),
        "mentions of entity (50) + count": lambda: (
            list(store.mentions(MentionFilter(entity_id=entity), Page(limit=50))),
            store.count(MentionFilter(entity_id=entity))),
        "findings (50)": lambda: store.corpus_records("finding", limit=50),
        "document view (all stored layers)": lambda: list(store.analyzed(layers, doc_ids=[doc_id])),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=100)
    args = ap.parse_args()
    with open_store(args.db) as store:
        print(f"{'query':44} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8} {'rows':>6}")
        for name, query in queries(store).items():
            result = query()
            rows = len(result[0]) if isinstance(result, tuple) else len(result)  # type: ignore[arg-type]
            wall, cpu = [], []
            for _ in range(args.runs):
                w0, c0 = time.perf_counter(), time.process_time()
                query()
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
            print(f"{name:44} {statistics.median(wall):8.2f} {percentile(wall, 0.95):8.2f} "
                  f"{statistics.median(cpu):8.2f} {percentile(cpu, 0.95):8.2f} {rows:6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
