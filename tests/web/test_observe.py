"""Every request has an id (X-Request-ID, taken or made), returned in the answer and in
any answer with errors (`extensions.requestId`); with LOG_FORMAT=json (or ACCESS_LOG) one JSON line names it."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging

import httpx

from server import create_app
from telemetry import logs
from web import observe
from web.observe import access_log

VIEWER = {"query": "{ viewer { fullAccess } }"}


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


async def _posts(settings, *requests: dict) -> tuple[list[httpx.Response], list[dict]]:
    app = create_app(
        dataclasses.replace(settings, log_format="json", access_log=False), manage_database=False
    )
    lines = _Lines()
    lines.setFormatter(logs.JsonFormatter())
    access_log.addHandler(lines)
    try:
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answers = [await client.post("/graphql", **request) for request in requests]
    finally:
        access_log.removeHandler(lines)
    return answers, lines.lines


async def test_a_request_id_is_taken_or_made_and_returned(client):
    given = await client.post("/graphql", json=VIEWER, headers={"X-Request-ID": "trace-1"})
    assert given.headers["X-Request-ID"] == "trace-1"
    made = [(await client.get("/healthz")).headers["X-Request-ID"] for _ in range(2)]
    assert made[0] != made[1] and all(len(m) == 32 for m in made)
    forged = await client.get("/healthz", headers={"X-Request-ID": "a\tb"})
    assert forged.headers["X-Request-ID"] != "a\tb"


async def test_every_error_names_its_request(client, org):
    refused = await client.post("/graphql", json=VIEWER, headers={"X-Request-ID": "r-401"})
    assert refused.status_code == 401
    assert refused.json()["extensions"] == {"requestId": "r-401"}
    wrong = {"query": "{ nope }"}
    executed = await client.post(
        "/graphql",
        json=wrong,
        headers={"X-Request-ID": "r-200", "Authorization": f"Bearer {org.key}"},
    )
    assert executed.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert executed.json()["extensions"] == {"requestId": "r-200"}
    fine = await client.post(
        "/graphql", json=VIEWER, headers={"Authorization": f"Bearer {org.key}"}
    )
    assert "extensions" not in fine.json(), "an answer without errors is left as it was"


async def test_one_json_line_per_request_with_its_operation_key_and_client(settings, org):
    auth = {"Authorization": f"Bearer {org.key}", "X-Request-ID": "line-1"}
    answers, lines = await _posts(
        settings,
        {"json": VIEWER, "headers": auth},
        {"json": {"query": "{ made_up_field }"}, "headers": auth},
        {"json": VIEWER},
    )
    assert [a.status_code for a in answers] == [200, 200, 401]
    first, invented, anonymous = lines
    assert first["request_id"] == "line-1" and first["operation"] == "viewer"
    assert first["status"] == 200 and first["client"] == "203.0.113.9"
    assert first["key"] == org.key_id[:8] and first["path"] == "/graphql"
    assert invented["operation"] == "other", "a caller cannot make up operation names"
    assert anonymous["status"] == 401 and anonymous["key"] is None
    assert all(org.key not in json.dumps(line) for line in lines)


async def test_the_services_own_lines_and_counts_come_in_batches(settings, org, capsys):
    """With the service's own line handler alone (no test's), a request's line and metrics
    are reported with the others of its batch, WRITE_EVERY later: the line is on stdout
    then, and a scrape counts every request answered before it."""
    app = create_app(
        dataclasses.replace(settings, access_log=True, metrics_token="t" * 16),
        manage_database=False,
    )
    # The service's handler alone: pytest adds its own to every logger that does not propagate.
    access_log.handlers[:] = access_log.handlers[-1:]
    assert logs.plain_lines(access_log) is not None
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 4000))
    auth = {"Authorization": f"Bearer {org.key}"}
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            scraped = await client.get("/metrics", headers={"Authorization": "Bearer " + "t" * 16})
            before = _viewer_count(scraped.text)
            for number in range(3):
                await client.post(
                    "/graphql", json=VIEWER, headers={**auth, "X-Request-ID": f"b{number}"}
                )
            written_at_once = capsys.readouterr().out
            await asyncio.sleep(observe.WRITE_EVERY * 3)
            written = capsys.readouterr().out
            await client.post("/graphql", json=VIEWER, headers={**auth, "X-Request-ID": "b3"})
            scraped = await client.get("/metrics", headers={"Authorization": "Bearer " + "t" * 16})
    finally:
        observe.flush()
        access_log.handlers.clear()
    assert written_at_once == ""
    lines = [json.loads(line) for line in written.splitlines()]
    assert [line["path"] for line in lines] == ["/metrics", "/graphql", "/graphql", "/graphql"]
    assert [line["request_id"] for line in lines[1:]] == ["b0", "b1", "b2"]
    assert _viewer_count(scraped.text) == before + 4  # b3's too, not yet in a written batch


def _viewer_count(text: str) -> float:
    prefix = 'apikeys_http_requests_total{operation="viewer",outcome="ok",status="200"} '
    found = [line for line in text.splitlines() if line.startswith(prefix)]
    return float(found[0].removeprefix(prefix)) if found else 0.0
