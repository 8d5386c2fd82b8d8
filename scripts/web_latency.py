"""How long the web app takes to answer its heaviest pages over a real store.

Loads, in this process (Starlette's TestClient: the whole app, templates included, no
network), the story page of the largest story, the claims table with no filter, the stories
list, the outlet page of the outlet with the most documents, the entity page of the entity with
the most mentions, and the claims, events, findings and documents API queries (first page each;
the documents with and without the outlet filter), N times each after one warm-up load, and
prints p50 and p95 of the wall time and of this process's CPU time per load. A measurement, not
a test: it asserts only that every load answers 200.

    python scripts/web_latency.py --db crisis.db [--loads 20] [--outlet NAME] [--entity ID]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from urllib.parse import quote, unquote

from tabayyun.store import MentionFilter, open_store
from tabayyun.web.app import create_app

# starlette's TestClient asks for httpx2 (not released for every Python): the httpx it has is fine
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from starlette.testclient import TestClient  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p in 0-100) of at least one value."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def timed(client: TestClient, path: str, loads: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds of each of ``loads`` loads (after a warm-up), and the body size."""
    first = client.get(path)
    if first.status_code != 200:
        raise SystemExit(f"{path}: HTTP {first.status_code}: {first.text[:200]}")
    walls, cpus = [], []
    for _ in range(loads):
        w0, c0 = time.perf_counter(), time.process_time()
        r = client.get(path)
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)
        if r.status_code != 200:
            raise SystemExit(f"{path}: HTTP {r.status_code}")
    return walls, cpus, len(first.content)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="a SQLite file or a PostgreSQL URL")
    ap.add_argument("--loads", type=int, default=20, help="timed loads per page (default 20)")
    ap.add_argument("--outlet", help="the outlet whose pages are timed (default: the one with the most documents)")
    ap.add_argument("--entity", help="the entity whose page is timed (default: the one with the most mentions)")
    args = ap.parse_args()
    outlet, entity = args.outlet, args.entity
    if outlet is None or entity is None:
        with open_store(args.db) as store:
            outlet = outlet or next((o for o in store.outlets() if o), None)
            entity = entity or next((k[0] for k, _ in store.tally(MentionFilter(), ("entity_id",), limit=2) if k[0]),
                                    None)
    if outlet is None or entity is None:
        raise SystemExit(f"{args.db} has no outlet or no entity: analyse articles into it first")
    client = TestClient(create_app(args.db))
    stories = client.get("/api/stories", params={"limit": 1}).json()
    if not stories["items"]:
        raise SystemExit(f"{args.db} has no stories: analyse articles into it first")
    largest = stories["items"][0]
    counts = client.get("/api/claims", params={"limit": 1}).json()["total"]
    print(f"{args.db}: {stories['total']} stories, {counts} claims; largest story {largest['story_id']} "
          f"({len(largest.get('doc_ids', []))} documents, {len(largest.get('incident_ids', []))} incidents); "
          f"outlet {outlet}, entity {entity}")
    targets = [
        ("story page, largest story", f"/stories/{quote(largest['story_id'], safe='')}"),
        ("claims table, no filter", "/claims"),
        ("stories list", "/stories"),
        ("API claims", "/api/claims"),
        ("API events", "/api/events"),
        ("API findings", "/api/findings"),
        ("outlet page, largest outlet", f"/outlets/{quote(outlet, safe='')}"),
        ("entity page, most mentioned", f"/entities/{quote(entity, safe='')}"),
        ("API documents", "/api/documents"),
        ("API documents, one outlet", f"/api/documents?outlet={quote(outlet, safe='')}"),
    ]
    print(f"{'page':<28} {'path':<30} {'bytes':>9}  {'wall p50':>9} {'wall p95':>9}  {'CPU p50':>8} {'CPU p95':>8}"
          f"   ({args.loads} loads each, seconds)")
    for name, path in targets:
        walls, cpus, size = timed(client, path, args.loads)
        print(f"{name:<28} {unquote(path):<30} {size:>9,}  {percentile(walls, 50):>9.3f} {percentile(walls, 95):>9.3f}  "
              f"{percentile(cpus, 50):>8.3f} {percentile(cpus, 95):>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
