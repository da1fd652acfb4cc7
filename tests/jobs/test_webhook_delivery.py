"""Webhooks on key events, end to end: written by the change's transaction, delivered by RQ
jobs (an in-process burst worker, tests/jobs/conftest.py) to a real HTTP receiver that
verifies each signature with the Standard Webhooks reference library; retried after a 500;
FAILED after the last attempt; never sent to a local address in production mode."""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import socket
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from jobs import tasks, webhook_delivery
from jobs.inline import InlineRunner
from jobs.webhook_delivery import BACKOFF, MAX_ATTEMPTS, deliver, sign
from models import ApiKey, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from tests.factories import data
from tests.resolvers.api_keys.documents import CREATE, DESTROY, PERMS, ROTATE, UPDATE
from tests.webhook_receiver import (
    ALL_EVENTS,
    CREATE_ENDPOINT,
    DELIVERIES,
    admin_session,
    local_webhooks,
    receiver,
)

__all__ = ["local_webhooks", "receiver"]  # fixtures


async def _endpoint(client, org, services, receiver, events=ALL_EVENTS) -> tuple[str, str]:
    session = await admin_session(services, org.admin_id)
    made = (await data(client, CREATE_ENDPOINT, session, url=receiver.url, events=events))[
        "createWebhookEndpoint"
    ]
    return made["endpoint"]["id"], made["secret"]


async def _key(client, org, name: str) -> str:
    made = await data(client, CREATE, org.key, i={"name": name})
    return str(made["createApiKey"]["apiKey"]["id"])


async def _mutate(client, org, document: str, **variables) -> None:
    await data(client, document, org.key, **variables)


def test_the_signature_is_the_reference_librarys():
    secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    when = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
    body = '{"type":"api_key.created"}'
    expected = Webhook(secret).sign("msg_1", when, body)
    assert sign(secret, "msg_1", int(when.timestamp()), body) == expected


def test_retries_span_more_than_24_hours():
    assert sum(BACKOFF, timedelta()) >= timedelta(hours=24)
    assert list(BACKOFF) == sorted(BACKOFF), "each wait is at least the one before"
    assert len(BACKOFF) + 1 == MAX_ATTEMPTS


async def test_every_key_event_reaches_the_receiver_signed(
    client, org, jobs, local_webhooks, receiver
):
    services = local_webhooks
    endpoint_id, secret = await _endpoint(client, org, services, receiver)
    key = await _key(client, org, "ci")
    await _mutate(client, org, UPDATE, i={"id": key, "name": "ci-2"})
    await _mutate(client, org, PERMS, i={"id": key, "permissions": []})
    await _mutate(client, org, ROTATE, i={"id": key, "schedule": "IN_1_HOUR"})
    await _mutate(client, org, "mutation($id: ID!) { endRotationNow(id: $id) { id } }", id=key)
    await _mutate(client, org, ROTATE, i={"id": key, "schedule": "NOW"})
    await _mutate(client, org, "mutation($id: ID!) { disableApiKey(id: $id) { id } }", id=key)
    await _mutate(client, org, "mutation($id: ID!) { enableApiKey(id: $id) { id } }", id=key)
    await _mutate(client, org, DESTROY, id=key)
    leaked = await data(client, CREATE, org.key, i={"name": "leaked"})
    report = [{"token": leaked["createApiKey"]["secret"], "url": "https://x.test", "source": "t"}]
    assert (await client.post("/leaks", json=report)).status_code == 202
    expiring, completing = await _key(client, org, "expiring"), await _key(client, org, "later")
    await _mutate(client, org, ROTATE, i={"id": completing, "schedule": "IN_1_HOUR"})
    past = datetime.now(UTC) - timedelta(minutes=1)
    await ApiKey.filter(id=expiring).update(expires_at=past)
    await ApiKey.filter(id=completing).update(rotation_ends_at=past)
    await jobs.run()
    await asyncio.to_thread(tasks.periodic_tick)  # expiry and the due rotation: the tick's
    await jobs.run()

    payloads = [r.verified(secret) for r in receiver.received]  # raises on a bad signature
    kinds = sorted(p["type"] for p in payloads)
    assert set(kinds) == {f"api_key.{e.lower()}" for e in ALL_EVENTS}
    assert kinds.count("api_key.created") == 4 and kinds.count("api_key.rotation_completed") == 2
    assert kinds.count("api_key.rotation_scheduled") == 2 and len(kinds) == 16
    by_type = {p["type"]: p for p in payloads}
    assert by_type["api_key.destroyed"]["data"]["apiKey"] == {
        "id": key,
        "name": "ci-2",
        "prefix": by_type["api_key.destroyed"]["data"]["apiKey"]["prefix"],
        "status": "REVOKED",
    }
    assert by_type["api_key.expired"]["data"]["apiKey"]["id"] == expiring
    assert by_type["api_key.leaked"]["data"]["apiKey"]["status"] == "REVOKED"
    assert leaked["createApiKey"]["secret"] not in str([r.body for r in receiver.received])
    listed = await data(
        client, DELIVERIES, await admin_session(services, org.admin_id), id=endpoint_id
    )
    nodes = [edge["node"] for edge in listed["webhookDeliveries"]["edges"]]
    assert len(nodes) == 16
    assert {(n["status"], n["responseCode"], n["attempts"]) for n in nodes} == {("SENT", 204, 1)}
    ids = {r.headers["webhook-id"] for r in receiver.received}
    assert ids == {n["messageId"] for n in nodes}


