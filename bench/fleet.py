"""The servers of one run, and what each figure sends them."""

from __future__ import annotations

import asyncio
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
from bench.report import (
    BARE_LIST,
    CACHED,
    COST_DEFAULTS,
    COST_METERED,
    COST_NO_ACTIVITY,
    COST_NO_METRICS,
    COST_OBSERVED,
    DEFAULT,
    PG1,
    PG2,
    SQLITE,
)
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
USAGE = (
    "query($id: ID!, $from: DateTime!, $to: DateTime!) { apiKey(id: $id) { "
    "usage(from: $from, to: $to, granularity: HOUR) { start outcome count } } }"
)
# A key that is metered but never refused during the run: its rate limit and credits are
# checked on every request (Redis leases of up to 1,000 of each) and its spends written.
METERED_KEY = (
    'mutation { createApiKey(input: {name: "metered", rateLimit: {requests: 1000000, '
    "perSeconds: 60}, credits: {remaining: 2000000000}}) { secret } }"
)
# The settings of the cost figures' variants, and of no other: the caller's own are left out.
OBSERVABILITY = (
    "LOG_FORMAT",
    "ACCESS_LOG",
    "METRICS_TOKEN",
    "METRICS_PORT",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "PROMETHEUS_MULTIPROC_DIR",
)
JSON = {"Content-Type": "application/json"}
METRICS_TOKEN = "bench-metrics-" + secrets.token_urlsafe(16)


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
    # The cost figures' variants of the PostgreSQL + Redis service, 1 worker each.
    no_activity: servers.Server
    no_metrics: servers.Server
    observed: servers.Server  # METRICS_TOKEN set, LOG_FORMAT=json: access lines in its log
    # As pg1, for the metered key: a pair's two servers are two processes (bench/pairs.py).
    metered: servers.Server
    sqlite_busy: figures.Busy
    pg_busy: figures.Busy
    metered_key: str = ""  # made by `meter()` once the servers answer

    @property
    def servers(self) -> tuple[servers.Server, ...]:
        return (
            self.baselines,
            self.sqlite,
            self.pg1,
            self.pg2,
            self.no_activity,
            self.no_metrics,
            self.observed,
            self.metered,
        )

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

    def costs(self) -> dict[str, Load]:
        """The small authenticated query on PostgreSQL + Redis, 1 worker, -c16: each thing
        on beside the same service with it off; each variant on a server of its own, so
        that any two can be measured at the same time (bench/pairs.py)."""

        def load(server: servers.Server, token: str) -> Load:
            return Load(f"{server.base}/graphql", VIEWER, token, 16, server)

        return {
            COST_NO_ACTIVITY: load(self.no_activity, self.pg_key),
            COST_METERED: load(self.metered, self.metered_key),
            COST_DEFAULTS: load(self.pg1, self.pg_key),
            COST_NO_METRICS: load(self.no_metrics, self.pg_key),
            COST_OBSERVED: load(self.observed, self.pg_key),
        }

    def usage(self) -> dict[str, Load]:
        """The busy key's usage by hour over its days, asked by the admin's key, at -c1."""

        def load(server: servers.Server, token: str, busy: figures.Busy) -> Load:
            body = json.dumps({"query": USAGE, "variables": usage_variables(busy)})
            return Load(f"{server.base}/graphql", body, token, 1, server)

        return {
            SQLITE_C1: load(self.sqlite, self.sqlite_key, self.sqlite_busy),
            PG_C1: load(self.pg1, self.pg_key, self.pg_busy),
        }

    async def meter(self) -> None:
        """A key with a rate limit and credits too large to refuse anything, made through
        the API as a user would; it works on every server of the database (the metered
        one's too: the same Redis namespace)."""
        async with httpx.AsyncClient(timeout=30) as client:
            answer = await client.post(
                f"{self.pg1.base}/graphql",
                json={"query": METERED_KEY},
                headers={"Authorization": f"Bearer {self.pg_key}"},
            )
        payload = answer.json()
        if payload.get("errors") or not payload.get("data"):
            raise RuntimeError(f"the metered key was not made: {answer.text[:500]}")
        self.metered_key = payload["data"]["createApiKey"]["secret"]


SQLITE_C1, PG_C1 = "SQLite -c1", "PostgreSQL + Redis -c1"


def usage_variables(busy: figures.Busy) -> dict[str, str]:
    return {"id": busy.api_key_id, "from": busy.start.isoformat(), "to": busy.end.isoformat()}


