"""The hot path: a request whose API key is in the credential cache does no database
statement and no Redis command unless a selected field needs data. Counted where they
happen: Tortoise's own statement log, and Redis's MONITOR (the app's connections, by name)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from redis.asyncio import Redis

from server import create_app
from tests import services

VIEWER = "{ viewer { fullAccess } }"
NAME = "apikeys-hot-path-test"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@asynccontextmanager
async def _statements() -> AsyncIterator[list[str]]:
    """What Tortoise sends to the database meanwhile (it logs every statement at DEBUG)."""
    logger, records = logging.getLogger("tortoise.db_client"), _Records()
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(records)
    try:
        yield records.messages
    finally:
        logger.removeHandler(records)
        logger.setLevel(level)


async def _commands_of(name: str, work: Callable[[], Awaitable[Any]]) -> list[str]:
    """The commands that Redis receives from connections named `name` while `work` runs."""
    watcher = Redis.from_url(services.REDIS_URL)
    seen: list[dict[str, Any]] = []
    try:
        async with watcher.monitor() as monitor:

            async def collect() -> None:
                while True:
                    seen.append(await monitor.next_command())

            collecting = asyncio.create_task(collect())
            await work()
            await watcher.ping()  # MONITOR shows it once every earlier command has arrived
            while not any("PING" in entry["command"] for entry in seen):
                await asyncio.sleep(0.01)
            collecting.cancel()
        clients = await watcher.client_list()
    finally:
        await watcher.aclose()
    named = {c["addr"] for c in clients if c["name"] == name}
    return [
        entry["command"]
        for entry in seen
        if f"{entry['client_address']}:{entry['client_port']}" in named
    ]


@asynccontextmanager
async def _app_on_redis(settings: Any) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    on_redis = dataclasses.replace(settings, redis_url=f"{services.REDIS_URL}?client_name={NAME}")
    app = create_app(on_redis, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        yield client, app.state.services
    await services.flush_redis()


async def _viewer(client: httpx.AsyncClient, token: str, query: str = VIEWER) -> Any:
    answer = await client.post(
        "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


async def test_a_cached_key_reading_the_viewer_does_no_io(settings, org):
    async with _app_on_redis(settings) as (client, app_services):
        await _viewer(client, org.key)  # fills the cache
        async with _statements() as statements:
            redis_commands = await _commands_of(NAME, lambda: _viewer(client, org.key))
        assert statements == [] and redis_commands == []

        app_services.cache.clear()  # the control: a miss does both, and both are seen
        async with _statements() as statements:
            redis_commands = await _commands_of(NAME, lambda: _viewer(client, org.key))
        assert statements and redis_commands


async def test_an_emailed_token_as_a_bearer_is_refused_by_its_shape(settings, org):
    """An invitation's or a reset's token is no credential: 401 with no database read."""
    from auth.tokens import generate_token

    async with _app_on_redis(settings) as (client, _):
        for kind in ("invite", "reset"):
            token = generate_token(settings.token_prefix, kind)
            async with _statements() as statements:
                answer = await client.post(
                    "/graphql",
                    json={"query": "{ viewer { fullAccess } }"},
                    headers={"Authorization": f"Bearer {token}"},
                )
            assert answer.status_code == 401
            assert statements == []


async def test_the_viewer_reads_its_key_only_when_it_is_selected(settings, org):
    async with _app_on_redis(settings) as (client, _):
        await _viewer(client, org.key)
        async with _statements() as statements:
            data = await _viewer(client, org.key, "{ viewer { fullAccess apiKey { name } } }")
        assert data["viewer"]["apiKey"]["name"] == "first"
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


async def test_requests_missing_one_key_together_read_it_once(settings, org):
    async with _app_on_redis(settings) as (client, app_services):
        await _viewer(client, org.key)
        app_services.cache.clear()
        async with _statements() as statements:
            await asyncio.gather(*(_viewer(client, org.key) for _ in range(16)))
        assert len([s for s in statements if "api_key_secret" in s]) == 1, statements


async def test_a_rate_limited_key_spends_its_lease_with_no_io(settings, org):
    from resolvers.api_keys.create import CreateApiKey, create_api_key
    from resolvers.api_keys.limits import RateLimit

    async with _app_on_redis(settings) as (client, app_services):
        _, token = await create_api_key(
            org.admin, CreateApiKey(rate_limit=RateLimit(100, 60)), app_services
        )
        await _viewer(client, token)  # fills the cache and leases 10 requests from Redis
        # The key's creation published an eviction; on a busy machine it can arrive after
        # that request cached the key, and the next one fills the cache again.
        for _ in range(3):
            async with _statements() as warming:
                await _viewer(client, token)
            if not warming:
                break
        async with _statements() as statements:
            redis_commands = await _commands_of(NAME, lambda: _viewer(client, token))
        assert statements == [] and redis_commands == []
