"""The app's own routes: liveness, readiness, the SDL and GraphiQL. (POST /graphql:
tests/schema/test_endpoint.py.)"""

from __future__ import annotations

import dataclasses
import time

import httpx
from redis import Redis as SyncRedis
from tortoise import Tortoise

from jobs import heartbeat
from models import database
from server import create_app
from tests import services


async def test_healthz_and_readyz(client):
    assert (await client.get("/healthz")).status_code == 200
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}


async def _readyz_with_redis(settings, redis_url: str) -> httpx.Response:
    app = create_app(dataclasses.replace(settings, redis_url=redis_url), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as client,
    ):
        return await client.get("/readyz")


async def test_readyz_checks_redis_when_it_is_set(settings):
    services.require_service("Redis", "127.0.0.1", 6379)
    _beat_every_loop(settings)
    assert (await _readyz_with_redis(settings, services.REDIS_URL)).status_code == 200
    down = await _readyz_with_redis(settings, "redis://127.0.0.1:1/0")
    assert down.status_code == 503
    assert down.json() == {
        "status": "unavailable",
        "problems": ["redis: unavailable (ConnectionError)"],
    }


def _beat_every_loop(settings, now: float | None = None) -> None:
    redis = SyncRedis.from_url(services.REDIS_URL)
    try:
        redis.delete(heartbeat.key(settings.redis_namespace))
        for loop in heartbeat.LOOPS:
            heartbeat.beat(redis, settings.redis_namespace, loop, now)
    finally:
        redis.close()


async def test_readyz_fails_naming_the_worker_when_its_heartbeat_is_stale(settings):
    services.require_service("Redis", "127.0.0.1", 6379)
    _beat_every_loop(settings, now=time.time() - heartbeat.STALE_AFTER - 5)
    stale = await _readyz_with_redis(settings, services.REDIS_URL)
    assert stale.status_code == 503
    (problem,) = stale.json()["problems"]
    assert problem.startswith("worker: no heartbeat") and "ticker, scheduler, tick" in problem
    _beat_every_loop(settings)
    assert (await _readyz_with_redis(settings, services.REDIS_URL)).status_code == 200


async def test_readyz_fails_naming_a_pending_migration(client):
    last = database.known_migrations()[-1]
    connection = Tortoise.get_connection("default")
    rename = "UPDATE tortoise_migrations SET name = {} WHERE name = {}"
    await connection.execute_query(rename.format(f"'{last}-gone'", f"'{last}'"))
    try:
        pending = await client.get("/readyz")
    finally:
        await connection.execute_query(rename.format(f"'{last}'", f"'{last}-gone'"))
    assert pending.status_code == 503
    assert pending.json() == {
        "status": "unavailable",
        "problems": [f"migrations: 1 pending ({last})"],
    }
    assert (await client.get("/readyz")).status_code == 200


async def test_the_schema_is_served_with_its_directives(client):
    sdl = (await client.get("/graphql/schema.graphql")).text
    assert "directive @requiresPermission(object: PermissionObject!, access: Access!)" in sdl
    assert "apiKeys(" in sdl and "@requiresPermission(object: API_KEY, access: READ)" in sdl


async def test_graphiql_is_served_on_get(client):
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
