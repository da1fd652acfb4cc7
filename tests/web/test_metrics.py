"""GET /metrics: off by default, behind METRICS_TOKEN, counters that move, and never a key
id, a token, an e-mail or an organization name in a label."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from tortoise.transactions import in_transaction

from models import Organization, WebhookDelivery, WebhookEndpoint
from server import create_app
from tests import processes, services
from tests.factories import data, gql

TOKEN = "metrics-token-0123456789"
VIEWER = "{ viewer { fullAccess } }"
CREATE = 'mutation { createApiKey(input: {name: "scraped"}) { apiKey { id } secret } }'


@pytest.fixture
def app(settings):
    return create_app(dataclasses.replace(settings, metrics_token=TOKEN), manage_database=False)


def _samples(text: str) -> dict[tuple[str, frozenset], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def _scrape(client: httpx.AsyncClient) -> str:
    answer = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    return answer.text


def _value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def _pool(samples: dict) -> dict[str, float]:
    states = ("in_use", "idle", "max")
    return {s: _value(samples, "apikeys_db_pool_connections", state=s) for s in states}


async def test_metrics_are_off_unless_a_token_is_set(settings):
    transport = httpx.ASGITransport(app=create_app(settings, manage_database=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/metrics")).status_code == 404


async def test_metrics_need_the_token(client):
    assert (await client.get("/metrics")).status_code == 401
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"


async def test_counters_move_and_no_label_names_a_key_a_token_an_email_or_an_org(client, org):
    before = _samples(await _scrape(client))
    created = (await data(client, CREATE, org.key))["createApiKey"]
    for _ in range(3):
        await data(client, VIEWER, org.key)
    assert (await gql(client, VIEWER, org.key[:-6] + "000000")).status_code == 401
    assert (await gql(client, "{ nope }", org.key)).status_code == 200
    text = await _scrape(client)
    after = _samples(text)

    def moved(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    ok = {"operation": "viewer", "outcome": "ok", "status": "200"}
    assert moved("apikeys_http_requests_total", **ok) == 3
    invalid = {"operation": "other", "outcome": "GRAPHQL_VALIDATION_FAILED", "status": "200"}
    assert moved("apikeys_http_requests_total", **invalid) == 1
    refused = {"operation": "viewer", "outcome": "UNAUTHENTICATED", "status": "401"}
    assert moved("apikeys_http_requests_total", **refused) == 1
    assert moved("apikeys_http_request_duration_seconds_count", operation="viewer") == 4
    assert moved("apikeys_authentications_total", outcome="valid") == 5
    assert moved("apikeys_authentications_total", outcome="unknown") == 1
    hits = moved("apikeys_credential_cache_total", event="hit")
    assert hits >= 3 and moved("apikeys_credential_cache_total", event="miss") >= 1
    assert _value(after, "apikeys_outbox_notifications", status="PENDING") >= 1
    secrets = [org.key, created["secret"], org.key_id, created["apiKey"]["id"], org.admin_email]
    secrets += ["Acme", org.id]
    leaks = [secret for secret in secrets if secret in text]
    assert leaks == [], f"named in /metrics: {leaks}"


async def test_the_database_pool_is_reported(client, org, settings):
    """PostgreSQL: asyncpg's pool, up to Tortoise's default of 5 connections (the URL sets
    no maxsize), open since the first query; SQLite: its one connection."""
    await data(client, VIEWER, org.key)
    pool = _pool(_samples(await _scrape(client)))
    assert pool["max"] == (1 if settings.is_sqlite else 5)
    assert pool["in_use"] == 0 and 1 <= pool["idle"] <= pool["max"], pool


async def test_a_connection_held_by_a_transaction_is_in_use(client, settings):
    if settings.is_sqlite:
        pytest.skip("SQLite's one connection, held, would hold up the scrape's own queries")
    held, release = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with in_transaction():
            await Organization.all().count()
            held.set()
            await release.wait()

    task = asyncio.create_task(hold())
    await held.wait()
    during = _pool(_samples(await _scrape(client)))
    release.set()
    await task
    after = _pool(_samples(await _scrape(client)))
    assert during["in_use"] == 1 and after["in_use"] == 0, (during, after)
    assert after["idle"] >= 1


async def test_an_operation_label_is_one_of_the_schemas_fields(client, org):
    for made_up in (
        "{ a1: viewer { fullAccess } }",
        "{ viewer { fullAccess } organization { id } }",
    ):
        await gql(client, made_up, org.key)
    await gql(client, "{ secretlyNamedField_" + org.key_id.replace("-", "") + " }", org.key)
    operations = {
        labels.get("operation")
        for (name, labels_set) in _samples(await _scrape(client))
        if name == "apikeys_http_requests_total"
        for labels in [dict(labels_set)]
    }
    assert "several" in operations and "viewer" in operations
    assert not any(org.key_id.replace("-", "") in str(op) for op in operations)


@pytest.mark.e2e
async def test_two_workers_report_the_same_totals(tmp_path):
    """`serve --workers 2`: each worker counts in its own files, every scrape sums them,
    whichever worker answers it."""
    services.require_service("Redis", "127.0.0.1", 6379)
    async with processes.environment("postgres", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        env["METRICS_TOKEN"] = TOKEN
        key = processes.bootstrap(env)["api_key"]
        with processes.serving(env, tmp_path / "serve.log", "--workers", "2") as base:
            auth = {"Authorization": f"Bearer {key}", "Connection": "close"}
            for _ in range(30):  # a new connection each: both workers answer some
                async with httpx.AsyncClient(base_url=base, headers=auth) as client:
                    answer = await client.post("/graphql", json={"query": VIEWER})
                    assert answer.status_code == 200
            # A worker writes its counts to the files before its own scrapes and every
            # second (a request is reported 0.1 s after its answer): within about a second,
            # every scrape sums all 30, whichever worker answers.
            await asyncio.sleep(2.5)
            totals = set()
            for _ in range(8):
                async with httpx.AsyncClient(base_url=base, headers={"Connection": "close"}) as c:
                    samples = _samples(await _scrape(c))
                ok = {"operation": "viewer", "outcome": "ok", "status": "200"}
                totals.add(_value(samples, "apikeys_http_requests_total", **ok))
            pools = await _pools_of_both_workers(base)
    assert totals == {30.0}, totals
    # Each worker's pool (Tortoise's default: up to 5), whichever worker answers the scrape.
    assert pools["max"] == 10 and pools["in_use"] + pools["idle"] <= 10, pools


async def _pools_of_both_workers(base: str) -> dict[str, float]:
    """The pool gauges once both workers have written theirs (at start, then every second)."""
    deadline = time.monotonic() + 30
    while True:
        async with httpx.AsyncClient(base_url=base, headers={"Connection": "close"}) as c:
            pools = _pool(_samples(await _scrape(c)))
        if pools["max"] == 10 or time.monotonic() > deadline:
            return pools
        await asyncio.sleep(0.2)


@pytest.mark.e2e
async def test_metrics_port_serves_metrics_alone_and_without_a_token(tmp_path):
    """METRICS_PORT: the workers listen there too, for GET /metrics only; the main port
    keeps /metrics off (no METRICS_TOKEN)."""
    services.require_service("Redis", "127.0.0.1", 6379)
    async with processes.environment("sqlite", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        env["METRICS_PORT"] = str(processes.free_port())
        with processes.serving(env, tmp_path / "serve.log", "--workers", "2") as base:
            metrics_base = f"http://127.0.0.1:{env['METRICS_PORT']}"
            async with httpx.AsyncClient() as client:
                await client.post(f"{base}/graphql", json={"query": VIEWER})
                await asyncio.sleep(2.5)  # the worker that answered has written its counts
                scraped = await client.get(f"{metrics_base}/metrics")
                assert scraped.status_code == 200
                samples = _samples(scraped.text)
                refused = {"operation": "viewer", "outcome": "UNAUTHENTICATED", "status": "401"}
                assert _value(samples, "apikeys_http_requests_total", **refused) == 1
                assert (await client.get(f"{base}/metrics")).status_code == 404
                assert (await client.post(f"{metrics_base}/graphql", json={})).status_code == 404
                assert (await client.get(f"{metrics_base}/healthz")).status_code == 404


# Webhooks on key events
async def test_webhook_deliveries_are_counted_by_status(client, org):
    endpoint = await WebhookEndpoint.create(
        organization_id=org.id,
        url="https://hooks.example.com/x",
        events=["created"],
        sealed_secret="t1.unused",
    )
    await WebhookDelivery.create(
        organization_id=org.id,
        endpoint=endpoint,
        message_id="msg_1",
        event="created",
        payload="{}",
        status="FAILED",
    )
    await data(client, CREATE, org.key)  # a PENDING one
    after = _samples(await _scrape(client))
    assert _value(after, "apikeys_webhook_deliveries", status="FAILED") == 1
    assert _value(after, "apikeys_webhook_deliveries", status="PENDING") == 1
    assert _value(after, "apikeys_webhook_deliveries", status="SENT") == 0
