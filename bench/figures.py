"""The figures that are not a wrk run: verification in process, revocation across two
workers, due rotations through `server.py worker`; and the data they and the lists need."""

from __future__ import annotations

import asyncio
import http.client
import json
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import ip_address
from typing import Any, TypeVar

from bench.servers import Server, connections_by_worker

T = TypeVar("T")
VIEWER = "{ viewer { fullAccess } }"
CREATE_KEY = 'mutation { createApiKey(input: {name: "revoked"}) { apiKey { id } secret } }'
DESTROY_KEY = "mutation($id: ID!) { destroyApiKey(id: $id) { id } }"
PASSWORD = "correct horse battery"


async def in_process(env: dict[str, str], work: Callable[[Any], Awaitable[T]]) -> T:
    """`work(settings)` with the service's database open in this process."""
    from models import database
    from settings import load_settings

    settings = load_settings(env)
    await database.open_database(settings)
    try:
        return await work(settings)
    finally:
        await database.close_database()


@dataclass(frozen=True)
class Tenant:
    organization_id: str
    api_key: str  # the admin's full-access key


async def bootstrap(env: dict[str, str]) -> Tenant:
    """What `server.py bootstrap` does (migrate, an organization, its admin and first key),
    in this process."""
    from models import database
    from resolvers.organization.bootstrap import bootstrap
    from resolvers.services import Services
    from settings import load_settings

    await database.migrate(load_settings(env))

    async def work(settings: Any) -> Tenant:
        made = await bootstrap("Bench", "b@bench.test", PASSWORD, Services.for_settings(settings))
        return Tenant(made.organization_id, made.api_key)

    return await in_process(env, work)


async def seed_keys(env: dict[str, str], tenant: Tenant, count: int) -> None:
    """`count` more keys in the tenant's organization, written in bulk."""
    await in_process(env, lambda settings: _bulk_keys(tenant.organization_id, count))


async def _bulk_keys(organization: str, count: int) -> None:
    from models import ApiKey

    rows = [
        ApiKey(
            organization_id=organization, name=f"bulk-{i}", prefix="lk_live_bulk", last_four="0000"
        )
        for i in range(count)
    ]
    await ApiKey.bulk_create(rows, batch_size=1000)


@dataclass(frozen=True)
class Busy:
    """A key that made requests every minute of `days` days, up to `end` (an hour's start)."""

    api_key_id: str
    start: datetime
    end: datetime
    rows: int
    requests: int  # the sum of the rows' counts: what its usage adds up to


async def seed_usage(env: dict[str, str], tenant: Tenant, days: int) -> Busy:
    """One more key and its activity as auth/activity.py writes it: one VALID row a minute
    for `days` days, and one RATE_LIMITED row in one minute of every hour; and their hourly
    sums (models/usage.py), written in bulk: add_usage row by row would take minutes."""
    return await in_process(env, lambda settings: _busy_key(tenant.organization_id, days))


async def _busy_key(organization: str, days: int) -> Busy:
    from models import ApiKey, ApiKeyUsage, ApiKeyUsageHour
    from models.usage import hour_start

    key = await ApiKey.create(
        organization_id=organization, name="busy", prefix="lk_live_busy", last_four="0000"
    )
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    end = now.replace(minute=0) + timedelta(hours=1)
    start = end - timedelta(days=days)
    rows, hours = [], {}
    for minute in range(int((now - start) / timedelta(minutes=1)) + 1):
        at = start + timedelta(minutes=minute)
        counted = [("VALID", 20)] + ([("RATE_LIMITED", 3)] if at.minute == 30 else [])
        for outcome, count in counted:
            rows.append(_usage_row(ApiKeyUsage, key.id, organization, at, outcome, count))
            slot = (hour_start(at), outcome)
            if slot not in hours:
                hours[slot] = _usage_row(ApiKeyUsageHour, key.id, organization, *slot, 0)
            hours[slot].count += count
            hours[slot].operations = {"viewer": hours[slot].count}
    await ApiKeyUsage.bulk_create(rows, batch_size=2000)
    await ApiKeyUsageHour.bulk_create(list(hours.values()), batch_size=2000)
    return Busy(str(key.id), start, end, len(rows), sum(row.count for row in rows))


def _usage_row(
    model: Any, key_id: uuid.UUID, organization: str, at: datetime, outcome: str, count: int
) -> Any:
    return model(
        api_key_id=key_id,
        organization_id=organization,
        outcome=outcome,
        count=count,
        operations={"viewer": count},
        **{model.SLOT: at},
    )