async def test_a_500_is_retried_with_backoff_and_then_delivered(
    client, org, jobs, local_webhooks, receiver
):
    endpoint_id, secret = await _endpoint(client, org, local_webhooks, receiver, ["CREATED"])
    receiver.answers = [500]
    before = datetime.now(UTC)
    await _key(client, org, "retried")
    await jobs.run()
    row = await WebhookDelivery.get(endpoint_id=endpoint_id)
    assert (row.status, row.attempts, row.response_code) == (WebhookDeliveryStatus.PENDING, 1, 500)
    assert row.last_error == "HTTP 500"
    assert row.next_attempt_at is not None
    assert row.next_attempt_at - before >= BACKOFF[0]
    await asyncio.to_thread(tasks.periodic_tick)  # not due yet: nothing sent
    await jobs.run()
    assert len(receiver.received) == 1
    await WebhookDelivery.filter(id=row.id).update(next_attempt_at=datetime.now(UTC))
    await asyncio.to_thread(tasks.periodic_tick)  # due: the tick hands it to RQ
    await jobs.run()
    await row.refresh_from_db()
    assert (row.status, row.attempts, row.response_code) == (WebhookDeliveryStatus.SENT, 2, 204)
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == row.message_id
    assert first.verified(secret) == second.verified(secret)


async def test_a_delivery_that_keeps_failing_ends_failed_and_visible(
    client, org, local_webhooks, receiver
):
    endpoint_id, _ = await _endpoint(client, org, local_webhooks, receiver, ["CREATED"])
    receiver.answers = [503] * MAX_ATTEMPTS
    await _key(client, org, "doomed")
    row = await WebhookDelivery.get(endpoint_id=endpoint_id)
    at = datetime.now(UTC)
    for _ in range(MAX_ATTEMPTS):
        assert row.next_attempt_at is not None
        at = max(at, row.next_attempt_at)
        assert not await deliver(str(row.id), local_webhooks.settings, now=at)
        await row.refresh_from_db()
    assert (row.status, row.attempts, row.response_code) == ("FAILED", MAX_ATTEMPTS, 503)
    assert at - row.created_at >= timedelta(hours=24), "retried over more than a day"
    assert len(receiver.received) == MAX_ATTEMPTS
    assert await webhook_delivery.due_deliveries(at + timedelta(days=30)) == []
    session = await admin_session(local_webhooks, org.admin_id)
    node = (await data(client, DELIVERIES, session, id=endpoint_id))["webhookDeliveries"]
    assert node["edges"][0]["node"]["status"] == "FAILED"
    assert node["edges"][0]["node"]["lastError"] == "HTTP 503"


