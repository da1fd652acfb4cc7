"""GET /metrics: Prometheus' text format, for a scraper holding METRICS_TOKEN.

Off (404) unless METRICS_TOKEN is set; a wrong or missing bearer gets 401. With
`serve --workers N` every worker's counters are read from PROMETHEUS_MULTIPROC_DIR and
summed, whichever worker answers the scrape. The gauges of the deployment's state (the
outbox, RQ's registries) are read at scrape time by `state` (server.py wires them).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Awaitable, Callable, Iterable

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
State = Callable[[], Awaitable[list[Metric]]]


class _Fixed(Collector):
    def __init__(self, metrics: list[Metric]) -> None:
        self.metrics = metrics

    def collect(self) -> Iterable[Metric]:
        return self.metrics


class MetricsEndpoint:
    def __init__(self, token: str | None, state: State | None = None) -> None:
        self.token, self.state = token, state

    async def handle(self, request: Request) -> Response:
        if not self.token:
            return PlainTextResponse("Not Found", 404)
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), self.token.encode()
        ):
            return PlainTextResponse("Unauthorized", 401, {"WWW-Authenticate": "Bearer"})
        registry = CollectorRegistry()
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        else:
            registry = REGISTRY
        body = generate_latest(registry)
        if self.state is not None:
            state = CollectorRegistry()
            state.register(_Fixed(await self.state()))
            body += generate_latest(state)
        return Response(body, 200, media_type=CONTENT_TYPE)
