"""A Lago connector against a real `serve` process, changing only its base URL and key:
page through 250 customers until next_page is null, send 1,000 events in batches of 100
and one batch again (no duplicates), read plans, subscriptions and invoices; a key without
INVOICE READ gets Lago's 403, a revoked key 401."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import processes

pytestmark = pytest.mark.e2e
CUSTOMERS, EVENTS, BATCH = 250, 1000, 100
GRANTS = ", ".join(
    f"{{object: {o}, access: {a}}}"
    for o, a in [
        ("CUSTOMER", "READ_WRITE"),
        ("EVENT", "READ_WRITE"),
        ("PLAN", "READ"),
        ("SUBSCRIPTION", "READ"),
    ]
)
CREATE_KEY = f'mutation {{ createApiKey(input: {{name: "connector", permissions: [{GRANTS}]}}) {{ apiKey {{ id }} secret }} }}'
DESTROY_KEY = "mutation($id: ID!) { destroyApiKey(id: $id) { status } }"


class Lago:
    """What a connector built for Lago does: `base_url` ending in /api/v1, a bearer key."""

    def __init__(self, base_url: str, key: str) -> None:
        self.http = httpx.AsyncClient(
            base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30
        )

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.request(method, path, **kwargs)

    async def list_all(self, resource: str, per_page: int) -> list[dict[str, Any]]:
        found, page = [], 1
        while page is not None:
            response = await self.call(
                "GET", f"/{resource}", params={"page": page, "per_page": per_page}
            )
            assert response.status_code == 200, response.text
            body = response.json()
            found += body[resource]
            page = body["meta"]["next_page"]
        return found


@pytest.fixture(params=["sqlite", "postgres"])
async def served(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    async with processes.environment(request.param, tmp_path) as env:
        admin = processes.bootstrap(env)["api_key"]
        with processes.serving(env, tmp_path / "serve.log") as base:
            yield base, admin


@pytest.fixture
def connector_key(served) -> Iterator[tuple[str, str]]:
    """(id, secret) of a key with CUSTOMER and EVENT READ_WRITE, PLAN and SUBSCRIPTION READ:
    no INVOICE READ."""
    base, admin = served
    made = httpx.post(
        f"{base}/graphql", json={"query": CREATE_KEY}, headers={"Authorization": f"Bearer {admin}"}
    )
    created = made.json()["data"]["createApiKey"]
    yield created["apiKey"]["id"], created["secret"]


async def test_a_lago_connector_works_against_this_service(served, connector_key):
    base, admin = served
    key_id, key = connector_key
    lago = Lago(f"{base}/api/v1", key)
    async with lago.http:
        await _customers(lago)
        await _events(lago)
        await _reads(Lago(f"{base}/api/v1", admin))
        forbidden = await lago.call("GET", "/invoices")
        assert forbidden.status_code == 403
        assert forbidden.json() == {
            "status": 403,
            "error": "Forbidden",
            "code": "invoice_read_forbidden",
        }
        revoked = httpx.post(
            f"{base}/graphql",
            json={"query": DESTROY_KEY, "variables": {"id": key_id}},
            headers={"Authorization": f"Bearer {admin}"},
        )
        assert revoked.json()["data"]["destroyApiKey"]["status"] == "REVOKED"
        refused = await lago.call("GET", "/customers")
        assert refused.status_code == 401 and refused.json() == {
            "status": 401,
            "error": "Unauthorized",
        }
        assert refused.headers["www-authenticate"] == "Bearer"


async def _customers(lago: Lago) -> None:
    for start in range(0, CUSTOMERS, 50):  # 50 requests at a time, as a sync job would
        sent = await asyncio.gather(
            *(
                lago.call(
                    "POST",
                    "/customers",
                    json={"customer": {"external_id": f"cus_{i:03}", "name": f"Customer {i}"}},
                )
                for i in range(start, start + 50)
            )
        )
        assert {response.status_code for response in sent} == {200}
    listed = await lago.list_all("customers", per_page=100)
    assert len(listed) == CUSTOMERS
    # Each once across the pages (sent 50 at a time, their order among themselves is open).
    assert sorted(c["external_id"] for c in listed) == [f"cus_{i:03}" for i in range(CUSTOMERS)]
    created = [datetime.fromisoformat(c["created_at"]) for c in listed]
    assert created == sorted(created, reverse=True)  # newest first
    one = await lago.call("GET", "/customers", params={"per_page": 100, "page": 3})
    assert one.json()["meta"] == {
        "current_page": 3,
        "next_page": None,
        "prev_page": 2,
        "total_pages": 3,
        "total_count": CUSTOMERS,
    }


async def _events(lago: Lago) -> None:
    batches = [
        {
            "events": [
                {
                    "transaction_id": f"tx_{b}_{i}",
                    "external_customer_id": f"cus_{i:03}",
                    "code": "api_calls",
                    "timestamp": 1_700_000_000 + i,
                    "properties": {"calls": i},
                }
                for i in range(BATCH)
            ]
        }
        for b in range(EVENTS // BATCH)
    ]
    for batch in batches:
        sent = await lago.call("POST", "/events/batch", json=batch)
        assert sent.status_code == 200 and len(sent.json()["events"]) == BATCH
    again = await lago.call("POST", "/events/batch", json=batches[3])
    assert again.status_code == 200
    assert [e["transaction_id"] for e in again.json()["events"]] == [
        e["transaction_id"] for e in batches[3]["events"]
    ]
    counted = await lago.call("GET", "/events", params={"per_page": 1})
    assert counted.json()["meta"]["total_count"] == EVENTS
    one = await lago.call("GET", "/events/tx_3_7")
    assert one.status_code == 200 and one.json()["event"]["properties"] == {"calls": 7}


async def _reads(lago: Lago) -> None:
    async with lago.http:
        plan = {
            "plan": {
                "code": "startup",
                "name": "Startup",
                "interval": "monthly",
                "amount_cents": 1000,
                "amount_currency": "USD",
            }
        }
        assert (await lago.call("POST", "/plans", json=plan)).status_code == 200
        subscription = {
            "subscription": {
                "external_customer_id": "cus_001",
                "plan_code": "startup",
                "external_id": "sub_001",
            }
        }
        assert (await lago.call("POST", "/subscriptions", json=subscription)).status_code == 200
        assert [p["code"] for p in await lago.list_all("plans", per_page=20)] == ["startup"]
        subscriptions = await lago.list_all("subscriptions", per_page=20)
        assert [
            (s["external_id"], s["external_customer_id"], s["plan_code"]) for s in subscriptions
        ] == [("sub_001", "cus_001", "startup")]
        assert await lago.list_all("invoices", per_page=20) == []
