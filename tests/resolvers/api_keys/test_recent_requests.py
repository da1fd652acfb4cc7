"""ApiKey.recentRequests: newest first, with address, operation and outcome; bounded per
key; another organization sees nothing."""

from __future__ import annotations

from typing import Any

import pytest

from auth import activity
from models import ApiKeyRequest
from models.usage import add_requests
from tests.factories import data, gql, make_key

RECENT = (
    "query($id: ID!, $n: Int) { apiKey(id: $id) { recentRequests(first: $n) "
    "{ at clientAddress operation outcome } } }"
)
VIEWER = "{ viewer { fullAccess } }"


async def test_the_last_requests_newest_first(client, org, services):
    key_id, secret = await make_key(org, services, None, credits=None)
    await gql(client, VIEWER, secret)
    await client.get("/api/v1/customers", headers={"Authorization": f"Bearer {secret}"})
    await gql(client, "{ viewer { fullAccess } organization { name } }", secret)
    await services.activity.flush()
    recent = (await data(client, RECENT, org.key, id=key_id, n=2))["apiKey"]["recentRequests"]
    assert [(r["operation"], r["outcome"], r["clientAddress"]) for r in recent] == [
        ("organization,viewer", "VALID", "203.0.113.7"),
        ("findAllCustomers", "VALID", "203.0.113.7"),
    ]
    assert recent[0]["at"] >= recent[1]["at"]
    everything = (await data(client, RECENT, org.key, id=key_id, n=None))["apiKey"]
    assert len(everything["recentRequests"]) == 3


async def test_only_the_last_ones_are_kept(client, org, services, monkeypatch):
    monkeypatch.setattr(activity, "RECENT_KEPT", 4)
    key_id, secret = await make_key(org, services, None)
    for _ in range(3):
        for _ in range(3):
            await gql(client, VIEWER, secret)
        await services.activity.flush()
    assert await ApiKeyRequest.filter(api_key_id=key_id).count() == 4


async def test_first_is_bounded_and_tenancy_holds(client, org, other_org):
    failure = (await gql(client, RECENT, org.key, id=org.key_id, n=1001)).json()["errors"][0]
    assert failure["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await data(client, RECENT, other_org.key, id=org.key_id, n=5)) == {"apiKey": None}


async def test_a_flush_that_fails_halfway_writes_each_request_once(
    client, org, services, monkeypatch
):
    """The connection lost after one key's requests are written: the retry writes only
    the others', and the first key shows each of its requests once."""
    first_id, first = await make_key(org, services, None)
    second_id, second = await make_key(org, services, None)
    for secret in (first, second):
        await gql(client, VIEWER, secret)
    written: list[str] = []

    async def lost_after_one(key_id: str, organization_id: str, requests: Any) -> None:
        if written:
            raise ConnectionError("connection lost")
        written.append(key_id)
        await add_requests(key_id, organization_id, requests)

    monkeypatch.setattr(activity, "add_requests", lost_after_one)
    with pytest.raises(ConnectionError):
        await services.activity.flush()
    monkeypatch.setattr(activity, "add_requests", add_requests)
    await services.activity.flush()
    for key_id in (first_id, second_id):
        recent = (await data(client, RECENT, org.key, id=key_id, n=10))["apiKey"]
        assert [r["operation"] for r in recent["recentRequests"]] == ["viewer"], key_id
