"""A key's rate limit and credits: set on create and update, shown on the key, and
enforced on both doors, in process and on Redis."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from resolvers.services import Services
from server import create_app
from settings import Settings
from tests import services as backing
from tests.factories import data, error, gql
from tests.resolvers.api_keys.documents import VIEWER

METERING = ("in-process", "redis")
LIMITS = "rateLimit { requests perSeconds } credits { remaining refill { amount interval } }"
CREATE = (
    "mutation($i: CreateApiKeyInput!) "
    f"{{ createApiKey(input: $i) {{ apiKey {{ id {LIMITS} }} secret }} }}"
)
UPDATE = f"mutation($i: UpdateApiKeyInput!) {{ updateApiKey(input: $i) {{ id {LIMITS} }} }}"
GET = f"query($id: ID!) {{ apiKey(id: $id) {{ {LIMITS} }} }}"


@asynccontextmanager
async def metered_app(
    settings: Settings, metering: str
) -> AsyncIterator[tuple[httpx.AsyncClient, Services]]:
    """An app (its lifespan started) counting in process, or on Redis (emptied around)."""
    if metering == "redis":
        backing.require_service("Redis", "127.0.0.1", 6379)
        await backing.flush_redis()
        settings = dataclasses.replace(settings, redis_url=backing.REDIS_URL)
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            yield client, app.state.services
    finally:
        if metering == "redis":
            await backing.flush_redis()


async def create(client: httpx.AsyncClient, token: str, **fields: Any) -> Any:
    return (await data(client, CREATE, token, i=fields))["createApiKey"]


@pytest.mark.parametrize("metering", METERING)
async def test_the_sixth_request_in_ten_seconds_is_refused_with_429_and_the_headers(
    settings, org, metering
):
    async with metered_app(settings, metering) as (client, _):
        key = await create(client, org.key, rateLimit={"requests": 5, "perSeconds": 10})
        assert key["apiKey"]["rateLimit"] == {"requests": 5, "perSeconds": 10}
        answers = [await gql(client, VIEWER, key["secret"]) for _ in range(6)]
        assert [a.status_code for a in answers] == [200] * 5 + [429]
        assert [a.headers["RateLimit"] for a in answers[:5]] == [
            f'"key";r={left};t={10 - 2 * left}' for left in (4, 3, 2, 1, 0)
        ]
        refused = answers[5]
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert refused.headers["RateLimit-Policy"] == '"key";q=5;w=10'
        assert refused.headers["RateLimit"].startswith('"key";r=0;t=')
        assert 1 <= int(refused.headers["Retry-After"]) <= 2
        # The other keys of the organization are not limited by it.
        assert all([(await gql(client, VIEWER, org.key)).status_code == 200 for _ in range(8)])
        assert "RateLimit" not in (await gql(client, VIEWER, org.key)).headers


@pytest.mark.parametrize("metering", METERING)
async def test_the_rest_door_counts_the_same_limit(settings, org, metering):
    async with metered_app(settings, metering) as (client, _):
        key = await create(client, org.key, rateLimit={"requests": 2, "perSeconds": 60})
        auth = {"Authorization": f"Bearer {key['secret']}"}
        assert (await gql(client, VIEWER, key["secret"])).status_code == 200
        first = await client.get("/api/v1/customers", headers=auth)
        assert first.status_code == 200 and first.headers["RateLimit-Policy"] == '"key";q=2;w=60'
        over = await client.get("/api/v1/customers", headers=auth)
        assert over.status_code == 429
        assert over.json() == {"status": 429, "error": "Too Many Requests", "code": "rate_limited"}
        assert int(over.headers["Retry-After"]) >= 1 and over.headers["RateLimit"].startswith(
            '"key";r=0;'
        )
        assert (await gql(client, VIEWER, key["secret"])).status_code == 429


@pytest.mark.parametrize("metering", METERING)
async def test_a_key_with_three_credits_works_three_times_then_usage_exceeded(
    settings, org, metering
):
    async with metered_app(settings, metering) as (client, meter_services):
        key = await create(client, org.key, credits={"remaining": 3})
        answers = [await gql(client, VIEWER, key["secret"]) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        body = answers[3].json()
        assert body["errors"][0]["extensions"]["code"] == "USAGE_EXCEEDED"
        assert "Retry-After" not in answers[3].headers, "no refill to wait for"
        rest = await client.get(
            "/api/v1/customers", headers={"Authorization": f"Bearer {key['secret']}"}
        )
        assert rest.status_code == 429 and rest.json()["code"] == "usage_exceeded"
        # What was spent reaches the database on the next flush (every 30 s).
        await meter_services.meter.flush()
        shown = await data(client, GET, org.key, id=key["apiKey"]["id"])
        assert shown["apiKey"]["credits"] == {"remaining": 0, "refill": None}
        # Setting credits again starts afresh.
        await data(
            client, UPDATE, org.key, i={"id": key["apiKey"]["id"], "credits": {"remaining": 1}}
        )
        assert (await gql(client, VIEWER, key["secret"])).status_code == 200
        assert (await gql(client, VIEWER, key["secret"])).status_code == 429


@pytest.mark.parametrize("metering", METERING)
async def test_spent_credits_survive_a_restart(settings, org, metering):
    async with metered_app(settings, metering) as (client, _):
        key = await create(client, org.key, credits={"remaining": 5})
        for _ in range(2):
            assert (await gql(client, VIEWER, key["secret"])).status_code == 200
    if metering == "redis":
        await backing.flush_redis()  # even with Redis emptied: the database has the spend
    async with metered_app(settings, metering) as (client, _):
        shown = await data(client, GET, org.key, id=key["apiKey"]["id"])
        assert shown["apiKey"]["credits"]["remaining"] == 3
        statuses = [(await gql(client, VIEWER, key["secret"])).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]


async def test_limits_are_shown_changed_and_removed(client, org):
    created = await create(
        client,
        org.key,
        rateLimit={"requests": 100, "perSeconds": 60},
        credits={"remaining": 1000, "refill": {"amount": 500, "interval": "MONTHLY"}},
    )
    key_id = created["apiKey"]["id"]
    assert created["apiKey"]["credits"] == {
        "remaining": 1000,
        "refill": {"amount": 500, "interval": "MONTHLY"},
    }
    updated = (
        await data(
            client, UPDATE, org.key, i={"id": key_id, "rateLimit": {"requests": 7, "perSeconds": 1}}
        )
    )["updateApiKey"]
    assert updated["rateLimit"] == {"requests": 7, "perSeconds": 1}
    assert updated["credits"]["remaining"] == 1000, "credits untouched when omitted"
    cleared = (
        await data(client, UPDATE, org.key, i={"id": key_id, "rateLimit": None, "credits": None})
    )["updateApiKey"]
    assert (cleared["rateLimit"], cleared["credits"]) == (None, None)
    assert (await data(client, GET, org.key, id=key_id))["apiKey"] == {
        "rateLimit": None,
        "credits": None,
    }


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rateLimit": {"requests": 0, "perSeconds": 10}}, "rateLimit"),
        ({"rateLimit": {"requests": 5, "perSeconds": 0}}, "rateLimit"),
        ({"rateLimit": {"requests": 5, "perSeconds": 86_401}}, "rateLimit"),
        ({"credits": {"remaining": -1}}, "credits"),
        ({"credits": {"remaining": 1, "refill": {"amount": 0, "interval": "DAILY"}}}, "credits"),
    ],
)
async def test_out_of_range_limits_are_bad_user_input(client, org, fields, field):
    failure = await error(client, CREATE, org.key, i=fields)
    assert failure["extensions"]["code"] == "BAD_USER_INPUT"
    assert failure["extensions"]["field"] == field


async def test_a_key_cannot_lift_its_own_limits(client, org):
    created = await create(client, org.key, credits={"remaining": 10})
    own = created["apiKey"]["id"]
    failure = await error(
        client, UPDATE, created["secret"], i={"id": own, "credits": {"remaining": 10**9}}
    )
    assert failure["extensions"]["code"] == "CONFLICT"


async def test_another_organizations_key_limits_read_as_not_found(client, org, other_org):
    failure = await error(
        client,
        UPDATE,
        other_org.key,
        i={"id": org.key_id, "rateLimit": {"requests": 1, "perSeconds": 1}},
    )
    assert failure["extensions"]["code"] == "NOT_FOUND"


INGEST = "mutation($e: [EventInput!]!) { ingestEvents(events: $e) { id } }"


def _events(*ids: str) -> list[dict[str, str]]:
    return [{"transactionId": i, "externalCustomerId": "c", "code": "calls"} for i in ids]


@pytest.mark.parametrize("metering", METERING)
async def test_ingestion_spends_one_credit_per_event(settings, org, metering):
    async with metered_app(settings, metering) as (client, _):
        key = await create(client, org.key, credits={"remaining": 5})
        secret = key["secret"]
        assert (await gql(client, INGEST, secret, e=_events("a", "b"))).status_code == 200
        written = 'mutation { ingestEvents(events: [{transactionId: "c", externalCustomerId: "c", '
        written += 'code: "calls"}, {transactionId: "d", externalCustomerId: "c", code: "calls"}]) '
        written += "{ id } }"
        assert (await gql(client, written, secret)).status_code == 200
        over = await gql(client, INGEST, secret, e=_events("e", "f"))
        assert over.status_code == 429, "one credit left, two events"
        batch = {"events": [{"transaction_id": "g", "external_customer_id": "c", "code": "x"}]}
        auth = {"Authorization": f"Bearer {secret}"}
        assert (
            await client.post("/api/v1/events/batch", json=batch, headers=auth)
        ).status_code == 200
        assert (await gql(client, VIEWER, secret)).status_code == 429


WRAPPED = [
    # ingestEvents beside a fragment, inside an inline fragment, inside a named fragment
    "mutation($e: [EventInput!]!) { ingestEvents(events: $e) { id } ... on Mutation "
    "{ __typename } }",
    "mutation($e: [EventInput!]!) { ... on Mutation { ingestEvents(events: $e) { id } } }",
    "mutation($e: [EventInput!]!) { ...F } fragment F on Mutation { ingestEvents(events: $e) "
    "{ id } }",
]


@pytest.mark.parametrize("document", WRAPPED)
async def test_a_fragment_does_not_make_a_batch_cost_one_credit(settings, org, document):
    async with metered_app(settings, "in-process") as (client, _):
        secret = (await create(client, org.key, credits={"remaining": 3}))["secret"]
        over = await gql(client, document, secret, e=_events("a", "b", "c", "d"))
        assert over.status_code == 429, "3 credits, 4 events"
        assert (await gql(client, document, secret, e=_events("a", "b", "c"))).status_code == 200
        assert (await gql(client, VIEWER, secret)).status_code == 429


AUDIT = (
    "query($id: ID!) { auditEvents(apiKeyId: $id, first: 5) "
    "{ edges { node { action before after } } } }"
)


async def test_limit_changes_are_in_the_audit_trail(client, org):
    created = await create(client, org.key, rateLimit={"requests": 5, "perSeconds": 10})
    key_id = created["apiKey"]["id"]
    change = {"id": key_id, "rateLimit": None, "credits": {"remaining": 9}}
    await data(client, UPDATE, org.key, i=change)
    events = [
        e["node"] for e in (await data(client, AUDIT, org.key, id=key_id))["auditEvents"]["edges"]
    ]
    updated = next(e for e in events if e["action"] == "updated")
    assert updated["before"]["rateLimit"] == {"requests": 5, "perSeconds": 10}
    assert updated["before"]["credits"] is None
    assert updated["after"]["rateLimit"] is None
    assert updated["after"]["credits"] == {"remaining": 9, "refill": None}
