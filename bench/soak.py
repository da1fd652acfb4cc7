"""Soak: mixed load against `serve --workers 2` plus a worker, on PostgreSQL, Redis and an
SMTP sink. Reports 5xx, e-mails accounted for in the outbox, and server memory.

    .venv/bin/python -m bench.soak --seconds 300
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiosmtpd.controller import Controller

from tests import processes, services

READ = "{ customers(first: 20) { totalCount } apiKeys(first: 20) { totalCount } }"
INGEST = "mutation($e: [EventInput!]!) { ingestEvents(events: $e) { id } }"
CREATE = 'mutation { createApiKey(input: {name: "soak"}) { apiKey { id } } }'
ROTATE = "mutation($id: ID!, $s: RotationSchedule!) { rotateApiKey(input: {id: $id, schedule: $s}) { secret } }"
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { id } }"
REDIS_URL = "redis://127.0.0.1:6379/11"  # apart from the test suite's and the benchmarks'


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        return "250 OK"


def _rss_kib(pid: int) -> int:
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True
    ).stdout.split()
    total = 0
    for each in [str(pid), *children]:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


async def _client_loop(base: str, token: str, deadline: float, tally: Counter[str]) -> None:
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        while time.monotonic() < deadline:
            roll = random.random()
            if roll < 0.6:
                body: dict[str, Any] = {"query": READ}
            elif roll < 0.85:
                events = [
                    {
                        "transactionId": f"{random.random()}",
                        "externalCustomerId": "c",
                        "code": "calls",
                    }
                    for _ in range(20)
                ]
                body = {"query": INGEST, "variables": {"e": events}}
            else:
                created = await client.post("/graphql", json={"query": CREATE})
                tally[f"http {created.status_code}"] += 1
                tally["created"] += 1
                key_id = created.json()["data"]["createApiKey"]["apiKey"]["id"]
                schedule = random.choice(["NOW", "IN_1_HOUR"])
                rotated = await client.post(
                    "/graphql", json={"query": ROTATE, "variables": {"id": key_id, "s": schedule}}
                )
                tally[f"http {rotated.status_code}"] += 1
                tally["rotated"] += 1
                body = {"query": DESTROY, "variables": {"id": key_id}}
                tally["destroyed"] += 1
            response = await client.post("/graphql", json=body)
            tally[f"http {response.status_code}"] += 1


async def soak(seconds: int, clients: int) -> dict[str, object]:
    await services.flush_redis(REDIS_URL)
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=processes.free_port())
    smtp.start()
    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    try:
        async with processes.environment("postgres", workdir) as env:
            env["REDIS_URL"] = REDIS_URL
            env["SMTP_URL"] = f"smtp://127.0.0.1:{smtp.port}"
            boot = processes.bootstrap(env, "Soak", "a@soak.test")
            with (workdir / "worker.log").open("w") as log:
                worker = subprocess.Popen(
                    [sys.executable, "server.py", "worker"],
                    cwd=processes.ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                try:
                    with processes.serving(env, workdir / "serve.log", "--workers", "2") as base:
                        server_pid = base.pid
                        await asyncio.sleep(2)
                        rss_start = _rss_kib(server_pid)
                        tally: Counter[str] = Counter()
                        deadline = time.monotonic() + seconds
                        await asyncio.gather(
                            *(
                                _client_loop(base, boot["api_key"], deadline, tally)
                                for _ in range(clients)
                            )
                        )
                        rss_end = _rss_kib(server_pid)
                        outbox = await _drain_outbox(env["DATABASE_URL"], 90)
                finally:
                    worker.terminate()
                    worker.wait(timeout=20)
    finally:
        smtp.stop()
    expected_mail = tally["created"] + tally["rotated"] + tally["destroyed"]
    return {
        "seconds": seconds,
        "clients": clients,
        "requests": dict(tally),
        "http_5xx": sum(v for k, v in tally.items() if k.startswith("http 5")),
        "mail_expected_at_least": expected_mail,
        "outbox": outbox,
        "smtp_received": sink.count,
        "server_rss_kib_start": rss_start,
        "server_rss_kib_end": rss_end,
    }


async def _drain_outbox(database_url: str, seconds: int) -> dict[str, int]:
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        deadline = time.monotonic() + seconds
        while True:
            rows = await conn.fetch("SELECT status, count(*) FROM notification GROUP BY status")
            counts = {r["status"]: r["count"] for r in rows}
            # the bootstrap key's row waits for the one-minute sweeper, like any row written without a dispatcher
            if counts.get("PENDING", 0) == 0 or time.monotonic() > deadline:
                return counts
            await asyncio.sleep(1)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(soak(args.seconds, args.clients)), indent=2))


if __name__ == "__main__":
    main()
