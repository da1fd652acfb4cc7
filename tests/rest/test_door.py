"""Every /api/v1 request takes the steps POST /graphql takes, and fails in Lago's shape:
API keys only, allowed IPs, expiry, revocation, the guess limit, lastUsedAt (not for
ingestion), the body's type and size, and never a trace."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from auth.bearer import Authenticator
from auth.grants import Access, PermissionObject
from models import ApiKey, MemberRole
from resolvers.api_keys.destroy import destroy_api_key
from rest.api import RestApi
from rest.operations import Call, Operation
from rest.resources import customers
from tests.factories import data, make_key, make_member, make_session
from tests.limits import THROTTLES, app_client, limited_settings
from tests.rest.calls import key_with, ok, refused, rest

Obj, A = PermissionObject, Access
UNAUTHORIZED = {"status": 401, "error": "Unauthorized"}


async def _unauthorized(client, key: str | None, header: str | None = None) -> None:
    headers = (
        {"Authorization": header} if header else {"Authorization": f"Bearer {key}"} if key else {}
    )
    response = await client.get("/api/v1/customers", headers=headers)
    assert response.status_code == 401 and response.json() == UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["cache-control"] == "no-store"


async def test_no_key_or_not_a_key_is_401(client, org):
    await _unauthorized(client, None)
    await _unauthorized(client, None, header=f"Basic {org.key}")
    await _unauthorized(client, "lk_live_nonsense")
    await _unauthorized(client, org.key[:-1] + ("A" if org.key[-1] != "A" else "B"))


async def test_a_member_session_is_refused_as_lago_refuses_it(client, org, services):
    session = await make_session(services, await make_member(org.id, MemberRole.ADMIN))
    assert await data(client, "{ viewer { fullAccess } }", session) == {
        "viewer": {"fullAccess": True}
    }
    await _unauthorized(client, session)


async def test_a_revoked_or_expired_key_is_401_at_once(client, org, services):
    key_id, key = await make_key(org, services, None)
    await ok(client, "GET", "/customers", key)
    await destroy_api_key(org.admin, key_id, services)
    await _unauthorized(client, key)
    expiring_id, expiring = await make_key(org, services, None)
    await ok(client, "GET", "/customers", expiring)
    await ApiKey.filter(id=expiring_id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    services.cache.clear()
    await _unauthorized(client, expiring)


async def test_allowed_ips_hold_on_rest_as_on_graphql(client, org, services):
    # The test client comes from 203.0.113.7.
    _, inside = await make_key(org, services, None, allowed_ips=["203.0.113.0/24"])
    _, outside = await make_key(org, services, None, allowed_ips=["198.51.100.0/24"])
    await ok(client, "GET", "/customers", inside)
    await _unauthorized(client, outside)


async def test_a_missing_permission_is_403_with_lagos_code(client, org, services):
    key = await key_with(org, services, (Obj.CUSTOMER, A.READ), (Obj.EVENT, A.WRITE))
    await ok(client, "GET", "/customers", key)
    event = {"event": {"transaction_id": "t", "external_customer_id": "c", "code": "x"}}
    await ok(client, "POST", "/events", key, event)
    assert await refused(client, 403, "GET", "/invoices", key) == {
        "status": 403,
        "error": "Forbidden",
        "code": "invoice_read_forbidden",
    }
    denied = await refused(
        client, 403, "POST", "/customers", key, {"customer": {"external_id": "c"}}
    )
    assert denied["code"] == "customer_write_forbidden"


async def test_last_used_at_moves_for_reads_and_writes_but_not_for_ingestion(client, org, services):
    key = await key_with(org, services, (Obj.CUSTOMER, A.READ), (Obj.EVENT, A.WRITE))
    services.last_used.clear()
    event = {"transaction_id": "t", "external_customer_id": "c", "code": "x"}
    await ok(client, "POST", "/events", key, {"event": event})
    await ok(client, "POST", "/events/batch", key, {"events": [event]})
    assert services.last_used.pending == 0
    await ok(client, "GET", "/customers", key)
    assert services.last_used.pending == 1


@pytest.mark.parametrize("throttle", THROTTLES)
async def test_the_guess_limit_is_429_with_retry_after(settings, org, throttle):
    async with (
        limited_settings(settings, throttle, auth_attempts_per_address=2) as limited,
        app_client(limited) as client,
    ):
        headers = {"X-Forwarded-For": "198.51.100.66", "Authorization": "Bearer lk_live_x"}
        statuses = [
            (await client.get("/api/v1/customers", headers=headers)).status_code for _ in range(3)
        ]
        assert statuses == [401, 401, 429]
        limited_answer = await client.get("/api/v1/customers", headers=headers)
        assert limited_answer.json() == {"status": 429, "error": "Too Many Requests"}
        assert int(limited_answer.headers["retry-after"]) > 0
        # The key of another address still works, and a session token costs no guess.
        good = {"X-Forwarded-For": "198.51.100.67", "Authorization": f"Bearer {org.key}"}
        assert (await client.get("/api/v1/customers", headers=good)).status_code == 200


@pytest.mark.parametrize("throttle", ["in-process"])
async def test_a_session_token_is_refused_by_its_shape_without_a_guess(
    settings, org, throttle, services
):
    session = await make_session(services, await make_member(org.id, MemberRole.ADMIN))
    async with (
        limited_settings(settings, throttle, auth_attempts_per_address=2) as limited,
        app_client(limited) as client,
    ):
        headers = {"X-Forwarded-For": "198.51.100.68", "Authorization": f"Bearer {session}"}
        statuses = {
            (await client.get("/api/v1/customers", headers=headers)).status_code for _ in range(5)
        }
        assert statuses == {401}


async def test_bodies_not_json_too_large_or_unreadable(client, org):
    headers = {"Authorization": f"Bearer {org.key}"}
    as_text = await client.post(
        "/api/v1/customers",
        content=b'{"customer": {}}',
        headers=headers | {"Content-Type": "text/plain"},
    )
    assert as_text.status_code == 415 and as_text.json() == {
        "status": 415,
        "error": "Unsupported Media Type",
    }
    broken = await client.post(
        "/api/v1/customers", content=b"{", headers=headers | {"Content-Type": "application/json"}
    )
    assert broken.status_code == 400 and broken.json() == {
        "status": 400,
        "error": "Bad Request",
        "code": "invalid_json",
    }
    huge = {"customer": {"external_id": "c", "name": "x" * 1_000_001}}
    too_large = await client.post("/api/v1/customers", json=huge, headers=headers)
    assert too_large.status_code == 413 and too_large.json() == {
        "status": 413,
        "error": "Payload Too Large",
    }
    assert too_large.headers["cache-control"] == "no-store"


async def test_unknown_routes_and_methods_are_lagos_404_and_405(client, org):
    assert (await refused(client, 404, "GET", "/coupons", org.key))["code"] == "route_not_found"
    response = await rest(client, "PATCH", "/customers", org.key)
    assert response.status_code == 405 and response.headers["allow"] == "GET, POST"
    assert response.json() == {"status": 405, "error": "Method Not Allowed"}


def _failing_app(services, settings, error: Exception) -> Starlette:
    async def fail(call: Call) -> dict:
        raise error

    broken = Operation(
        "GET",
        "/broken",
        "broken",
        "Broken",
        customers.SHAPE,
        (Obj.CUSTOMER, A.READ),
        fail,
        fail,
        "one",
    )
    authenticator = Authenticator(settings, services.cache, services.throttle)
    return Starlette(routes=RestApi(services, authenticator, [broken]).routes())


async def test_an_unexpected_failure_is_500_without_a_trace_or_its_message(
    settings, services, org, caplog
):
    app = _failing_app(services, settings, RuntimeError("secret-in-the-message"))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        with caplog.at_level(logging.ERROR, logger="apikeys.rest"):
            response = await client.get(
                "/api/v1/broken", headers={"Authorization": f"Bearer {org.key}"}
            )
    assert response.status_code == 500 and response.json() == {
        "status": 500,
        "error": "Internal Server Error",
    }
    assert "RuntimeError" in caplog.text and "secret-in-the-message" not in caplog.text


async def test_an_unreachable_database_is_503_with_retry_after(settings, services, org):
    app = _failing_app(services, settings, ConnectionRefusedError("down"))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        response = await client.get(
            "/api/v1/broken", headers={"Authorization": f"Bearer {org.key}"}
        )
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert response.json() == {"status": 503, "error": "Service Unavailable"}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "POST"])
async def test_paths_no_route_takes_are_lagos_404_whatever_the_method(client, org, method):
    headers = {"Authorization": f"Bearer {org.key}"}
    for path in ["/api/v1/plans/a%2Fb", "/api/v1/plans/a/b", "/api/v1", "/api/v1/plans/x%0A/y"]:
        response = await client.request(method, path, headers=headers)
        assert response.status_code == 404, (path, response.text)
        assert response.json() == {"status": 404, "error": "Not Found", "code": "route_not_found"}


async def test_a_value_ending_in_a_newline_reaches_its_operation(client, org):
    response = await client.delete(
        "/api/v1/customers/c%0A", headers={"Authorization": f"Bearer {org.key}"}
    )
    assert response.status_code == 404 and response.json()["code"] == "customer_not_found"
