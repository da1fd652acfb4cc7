"""allowedIps, trusted proxies and the brute-force limit, through real requests."""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from redis.asyncio import Redis

from auth.throttle import FAILURE_LIMIT
from server import create_app
from settings import Settings
from tests import services
from tests.factories import data, gql

VIEWER = "{ viewer { fullAccess } }"
CREATE = "mutation($ips: [String!]) { createApiKey(input: {allowedIps: $ips}) { secret } }"


@asynccontextmanager
async def client_at(settings: Settings, address: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        yield client


async def _key_for(client, org, ips: list[str]) -> str:
    secret: str = (await data(client, CREATE, org.key, ips=ips))["createApiKey"]["secret"]
    return secret


@pytest.mark.parametrize(
    ("ranges", "address", "accepted"),
    [
        (["203.0.113.0/24"], "203.0.113.50", True),
        (["203.0.113.0/24"], "198.51.100.1", False),
        (["2001:db8::/32"], "2001:db8::7", True),
        (["2001:db8::/32"], "2001:db9::7", False),
        (["2001:db8::/32", "198.51.100.0/24"], "198.51.100.9", True),
    ],
)
async def test_allowed_ips_are_enforced_on_every_request(
    client, org, settings, ranges, address, accepted
):
    key = await _key_for(client, org, ranges)
    async with client_at(settings, address) as outside:
        response = await gql(outside, VIEWER, key)
        unknown = await gql(outside, VIEWER, org.key[:-6] + "000000")
    if accepted:
        assert response.status_code == 200 and "errors" not in response.json()
    else:
        assert response.status_code == 401
        assert response.json() == unknown.json(), "same body as an unknown key"


async def test_a_trusted_proxy_forwards_the_client_address(client, org, settings):
    key = await _key_for(client, org, ["198.51.100.0/24"])
    proxied = dataclasses.replace(settings, trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),))
    forwarded = {"Authorization": f"Bearer {key}", "X-Forwarded-For": "198.51.100.4, 10.0.0.9"}
    async with client_at(proxied, "10.0.0.1") as via_proxy:
        response = await via_proxy.post("/graphql", json={"query": VIEWER}, headers=forwarded)
    assert response.status_code == 200, response.text
    async with client_at(settings, "10.0.0.1") as untrusted:
        response = await untrusted.post("/graphql", json={"query": VIEWER}, headers=forwarded)
    assert response.status_code == 401, "X-Forwarded-For from an untrusted peer is ignored"


async def _fail_until_limited(client: httpx.AsyncClient) -> httpx.Response:
    for _ in range(FAILURE_LIMIT):
        assert (await gql(client, VIEWER, "lk_live_wrong")).status_code == 401
    return await gql(client, VIEWER, "lk_live_wrong")


@pytest.fixture(params=["in-process", "redis"])
async def throttled_settings(request, settings) -> AsyncIterator[Settings]:
    if request.param == "in-process":
        yield settings
        return
    services.require_service("Redis", "127.0.0.1", 6379)
    redis = Redis.from_url(services.REDIS_URL)
    await redis.flushdb()
    yield dataclasses.replace(settings, redis_url=services.REDIS_URL)
    await redis.flushdb()
    await redis.aclose()


async def test_failed_authentications_from_one_address_are_rate_limited(org, throttled_settings):
    async with client_at(throttled_settings, "198.51.100.66") as attacker:
        limited = await _fail_until_limited(attacker)
        assert limited.status_code == 429
        assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert 0 < int(limited.headers["retry-after"]) <= 60
        assert (await gql(attacker, VIEWER, org.key)).status_code == 429
    async with client_at(throttled_settings, "198.51.100.67") as neighbour:
        assert (await gql(neighbour, VIEWER, org.key)).status_code == 200


async def test_wrong_passwords_count_as_failed_authentications(org, settings):
    login = 'mutation { login(email: "nobody@example.test", password: "x") { token } }'
    async with client_at(settings, "198.51.100.70") as guesser:
        for _ in range(FAILURE_LIMIT):
            assert (await gql(guesser, login, None)).status_code == 401
        assert (await gql(guesser, VIEWER, org.key)).status_code == 429
