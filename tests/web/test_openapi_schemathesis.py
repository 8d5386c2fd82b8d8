"""The API against its own OpenAPI description: a bounded, deterministic schemathesis run
(valid and invalid parameters for every operation of /openapi.json) against the app in
process, which must never answer with a server error."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tabayyun.store import StoreError
from tabayyun.web import views
from tabayyun.web.app import create_app
from tabayyun.web.openapi import ENDPOINTS

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import FailureGroup  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402

EXAMPLES = 20  # per operation and generation mode (valid, invalid): a few hundred requests in all


class Statuses:
    """An ASGI wrapper that counts the status of every answer (a count of our own, beside
    schemathesis' check)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: Counter[int] = Counter()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def counting(message: Any) -> None:
            if message["type"] == "http.response.start":
                self.seen[message["status"]] += 1
            await send(message)

        await self.app(scope, receive, counting)


@pytest.fixture(scope="module")
def statuses(sample_db: str) -> Statuses:
    return Statuses(create_app(sample_db))


@pytest.fixture(scope="module")
def api_schema(statuses: Statuses) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", statuses)


# every operation with valid parameters, and those with query parameters with invalid ones too
# (a path's string id has no invalid value): a test each, so that a failure names both.
# schemathesis' own pytest loader (from_fixture) does not run under pytest 9.
RUNS = [(path, mode) for path, (_, query, _) in ENDPOINTS.items() for mode in GenerationMode
        if mode is GenerationMode.POSITIVE or query]


@pytest.mark.parametrize(("path", "mode"), RUNS, ids=[f"{p}-{m}" for p, m in RUNS])
def test_openapi_no_server_error(api_schema: Any, path: str, mode: GenerationMode) -> None:
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(checks=[not_a_server_error])

    run()


def test_openapi_run_was_not_empty(statuses: Statuses) -> None:
    """Runs after the schemathesis run (same module, in order): it sent hundreds of requests,
    valid ones answered 200 and invalid ones 400, and none 5xx."""
    seen = statuses.seen
    print(f"schemathesis: {sum(seen.values())} requests, by status {dict(sorted(seen.items()))}")
    if not seen:
        pytest.skip("run this module whole: the schemathesis run did not happen first")
    assert sum(seen.values()) >= 200, seen
    assert seen[200] > 0 and seen[400] > 0, seen
    assert not [s for s in seen if s >= 500], seen


def test_openapi_check_reports_a_server_error(sample_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: an endpoint that answers 503 is reported (one that raises fails the
    run by raising)."""
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise StoreError("broken on purpose")

    monkeypatch.setattr(views, "claims_listing", broken)
    broken_schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(sample_db))
    case = broken_schema["/api/claims"]["GET"].Case(query={})
    with pytest.raises(FailureGroup, match="Server error"):
        case.call_and_validate(checks=[not_a_server_error])
