"""The servers of one run, and what each figure sends them."""

from __future__ import annotations

import dataclasses
import json
import secrets
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import figures, servers
from bench.load import Load
from bench.report import BARE_LIST, CACHED, DEFAULT, PG1, PG2, SQLITE
from tests import processes

REDIS_URL = "redis://127.0.0.1:6379/12"  # apart from the test suite's database
VIEWER = json.dumps({"query": "{ viewer { fullAccess } }"})
KEYS_PAGE = json.dumps(
    {"query": "{ apiKeys(first: 20) { edges { node { id name prefix status } } } }"}
)
HUNDRED = json.dumps(
    {"query": "{ apiKeys(first: 100) { edges { node { id name prefix status createdAt } } } }"}
)
INGEST = "mutation($e: [EventInput!]!) { ingestEvents(events: $e) { id } }"


@dataclass
class Fleet:
    baselines: servers.Server
    sqlite: servers.Server
    pg1: servers.Server
    pg2: servers.Server
    sqlite_key: str
    pg_key: str
    pg_env: dict[str, str]
    pg_organization: str

    @property
    def servers(self) -> tuple[servers.Server, ...]:
        return (self.baselines, self.sqlite, self.pg1, self.pg2)

    def viewer(self, connections: int) -> dict[str, Load]:
        baselines, pg2 = self.baselines, self.pg2
        return {
            DEFAULT: Load(f"{baselines.base}/default/graphql", VIEWER, "", connections, baselines),
            CACHED: Load(f"{baselines.base}/cached/graphql", VIEWER, "", connections, baselines),
            **self._service(VIEWER, connections),
        } | (  # one connection keeps to one worker: -c1 on two workers measures nothing new
            {PG2: Load(f"{pg2.base}/graphql", VIEWER, self.pg_key, connections, pg2)}
            if connections > 1
            else {}
        )

    def _service(self, body: str, connections: int) -> dict[str, Load]:
        sqlite, pg = self.sqlite, self.pg1
        return {
            SQLITE: Load(f"{sqlite.base}/graphql", body, self.sqlite_key, connections, sqlite),
            PG1: Load(f"{pg.base}/graphql", body, self.pg_key, connections, pg),
        }

    def lists(self) -> dict[str, Load]:
        c1, c16 = self._service(KEYS_PAGE, 1), self._service(KEYS_PAGE, 16)
        return {
            "SQLite -c1": c1[SQLITE],
            "PostgreSQL + Redis -c1": c1[PG1],
            "SQLite -c16": c16[SQLITE],
            "PostgreSQL + Redis -c16": c16[PG1],
        }

    def hundred(self) -> dict[str, Load]:
        bare = Load(f"{self.baselines.base}/list/graphql", HUNDRED, "", 16, self.baselines)
        return {BARE_LIST: bare, **self._service(HUNDRED, 16)}

    def ingest(self) -> dict[str, Load]:
        return {
            name: dataclasses.replace(load, body="", script="ingest.lua")
            for name, load in self._service("", 16).items()
        }


async def start(workdir: Path, keys: int, stack: AsyncExitStack) -> Fleet:
    """Every process started as soon as what it needs is there (the baselines first, each
    service once its database is bootstrapped, the RQ worker), then `keys` more keys written
    in each database while they start; `servers.running` waits for them to answer."""
    baselines = servers.baselines(workdir / "baselines.log")
    (workdir / "sqlite").mkdir()
    (workdir / "postgres").mkdir()
    lite = await stack.enter_async_context(processes.environment("sqlite", workdir / "sqlite"))
    lite_tenant = await figures.bootstrap(lite)
    sqlite = servers.service(SQLITE, lite, workdir / "sqlite.log")
    pg = await stack.enter_async_context(processes.environment("postgres", workdir / "postgres"))
    pg["REDIS_URL"] = REDIS_URL
    # A pepper of its own: its Redis namespace (queue, channel, limits) is apart from any
    # other run's on the same Redis database, the test suite's smoke run included.
    pg["APIKEYS_PEPPER"] = "bench-" + secrets.token_urlsafe(32)
    pg_tenant = await figures.bootstrap(pg)
    pg1 = servers.service(PG1, pg, workdir / "pg1.log")
    pg2 = servers.service(PG2, pg, workdir / "pg2.log", workers=2)
    stack.enter_context(processes.working(pg, workdir / "worker.log"))
    await figures.seed_keys(lite, lite_tenant, keys)
    await figures.seed_keys(pg, pg_tenant, keys)
    return Fleet(
        baselines,
        sqlite,
        pg1,
        pg2,
        lite_tenant.api_key,
        pg_tenant.api_key,
        pg,
        pg_tenant.organization_id,
    )


async def check(loads: dict[str, Load]) -> None:
    """Each variant answers its figure's query with data and no error before it is timed."""
    async with httpx.AsyncClient(timeout=30) as client:
        for name, load in loads.items():
            headers = {"Content-Type": "application/json"}
            if load.token:
                headers["Authorization"] = f"Bearer {load.token}"
            body = load.body or json.dumps(_ingest_body())
            answer = await client.post(load.url, content=body, headers=headers)
            payload = answer.json()
            if answer.status_code != 200 or payload.get("errors") or not payload.get("data"):
                raise RuntimeError(f"{name} answered {answer.status_code}: {answer.text[:500]}")


def _ingest_body() -> dict[str, Any]:
    events = [
        {"transactionId": f"check-{time.time_ns()}-{i}", "externalCustomerId": "c", "code": "calls"}
        for i in range(100)
    ]
    return {"query": INGEST, "variables": {"e": events}}
