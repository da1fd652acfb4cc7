"""Apps with small attempt limits, on the in-process throttle or on Redis, and clients
that come from any address (through a trusted proxy's X-Forwarded-For)."""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from weakref import WeakKeyDictionary

import httpx
from redis.asyncio import Redis

from resolvers.services import Services
from server import create_app
from settings import Settings
from tests import services

PROXY = "10.0.0.1"
THROTTLES = ("in-process", "redis")
WINDOW = 3600


@asynccontextmanager
async def limited_settings(
    settings: Settings,
    throttle: str,
    *,
    auth_attempts_per_address: int = 20,
    login_attempts_per_account: int = 10,
) -> AsyncIterator[Settings]:
    """`settings` with these limits, a trusted proxy, and Redis (emptied around) if asked."""
    # An hour's window, entered well before its end: right after a window turns, the
    # previous one counts a little less, and a test would see a slot come back.
    if time.time() % WINDOW > WINDOW - 30:
        await asyncio.sleep(WINDOW - time.time() % WINDOW + 0.1)
    changed = dataclasses.replace(
        settings,
        trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),),
        auth_attempt_window=WINDOW,
        auth_attempts_per_address=auth_attempts_per_address,
        login_attempts_per_account=login_attempts_per_account,
    )
    if throttle == "in-process":
        yield changed
        return
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    try:
        yield dataclasses.replace(changed, redis_url=services.REDIS_URL)
    finally:
        await services.flush_redis()


_SERVICES: WeakKeyDictionary[httpx.AsyncClient, Services] = WeakKeyDictionary()


@asynccontextmanager
async def app_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """One app (one throttle), reached through the proxy at PROXY."""
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=(PROXY, 40000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        _SERVICES[client] = app.state.services
        yield client


def services_of(client: httpx.AsyncClient) -> Services:
    """The services of the app behind a client made by `app_client`."""
    return _SERVICES[client]


async def post_from(
    client: httpx.AsyncClient, address: str, query: str, token: str | None = None, **variables: Any
) -> httpx.Response:
    headers = {"X-Forwarded-For": address}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def assert_rate_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert 0 < int(response.headers["retry-after"]) <= WINDOW


async def redis_keys() -> list[str]:
    redis = Redis.from_url(services.REDIS_URL, decode_responses=True)
    try:
        return [key async for key in redis.scan_iter()]
    finally:
        await redis.aclose()
