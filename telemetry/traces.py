"""Traces (OpenTelemetry): off unless the standard OTEL_EXPORTER_OTLP_ENDPOINT (or
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; the exporter reads the other OTEL_* variables
(headers, timeout) itself.

A span per HTTP request (web/observe.py), named by its GraphQL operation, with child
spans for PostgreSQL queries and Redis commands; its context
rides in the meta of the RQ jobs the request enqueues (jobs/rq_dispatch.py), so that an
e-mail's delivery (jobs/tasks.py) is a child span of the request that caused it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.trace import Span, SpanKind

ENDPOINTS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
tracer = trace.get_tracer("apikeys")
_provider: TracerProvider | None = None


def configure(
    environ: Mapping[str, str] | None = None, exporter: SpanExporter | None = None
) -> bool:
    """Export spans over OTLP/HTTP when an endpoint is set (or to `exporter`, for tests);
    whether tracing is on. Once per process: OpenTelemetry keeps one provider."""
    global _provider
    environ = os.environ if environ is None else environ
    if _provider is not None:
        return True
    if exporter is None:
        if not any(environ.get(name) for name in ENDPOINTS):
            return False
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        processor: Any = BatchSpanProcessor(OTLPSpanExporter())
    else:
        processor = SimpleSpanProcessor(exporter)
    name = environ.get("OTEL_SERVICE_NAME") or "apikeys"
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)
    _provider = provider
    _instrument_database_and_redis()
    return True


def _instrument_database_and_redis() -> None:
    """Child spans for every PostgreSQL query (asyncpg) and Redis command (redis-py: the
    app's, and RQ's enqueues); SQLite runs without spans of its own."""
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    AsyncPGInstrumentor().instrument()  # type: ignore[no-untyped-call]
    RedisInstrumentor().instrument()


def enabled() -> bool:
    return _provider is not None


def shutdown() -> None:
    """Export what is left (the worker's and the server's exit)."""
    if _provider is not None:
        _provider.shutdown()


@contextmanager
def request_span(method: str, headers: Mapping[str, str]) -> Iterator[Span]:
    """The span of an HTTP request, a child of the caller's `traceparent` if it sent one."""
    parent = propagate.extract(dict(headers))
    with tracer.start_as_current_span(method, context=parent, kind=SpanKind.SERVER) as span:
        yield span


def carrier() -> dict[str, str]:
    """The current span's context, for a job's meta (empty when tracing is off)."""
    if not enabled():
        return {}
    found: dict[str, str] = {}
    propagate.inject(found)
    return found


@contextmanager
def job_span(name: str, meta: Mapping[str, Any] | None) -> Iterator[None]:
    """A job's span, a child of the request whose context its meta carries."""
    if not enabled():
        yield
        return
    parent = propagate.extract({k: v for k, v in (meta or {}).items() if isinstance(v, str)})
    with tracer.start_as_current_span(name, context=parent, kind=SpanKind.CONSUMER):
        yield