async def test_production_mode_never_sends_to_a_local_address(
    client, org, local_webhooks, receiver
):
    """The endpoint was registered while local addresses were allowed; at delivery time,
    without WEBHOOK_ALLOW_LOCAL, the address is checked again and nothing is sent."""
    endpoint_id, _ = await _endpoint(client, org, local_webhooks, receiver, ["CREATED"])
    await _key(client, org, "ssrf")
    production = dataclasses.replace(local_webhooks.settings, webhook_allow_local=False)
    row = await WebhookDelivery.get(endpoint_id=endpoint_id)
    assert not await deliver(str(row.id), production)
    await row.refresh_from_db()
    assert row.status == WebhookDeliveryStatus.PENDING and row.attempts == 1
    assert row.response_code is None
    assert row.last_error is not None and row.last_error.startswith("refused: ")
    assert receiver.received == []


async def test_a_name_that_resolves_to_a_private_address_is_refused_at_delivery(
    client, org, local_webhooks, receiver
):
    """DNS rebinding: a name (not an address) stored as the URL, resolving to a loopback or
    private address when the delivery is made."""
    name = socket.gethostname()
    try:
        address = ipaddress.ip_address(socket.getaddrinfo(name, 443)[0][4][0])
    except OSError:
        pytest.skip("the host's own name does not resolve here")
    if address.is_global:
        pytest.skip("the host's own name resolves to a public address")
    endpoint_id, _ = await _endpoint(client, org, local_webhooks, receiver, ["CREATED"])
    await WebhookEndpoint.filter(id=endpoint_id).update(url=f"https://{name}:{receiver.port}/x")
    await _key(client, org, "rebound")
    production = dataclasses.replace(local_webhooks.settings, webhook_allow_local=False)
    row = await WebhookDelivery.get(endpoint_id=endpoint_id)
    assert not await deliver(str(row.id), production)
    await row.refresh_from_db()
    assert row.last_error is not None and "resolves to a loopback, private" in row.last_error
    assert receiver.received == []


async def test_the_inline_runner_delivers_on_the_embedded_default(
    client, org, local_webhooks, receiver
):
    endpoint_id, secret = await _endpoint(client, org, local_webhooks, receiver, ["CREATED"])
    runner = InlineRunner(local_webhooks.settings)
    local_webhooks.dispatcher = runner
    try:
        await _key(client, org, "inline")
        await runner.drain()
    finally:
        await runner.close()
    assert [r.verified(secret)["type"] for r in receiver.received] == ["api_key.created"]
    row = await WebhookDelivery.get(endpoint_id=endpoint_id)
    assert row.status == WebhookDeliveryStatus.SENT


async def test_an_endpoint_gets_only_its_events_and_its_organizations(
    client, org, other_org, local_webhooks, receiver
):
    await _endpoint(client, org, local_webhooks, receiver, ["DISABLED"])
    await _key(client, org, "not subscribed")
    await data(client, CREATE, other_org.key, i={"name": "another organization's"})
    assert await WebhookDelivery.all().count() == 0


async def test_a_secret_no_sealing_key_opens_is_a_failed_attempt_not_a_loop(
    client, org, local_webhooks, receiver
):
    endpoint_id, _ = await _endpoint(client, org, local_webhooks, receiver, ["CREATED"])
    await WebhookEndpoint.filter(id=endpoint_id).update(sealed_secret="gone.AAAA")
    await _key(client, org, "unsealable")
    row = await WebhookDelivery.get(endpoint_id=endpoint_id)
    assert not await deliver(str(row.id), local_webhooks.settings)
    await row.refresh_from_db()
    assert (row.status, row.attempts) == (WebhookDeliveryStatus.PENDING, 1)
    assert row.last_error is not None and "APIKEYS_SEALING_KEYS" in row.last_error
    assert receiver.received == []
