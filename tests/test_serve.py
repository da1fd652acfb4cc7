"""`server.py serve` as a deployment runs it: keep-alive answers without Nagle's delay on
several workers, and the access log off unless asked for, JSON when on."""

from __future__ import annotations

import http.client
import json
import statistics
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import processes, services

TYPENAME = b'{"query": "{ __typename }"}'  # runs without a token
HEADERS = {"Content-Type": "application/json"}


@pytest.fixture
async def environment(tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    services.require_service("Redis", "127.0.0.1", 6379)
    async with processes.environment("sqlite", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL  # serve --workers 2 needs it
        yield env


def _without_uvloop_and_httptools(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The environment of a machine where uvicorn's standard extras did not install: their
    imports fail (in the worker processes too), so uvicorn falls back to asyncio and h11."""
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    for module in ("uvloop", "httptools"):
        (blocked / f"{module}.py").write_text(f"raise ImportError('{module} left out')\n")
    return {**env, "PYTHONPATH": str(blocked)}


def _keep_alive_round_trips(base: str, count: int, warm_up: int = 5) -> list[float]:
    """Seconds per POST /graphql, one after another on one connection."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    times = []
    try:
        for n in range(warm_up + count):
            started = time.perf_counter()
            connection.request("POST", "/graphql", TYPENAME, HEADERS)
            answer = connection.getresponse()
            assert answer.status == 200 and answer.read()
            if n >= warm_up:
                times.append(time.perf_counter() - started)
    finally:
        connection.close()
    return times


@pytest.mark.e2e
@pytest.mark.parametrize("extras", ["installed", "left out"])
def test_workers_answer_keep_alive_requests_without_delay(environment, tmp_path, extras):
    """Without TCP_NODELAY on the shared socket, each answer waited ~40 ms for the client's
    delayed ACK on asyncio (uvloop sets the option itself): the one timing bound of the
    suite, with ample margin."""
    if extras == "left out":
        environment = _without_uvloop_and_httptools(environment, tmp_path)
    with processes.serving(environment, tmp_path / "serve.log", "--workers", "2") as base:
        times = _keep_alive_round_trips(base, 20)
    assert statistics.median(times) < 0.010, [round(t * 1000, 1) for t in times]


@pytest.mark.e2e
def test_the_access_log_is_off_by_default(environment, tmp_path):
    log = tmp_path / "serve.log"
    with processes.serving(environment, log) as base:
        _keep_alive_round_trips(base, 3)
    assert not _access_lines(log), log.read_text()[-2000:]


@pytest.mark.e2e
def test_the_access_log_writes_one_json_line_per_request(environment, tmp_path):
    log, token = tmp_path / "serve.log", "lk_live_" + "x" * 49
    with processes.serving(environment, log, "--access-log", "--workers", "2") as base:
        parts = urlsplit(base)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        connection.request(
            "POST", "/graphql?secret=1", TYPENAME, {**HEADERS, "Authorization": f"Bearer {token}"}
        )
        assert connection.getresponse().read()
        connection.close()
        deadline = time.monotonic() + 5
        while not [e for e in _access_lines(log) if e["method"] == "POST"]:
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.05)
    (posted,) = [e for e in _access_lines(log) if e["method"] == "POST"]
    assert posted["path"] == "/graphql" and posted["status"] == 200
    assert posted["client"] == "127.0.0.1" and float(str(posted["duration_ms"])) >= 0
    assert set(posted) == {
        *("time", "request_id", "method", "path", "operation", "status", "duration_ms"),
        *("key", "client"),
    }
    text = log.read_text()
    assert token not in text and "secret" not in text and "__typename" not in text


def _access_lines(log: Path) -> list[dict[str, object]]:
    lines = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if {"method", "path", "status"} <= set(entry):
                lines.append(entry)
    return lines
