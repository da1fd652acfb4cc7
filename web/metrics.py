"""GET /metrics: Prometheus' text format, for a scraper holding METRICS_TOKEN, or on a
port of its own (METRICS_PORT, which serves nothing else and asks for no token).

Off (404) unless one of the two is set; on the main port a wrong or missing bearer
gets 401. With
`serve --workers N` every worker's counters are read from PROMETHEUS_MULTIPROC_DIR and
summed, whichever worker answers the scrape. The gauges of the deployment's state (the
outbox, RQ's registries) are read at scrape time by `state` (server.py wires them).
A process's counts (telemetry/metrics.py counts the busiest in memory) and database pool
are written at scrape time too, and, as the other workers answer no scrape, every second by
each of them under `serve --workers N` (`publish_every`).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable, Iterable

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from models.tortoise_adapter import pool_usage
from telemetry import metrics, multiproc
from web import observe

log = logging.getLogger("apikeys.metrics")

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
State = Callable[[], Awaitable[list[Metric]]]


def sample_db_pool() -> None:
    usage = pool_usage()
    metrics.db_pool(usage.in_use, usage.idle, usage.max)


async def publish_every(seconds: float) -> None:
    """This worker's counts and pool, for the scrapes the other workers answer: until
    cancelled; a pass that fails (the database closing) is logged, and the next one tries
    again."""
    while True:
        metrics.publish()
        try:
            sample_db_pool()
        except Exception as error:  # noqa: BLE001 - a background loop never dies of one
            log.warning("database pool not sampled (%s)", type(error).__name__)
        await asyncio.sleep(seconds)


class _Fixed(Collector):
    def __init__(self, metrics: list[Metric]) -> None:
        self.metrics = metrics

    def collect(self) -> Iterable[Metric]:
        return self.metrics


def _port(scope: Scope) -> int | None:
    server = scope.get("server")
    return int(server[1]) if server and server[1] is not None else None


class MetricsPortOnly:
    """ASGI middleware: on METRICS_PORT, GET /metrics and nothing else (404)."""

    def __init__(self, app: ASGIApp, port: int) -> None:
        self.app, self.port = app, port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _port(scope) == self.port and scope["path"] != "/metrics":
            await PlainTextResponse("Not Found", 404)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class MetricsEndpoint:
    def __init__(
        self, token: str | None, state: State | None = None, port: int | None = None
    ) -> None:
        self.token, self.state, self.port = token, state, port

    async def handle(self, request: Request) -> Response:
        on_metrics_port = self.port is not None and _port(request.scope) == self.port
        if not on_metrics_port:
            refused = self._refusal(request)
            if refused is not None:
                return refused
        return await self._metrics()

    def _refusal(self, request: Request) -> Response | None:
        if not self.token:
            return PlainTextResponse("Not Found", 404)
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), self.token.encode()
        ):
            return PlainTextResponse("Unauthorized", 401, {"WWW-Authenticate": "Bearer"})
        return None

    async def _metrics(self) -> Response:
        observe.flush()  # the requests answered since the last batch, counted
        metrics.publish()
        sample_db_pool()
        registry = CollectorRegistry()
        if multiproc.enabled():
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        else:
            registry = REGISTRY
        body = generate_latest(registry)
        if self.state is not None:
            state = CollectorRegistry()
            state.register(_Fixed(await self.state()))
            body += generate_latest(state)
        return Response(body, 200, media_type=CONTENT_TYPE)
