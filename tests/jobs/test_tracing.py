"""Traces: a span per request named by its operation, and the e-mail job a child of the
request that caused it, through the job's meta (in-memory span exporter)."""

from __future__ import annotations

import os
import subprocess
import sys

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from telemetry import traces
from tests.factories import data

EXPORTER = InMemorySpanExporter()
CREATE = 'mutation { createApiKey(input: {name: "traced"}) { secret } }'


def test_tracing_is_off_without_an_endpoint_and_on_with_one():
    """In a fresh interpreter each: OpenTelemetry keeps one provider a process."""
    check = "from telemetry import traces; print(traces.configure(), traces.enabled())"
    for endpoint, printed in (("", "False False"), ("http://127.0.0.1:1", "True True")):
        env = {**os.environ, "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint}
        done = subprocess.run(
            [sys.executable, "-c", check], env=env, capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == printed


async def test_the_e_mail_job_is_a_child_of_the_request_that_caused_it(
    client, org, admins, jobs, smtp, settings
):
    assert traces.configure({}, exporter=EXPORTER)
    EXPORTER.clear()
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    await data(client, CREATE, org.key)  # no caller context: a trace of its own
    (request,) = [s for s in EXPORTER.get_finished_spans() if s.kind == SpanKind.SERVER]
    assert request.name == "POST createApiKey"
    attributes = dict(request.attributes or {})
    assert attributes["graphql.operation.name"] == "createApiKey"
    assert attributes["http.response.status_code"] == 200
    request_id = request.context.span_id
    children = [
        s for s in EXPORTER.get_finished_spans() if s.parent and s.parent.span_id == request_id
    ]
    systems = {dict(s.attributes or {}).get("db.system") for s in children}
    assert "redis" in systems, "the enqueue of its e-mails, a Redis child span"
    if settings.database_url.startswith("postgres"):
        assert "postgresql" in systems, "its queries, PostgreSQL child spans"
    await jobs.run()
    deliveries = [s for s in EXPORTER.get_finished_spans() if s.name == "job deliver_notification"]
    assert len(deliveries) == len(admins) and len(smtp.messages) == len(admins)
    for span in deliveries:
        assert span.parent is not None and span.parent.span_id == request.context.span_id
        assert span.context.trace_id == request.context.trace_id

    EXPORTER.clear()
    answer = await client.post(
        "/graphql",
        json={"query": "{ viewer { fullAccess } }"},
        headers={"Authorization": f"Bearer {org.key}", "traceparent": traceparent},
    )
    assert answer.status_code == 200
    (viewer,) = EXPORTER.get_finished_spans()
    assert format(viewer.context.trace_id, "032x") == "0af7651916cd43dd8448eb211c80319c"
    assert viewer.parent is not None and format(viewer.parent.span_id, "016x") == "b7ad6b7169203331"
