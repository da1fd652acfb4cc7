"""Every HTTP request: its id (X-Request-ID, taken or made, and returned), the record the
doors fill in (telemetry/logs.py), and, when asked, one JSON line when it is answered.

The line names the request, never a header, a query string nor a body (those may carry a
token or a password): time, request_id, method, path, operation, status, duration_ms,
key (the first 8 characters of the API key's id), client.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from auth.addresses import client_address
from settings import IPNetwork
from telemetry import logs, metrics, traces
from telemetry.batch import Batch
from web.requests import CLIENT

access_log = logging.getLogger("apikeys.access")


# What an answered request leaves to report: its metrics and, when asked, its access line.
# The request only adds it to a batch, reported WRITE_EVERY seconds later with the others
# (telemetry/batch.py): made in one loop, the metrics and lines of a batch cost less than
# half as much as one by one between requests, and their lines are one write to stdout.
WRITE_EVERY = 0.1
# (record, method, path, seconds taken, time answered, whether a line is wanted)
_Answered = tuple[logs.RequestRecord, str, str, float, float, bool]


def log_requests_to_stdout(log_format: str) -> None:
    logs.line_logger(access_log.name, log_format)


def flush() -> None:
    """What answered requests left to report, now: before a scrape, at the app's stop."""
    _answered.flush()
    for handler in access_log.handlers:
        handler.flush()


class Observe:
    """ASGI middleware, outermost: it sees every answer, CORS preflights included."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        trusted_proxies: tuple[IPNetwork, ...] = (),
        log_requests: bool = False,
    ) -> None:
        self.app, self.trusted_proxies, self.log_requests = app, trusted_proxies, log_requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        record = self._record(scope)
        returned = (b"x-request-id", record.request_id.encode("latin-1"))
        token = logs.current.set(record)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                message["headers"] = [*message.get("headers", ()), returned]
            await send(message)

        try:
            if traces.enabled():
                await self._traced(scope, receive, sending, record)
            else:
                await self.app(scope, receive, sending)
        finally:
            logs.current.reset(token)
            took = time.perf_counter() - started
            line = self.log_requests and access_log.isEnabledFor(logging.INFO)
            at = time.time() if line else 0.0  # the line's time; no line, no clock read
            answered = (record, scope["method"], scope["path"], took, at, line)
            if line and logs.plain_lines(access_log) is None:
                _report([answered])  # records for another handler (a test's), as they come
            else:
                _answered.add(answered)

    def _record(self, scope: Scope) -> logs.RequestRecord:
        """The request's record, its id and client read once from the headers; the client's
        address is left in the scope for the doors (web/requests.py's client_of)."""
        given, forwarded = None, []
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                given = value
            elif name == b"x-forwarded-for":
                forwarded.append(value)
        peer = scope.get("client")
        # Several X-Forwarded-For lines are one list, in order (RFC 9110, 5.3).
        hops = b",".join(forwarded).decode("latin-1") if forwarded else None
        address = client_address(peer[0] if peer else None, hops, self.trusted_proxies)
        scope[CLIENT] = (self.trusted_proxies, address)
        request_id = logs.request_id_of(given.decode("latin-1") if given is not None else None)
        return logs.RequestRecord(request_id, client=str(address) if address else None)

    async def _traced(
        self, scope: Scope, receive: Receive, send: Send, record: logs.RequestRecord
    ) -> None:
        text = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        with traces.request_span(scope["method"], text) as span:
            try:
                await self.app(scope, receive, send)
            finally:
                operation = record.operation or _door(scope["path"])
                span.update_name(f"{scope['method']} {operation}")
                span.set_attribute("http.request.method", scope["method"])
                span.set_attribute("http.response.status_code", record.status)
                span.set_attribute("url.path", scope["path"])
                span.set_attribute("graphql.operation.name", operation)
                span.set_attribute("apikeys.request_id", record.request_id)


def _report(answered: list[_Answered]) -> None:
    lines = []
    for record, method, path, took, at, line in answered:
        if not record.operation:
            record.operation = _door(path)
        outcome = record.outcome or ("ok" if record.status < 400 else "error")
        metrics.request(record.operation, outcome, record.status, took)
        if line:
            lines.append(
                {
                    "time": logs.iso(at),
                    "request_id": record.request_id,
                    "method": method,
                    "path": path,
                    "operation": record.operation,
                    "status": record.status,
                    "duration_ms": round(took * 1000, 2),
                    "key": record.key,
                    "client": record.client,
                }
            )
    if lines:
        logs.write_lines(access_log, lines)


_answered: Batch[_Answered] = Batch(_report, WRITE_EVERY)


_DOORS = (
    ("/graphql", "graphql"),  # GraphiQL, the SDL; POST /graphql names its operation
    ("/api/v1", "rest"),
    ("/console", "console"),
    ("/healthz", "health"),
    ("/readyz", "health"),
    ("/metrics", "metrics"),
)


def _door(path: str) -> str:
    """The operation of a request that names none: which door, from a fixed list."""
    for prefix, name in _DOORS:
        if path.startswith(prefix):
            return name
    return "other"