@dataclass(frozen=True)
class Verification:
    cpu_us: list[float]  # per call, by round: the thread's CPU time
    wall_us: list[float]  # the same calls on the clock, waits for a core included


async def verification(settings: Any, token: str, calls: int, rounds: int) -> Verification:
    """µs per authentication that the credential cache answers, through the Authenticator
    the app builds. CPU time is the figure: on a shared machine the clock also counts the
    time the process waits for a core."""
    from auth.bearer import Authenticator
    from resolvers.services import Services

    services = Services.for_settings(settings)
    authenticate = Authenticator(settings, services.cache, services.throttle).authenticate
    header, client = f"Bearer {token}", ip_address("127.0.0.1")
    await authenticate(header, client)  # the miss that fills the cache
    cpu, wall = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.thread_time()
        for _ in range(calls):
            await authenticate(header, client)
        cpu.append((time.thread_time() - started_cpu) / calls * 1e6)
        wall.append((time.perf_counter() - started) / calls * 1e6)
    return Verification(cpu, wall)


def _post(
    connection: http.client.HTTPConnection, token: str, query: str, **variables: Any
) -> tuple[int, Any]:
    body = json.dumps({"query": query, "variables": variables})
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection.request("POST", "/graphql", body, headers)
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def revocation_ms(server: Server, admin_key: str) -> float:
    """From destroyApiKey's answer on one worker to the first 401 on the other, with the
    key in both workers' caches when it is destroyed."""
    here, there = connections_by_worker(server).values()
    try:
        _, created = _post(here, admin_key, CREATE_KEY)
        key = created["data"]["createApiKey"]
        for connection in (here, there):
            assert _post(connection, key["secret"], VIEWER)[0] == 200
        status, destroyed = _post(here, admin_key, DESTROY_KEY, id=key["apiKey"]["id"])
        assert status == 200 and "errors" not in destroyed, destroyed
        returned = time.perf_counter()
        while _post(there, key["secret"], VIEWER)[0] != 401:
            if time.perf_counter() - returned > 10:
                break
        return (time.perf_counter() - returned) * 1000
    finally:
        here.close()
        there.close()


async def due_rotations(settings: Any, organization: str, count: int) -> float:
    """Seconds for a running `server.py worker` to complete `count` due rotations: the keys
    are written, then one periodic tick is enqueued, as the worker's own ticker does, but at
    the front of the queue: the e-mails of an earlier round, still queued, do not delay it."""
    from redis import Redis
    from rq import Queue

    from jobs import tasks
    from jobs.rq_dispatch import queue_name
    from models import ApiKey

    ids = await _due_keys(organization, count)
    queue = Queue(queue_name(settings), connection=Redis.from_url(settings.redis_url))
    started = time.perf_counter()
    job = queue.enqueue(tasks.periodic_tick, job_id=f"bench-tick-{uuid.uuid4().hex}", at_front=True)
    while await ApiKey.filter(id__in=ids, rotation_ends_at__isnull=False).exists():
        if job.get_status() == "failed" or time.perf_counter() - started > 300:
            raise RuntimeError(f"the tick job {job.id} did not complete: {job.get_status()}")
        await asyncio.sleep(0.02)
    return time.perf_counter() - started


def empty_queue(settings: Any) -> None:
    """The e-mails left queued by the rotations: this run's queue is its own."""
    from redis import Redis
    from rq import Queue

    from jobs.rq_dispatch import queue_name

    queue = Queue(queue_name(settings), connection=Redis.from_url(settings.redis_url))
    queue.empty()  # type: ignore[no-untyped-call]


async def _due_keys(organization: str, count: int) -> list[uuid.UUID]:
    """Keys in a scheduled rotation whose end has passed, each with its previous secret."""
    from models import ApiKey, ApiKeySecret

    ended = datetime.now(UTC) - timedelta(seconds=1)
    keys = [
        ApiKey(
            id=uuid.uuid4(),
            organization_id=organization,
            name=f"due-{i}",
            prefix="lk_live_due",
            last_four="0000",
            rotation_ends_at=ended,
        )
        for i in range(count)
    ]
    await ApiKey.bulk_create(keys, batch_size=1000)
    previous = [
        ApiKeySecret(
            api_key_id=key.id,
            digest=secrets.token_hex(32),
            prefix="lk_live_due",
            last_four="0000",
            sealed="sealed",
            expires_at=ended,
        )
        for key in keys
    ]
    await ApiKeySecret.bulk_create(previous, batch_size=1000)
    return [key.id for key in keys]
