"""SIGTERM under load (`serve --workers 2`): every request the server took is answered, and
every use of a key reaches lastUsedAt before the processes exit.

A connection the kernel completed but no worker accepted before the listening socket
closed is reset: its request was never taken (no access line), as with any server; a
balancer stops sending before then (/readyz) or retries it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests import processes, services

VIEWER = {"query": "{ viewer { fullAccess } }"}


@pytest.mark.e2e
async def test_sigterm_under_load_fails_no_request_and_loses_no_last_used(tmp_path: Path):
    services.require_service("Redis", "127.0.0.1", 6379)
    async with processes.environment("postgres", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        boot = processes.bootstrap(env)
        statuses: list[int] = []
        failures: list[str] = []
        untaken: list[str] = []
        env["ACCESS_LOG"] = "1"
        last_ok_sent = 0.0

        async def client_loop(base: str) -> None:
            nonlocal last_ok_sent
            # A connection a request: no idle kept-alive connection for the server to close
            # between requests, so any error but a refused connection is a failed request.
            auth = {"Authorization": f"Bearer {boot['api_key']}", "Connection": "close"}
            async with httpx.AsyncClient(base_url=base, headers=auth, timeout=30) as client:
                while True:
                    sent = datetime.now(UTC).timestamp()
                    try:
                        answer = await client.post("/graphql", json=VIEWER)
                    except (httpx.ConnectError, httpx.ReadError) as error:
                        untaken.append(repr(error))  # checked against the access log
                        return
                    except httpx.TransportError as error:
                        failures.append(repr(error))
                        return
                    statuses.append(answer.status_code)
                    if answer.status_code == 200:
                        last_ok_sent = max(last_ok_sent, sent)

        log = tmp_path / "serve.log"
        with processes.serving(env, log, "--workers", "2") as base:
            clients = [asyncio.create_task(client_loop(base)) for _ in range(6)]
            await asyncio.sleep(2)
            os.kill(base.pid, signal.SIGTERM)
            await asyncio.wait_for(asyncio.gather(*clients), timeout=60)
            exited = await asyncio.to_thread(_exit_code, base.pid)
        assert failures == [], failures
        assert len(statuses) > 50 and set(statuses) == {200}, (len(statuses), set(statuses))
        assert exited is not False, log.read_text()[-2000:]
        # Every request a worker took was answered, with 200: as many lines as answers.
        taken = [e for e in _access_lines(log) if e["path"] == "/graphql"]
        assert {e["status"] for e in taken} == {200}
        assert len(taken) == len(statuses), (len(taken), len(statuses), untaken)
        used = await _last_used(env["DATABASE_URL"], boot["api_key_id"])
        assert used is not None and used.timestamp() >= last_ok_sent - 0.001, (used, last_ok_sent)


def _access_lines(log: Path) -> list[dict]:
    lines = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if "method" in entry:
                lines.append(entry)
    return lines


def _exit_code(pid: int) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        done = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True)
        if done.stdout.strip().startswith("Z"):
            return True
        time.sleep(0.1)
    return False


async def _last_used(url: str, key_id: str) -> datetime | None:
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://"))
    try:
        value: datetime | None = await connection.fetchval(
            "SELECT last_used_at FROM api_key WHERE id = $1", key_id
        )
        return value
    finally:
        await connection.close()
