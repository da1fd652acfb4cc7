"""Every HTTP request: its id (X-Request-ID, taken or made, and returned), the record the
doors fill in (telemetry/logs.py), and, when asked, one JSON line when it is answered.

The line names the request, never a header, a query string nor a body (those may carry a
token or a password): time, request_id, method, path, operation, status, duration_ms,
key (the first 8 characters of the API key's id), client.
"""

from __future__ import annotations

import logging
import time

import orjson
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from auth.addresses import client_address
from settings import IPNetwork
from telemetry import logs, metrics, traces

access_log = logging.getLogger("apikeys.access")


def log_requests_to_stdout(log_format: str) -> None:
    logs.line_logger(access_log.name, log_format)


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
        headers = dict(scope["headers"])
        record = logs.RequestRecord(logs.request_id_of(_text(headers.get(b"x-request-id"))))
        peer = scope.get("client")
        forwarded = _text(headers.get(b"x-forwarded-for"))
        address = client_address(peer[0] if peer else None, forwarded, self.trusted_proxies)
        record.client = str(address) if address else None
        token = logs.current.set(record)
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = record.request_id
            await send(message)

        try:
            if traces.enabled():
                await self._traced(scope, receive, sending, record, headers)
            else:
                await self.app(scope, receive, sending)
        finally:
            logs.current.reset(token)
            took = time.perf_counter() - started
            if not record.operation:
                record.operation = _door(scope["path"])
            outcome = record.outcome or ("ok" if status < 400 else "error")
            metrics.request(record.operation, outcome, status, took)
            if self.log_requests:
                self._line(scope, record, status, took)

    async def _traced(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        record: logs.RequestRecord,
        headers: dict[bytes, bytes],
    ) -> None:
        text = {k.decode("latin-1"): v.decode("latin-1") for k, v in headers.items()}
        with traces.request_span(scope["method"], text) as span:
            status = 500

            async def sending(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await self.app(scope, receive, sending)
            finally:
                operation = record.operation or _door(scope["path"])
                span.update_name(f"{scope['method']} {operation}")
                span.set_attribute("http.request.method", scope["method"])
                span.set_attribute("http.response.status_code", status)
                span.set_attribute("url.path", scope["path"])
                span.set_attribute("graphql.operation.name", operation)
                span.set_attribute("apikeys.request_id", record.request_id)

    def _line(self, scope: Scope, record: logs.RequestRecord, status: int, took: float) -> None:
        fields = {
            "time": logs.now_iso(),
            "request_id": record.request_id,
            "method": scope["method"],
            "path": scope["path"],
            "operation": record.operation,
            "status": status,
            "duration_ms": round(took * 1000, 2),
            "key": record.key,
            "client": record.client,
        }
        # The message is the line too, for handlers that read messages only.
        access_log.info(orjson.dumps(fields).decode(), extra={"fields": fields})


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
    return next((name for prefix, name in _DOORS if path.startswith(prefix)), "other")


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value is not None else None
