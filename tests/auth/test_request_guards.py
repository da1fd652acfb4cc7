"""allowedIps, trusted proxies and the brute-force limit, through real requests."""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from resolvers.api_keys.create import CreateApiKey, create_api_key
from server import create_app
from settings import Settings
from tests.factories import PASSWORD, data, gql
from tests.limits import (
    THROTTLES,
    app_client,
    assert_rate_limited,
    limited_settings,
    post_from,
    redis_keys,
    services_of,
)

VIEWER = "{ viewer { fullAccess } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
ATTACKER = "198.51.100.66"
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
        # Same body as an unknown key, but for the request's own id (extensions.requestId).
        same = [{**r.json(), "extensions": None} for r in (response, unknown)]
        assert same[0] == same[1], "same body as an unknown key"


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


async def test_several_forwarded_for_lines_are_one_list(client, org, settings):
    """A proxy that adds its own X-Forwarded-For line after the client's: the client's line
    is not the proxy's word (it used to be, at the doors, whose address decides allowedIps)."""
    key = await _key_for(client, org, ["198.51.100.0/24"])
    proxied = dataclasses.replace(settings, trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),))
    headers = [
        ("Authorization", f"Bearer {key}"),
        ("X-Forwarded-For", "198.51.100.4"),  # the client's, made up
        ("X-Forwarded-For", "203.0.113.50"),  # the proxy's: the client's own address
    ]
    async with client_at(proxied, "10.0.0.1") as via_proxy:
        response = await via_proxy.post("/graphql", json={"query": VIEWER}, headers=headers)
    assert response.status_code == 401, response.text


@pytest.mark.parametrize("throttle", THROTTLES)
async def test_failed_authentications_from_one_address_are_rate_limited(org, settings, throttle):
    async with (
        limited_settings(settings, throttle, auth_attempts_per_address=3) as limited,
        app_client(limited) as client,
    ):
        for token in ("lk_live_wrong", None, "lk_live_wrong"):
            assert (await post_from(client, ATTACKER, VIEWER, token)).status_code == 401
        assert_rate_limited(await post_from(client, ATTACKER, VIEWER, "lk_live_wrong"))
        assert_rate_limited(await post_from(client, ATTACKER, VIEWER, org.key))
        assert (await post_from(client, "198.51.100.67", VIEWER, org.key)).status_code == 200


@pytest.mark.parametrize("throttle", THROTTLES)
async def test_concurrent_unknown_keys_check_at_most_the_limit(org, settings, keyring, throttle):
    unknown = [keyring.new_secret().token for _ in range(20)]
    async with (
        limited_settings(settings, throttle, auth_attempts_per_address=4) as limited,
        app_client(limited) as client,
    ):
        answers = await asyncio.gather(*(post_from(client, ATTACKER, VIEWER, t) for t in unknown))
    statuses = [a.status_code for a in answers]
    assert statuses.count(401) == 4 and statuses.count(429) == 16, statuses


async def test_the_limit_holds_across_processes_sharing_redis(org, settings, keyring):
    unknown = [keyring.new_secret().token for _ in range(20)]
    async with (
        limited_settings(settings, "redis", auth_attempts_per_address=4) as limited,
        app_client(limited) as one,
        app_client(limited) as other,
    ):
        clients = [one, other] * 10
        answers = await asyncio.gather(
            *(post_from(c, ATTACKER, VIEWER, t) for c, t in zip(clients, unknown, strict=True))
        )
    statuses = [a.status_code for a in answers]
    assert statuses.count(401) == 4 and statuses.count(429) == 16, statuses


async def test_a_cached_key_needs_no_attempt(org, settings):
    async with (
        limited_settings(settings, "redis", auth_attempts_per_address=2) as limited,
        app_client(limited) as client,
    ):
        assert (await post_from(client, ATTACKER, VIEWER, org.key)).status_code == 200
        for _ in range(2):
            assert (await post_from(client, ATTACKER, VIEWER, "lk_live_x")).status_code == 401
        assert_rate_limited(await post_from(client, ATTACKER, VIEWER, "lk_live_x"))
        before = await redis_keys()
        assert (await post_from(client, ATTACKER, VIEWER, org.key)).status_code == 200
        assert (await post_from(client, "198.51.100.68", VIEWER, org.key)).status_code == 200
        assert await redis_keys() == before, "a cache hit touches no counter"


@pytest.mark.parametrize("throttle", THROTTLES)
async def test_sessions_and_uncached_keys_give_their_attempt_back(org, settings, throttle):
    async with (
        limited_settings(settings, throttle, auth_attempts_per_address=2) as limited,
        app_client(limited) as client,
    ):
        session = await post_from(client, ATTACKER, LOGIN, e=org.admin_email, p=PASSWORD)
        token = session.json()["data"]["login"]["token"]
        for _ in range(4):
            services_of(client).cache.clear()
            assert (await post_from(client, ATTACKER, VIEWER, org.key)).status_code == 200
            assert (await post_from(client, ATTACKER, VIEWER, token)).status_code == 200


async def test_wrong_passwords_count_as_failed_authentications(org, settings):
    async with (
        limited_settings(settings, "in-process", auth_attempts_per_address=3) as limited,
        app_client(limited) as client,
    ):
        for _ in range(3):
            response = await post_from(client, ATTACKER, LOGIN, e="nobody@example.test", p="x")
            assert response.status_code == 401
        assert_rate_limited(await post_from(client, ATTACKER, VIEWER, org.key))


async def test_redis_counters_live_in_the_deployment_namespace(settings):
    async with (
        limited_settings(settings, "redis") as limited,
        app_client(limited) as client,
    ):
        await post_from(client, ATTACKER, VIEWER, "lk_live_wrong")
        await post_from(client, ATTACKER, LOGIN, e="nobody@example.test", p="x")
        keys = await redis_keys()
    counters = [k for k in keys if ":attempts:" in k or ":authfail:" in k]
    assert len(counters) == 2, keys
    assert all(k.startswith(settings.redis_namespace + ":") for k in counters), counters
    assert not any("nobody" in k for k in counters), "no e-mail in clear"


@pytest.mark.parametrize("throttle", THROTTLES)
async def test_a_burst_of_good_uncached_keys_waits_instead_of_being_refused(
    org, settings, services, throttle
):
    made = [
        await create_api_key(org.admin, CreateApiKey(name=f"k{n}"), services) for n in range(30)
    ]
    async with (
        limited_settings(settings, throttle, auth_attempts_per_address=2) as limited,
        app_client(limited) as client,
    ):
        answers = await asyncio.gather(*(post_from(client, ATTACKER, VIEWER, t) for _, t in made))
    assert [a.status_code for a in answers] == [200] * 30