async def start(workdir: Path, keys: int, usage_days: int, stack: AsyncExitStack) -> Fleet:
    """Every process started as soon as what it needs is there (the baselines first, each
    service once its database is bootstrapped, the RQ worker), then `keys` more keys and a
    key busy for `usage_days` days written in each database while they start;
    `servers.running` waits for them to answer."""
    baselines = servers.baselines(workdir / "baselines.log")
    (workdir / "sqlite").mkdir()
    (workdir / "postgres").mkdir()
    lite = await stack.enter_async_context(processes.environment("sqlite", workdir / "sqlite"))
    _plain(lite)
    lite_tenant = await figures.bootstrap(lite)
    sqlite = servers.service(SQLITE, lite, workdir / "sqlite.log")
    pg = await stack.enter_async_context(processes.environment("postgres", workdir / "postgres"))
    _plain(pg)
    pg["REDIS_URL"] = REDIS_URL
    # A pepper of its own: its Redis namespace (queue, channel, limits) is apart from any
    # other run's on the same Redis database, the test suite's smoke run included.
    pg["APIKEYS_PEPPER"] = "bench-" + secrets.token_urlsafe(32)
    pg_tenant = await figures.bootstrap(pg)
    pg1 = servers.service(PG1, pg, workdir / "pg1.log")
    pg2 = servers.service(PG2, pg, workdir / "pg2.log", workers=2)
    no_activity = servers.service(
        COST_NO_ACTIVITY, pg, workdir / "no-activity.log", without="activity"
    )
    no_metrics = servers.service(COST_NO_METRICS, pg, workdir / "no-metrics.log", without="metrics")
    observed_env = pg | {"METRICS_TOKEN": METRICS_TOKEN, "LOG_FORMAT": "json"}
    observed = servers.service(COST_OBSERVED, observed_env, workdir / "observed.log")
    metered = servers.service(COST_METERED, pg, workdir / "metered.log")
    stack.enter_context(processes.working(pg, workdir / "worker.log"))
    await figures.seed_keys(lite, lite_tenant, keys)
    await figures.seed_keys(pg, pg_tenant, keys)
    sqlite_busy = await figures.seed_usage(lite, lite_tenant, usage_days)
    pg_busy = await figures.seed_usage(pg, pg_tenant, usage_days)
    return Fleet(
        baselines,
        sqlite,
        pg1,
        pg2,
        lite_tenant.api_key,
        pg_tenant.api_key,
        pg,
        pg_tenant.organization_id,
        no_activity,
        no_metrics,
        observed,
        metered,
        sqlite_busy,
        pg_busy,
    )


def _plain(env: dict[str, str]) -> None:
    """The service's defaults for what the cost figures vary, whatever the caller's are."""
    for name in OBSERVABILITY:
        env.pop(name, None)


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


async def check_costs(fleet: Fleet) -> None:
    """What the cost figures' variants claim: the metered key is metered (its answer carries
    the RateLimit headers); the observed server counts the requests on /metrics and writes
    one JSON access line each."""
    async with httpx.AsyncClient(timeout=30) as client:
        answer = await client.post(
            f"{fleet.metered.base}/graphql",
            content=VIEWER,
            headers={"Authorization": f"Bearer {fleet.metered_key}", **JSON},
        )
        if answer.status_code != 200 or "RateLimit" not in answer.headers:
            raise RuntimeError(
                f"the metered key is not metered: {answer.status_code} {dict(answer.headers)} "
                f"{answer.text[:300]}"
            )
        scraped = await client.get(
            f"{fleet.observed.base}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
        )
        if scraped.status_code != 200 or 'operation="viewer"' not in scraped.text:
            raise RuntimeError(f"/metrics counts no viewer request: {scraped.text[:500]}")
        if not await _viewer_line(fleet.observed.log):
            raise RuntimeError(f"no JSON access line of a viewer query in {fleet.observed.log}")


async def _viewer_line(log: Path) -> bool:
    """Whether the log holds a JSON access line of a viewer query, within a second (the
    access lines are written a few times a second, telemetry/logs.py)."""
    for _ in range(20):
        text = log.read_text().splitlines()
        lines = [json.loads(line) for line in text if line.startswith("{")]
        if any(line.get("operation") == "viewer" for line in lines):
            return True
        await asyncio.sleep(0.1)
    return False


async def check_usage(fleet: Fleet) -> None:
    """The busy keys' usage adds up to what was written."""
    async with httpx.AsyncClient(timeout=30) as client:
        for load, busy in zip(
            fleet.usage().values(), (fleet.sqlite_busy, fleet.pg_busy), strict=True
        ):
            answer = await client.post(
                load.url,
                content=load.body,
                headers={"Authorization": f"Bearer {load.token}", **JSON},
            )
            buckets = answer.json()["data"]["apiKey"]["usage"]
            if sum(b["count"] for b in buckets) != busy.requests:
                raise RuntimeError(
                    f"{load.url}: usage adds up to another total: {answer.text[:300]}"
                )


def _ingest_body() -> dict[str, Any]:
    events = [
        {"transactionId": f"check-{time.time_ns()}-{i}", "externalCustomerId": "c", "code": "calls"}
        for i in range(100)
    ]
    return {"query": INGEST, "variables": {"e": events}}
