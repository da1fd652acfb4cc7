"""webhookDeliveries(endpointId): each delivery of the endpoint, newest first, with its
status, attempts and the last response's HTTP status."""

from __future__ import annotations

import json

from jobs.webhook_delivery import deliver
from models import WebhookDelivery
from tests.factories import data, error
from tests.resolvers.webhooks.helpers import endpoint, key_created
from tests.webhook_receiver import DELIVERIES


async def test_attempts_status_and_response_code_are_listed(client, org, local_webhooks, receiver):
    endpoint_id, _, session = await endpoint(client, org, local_webhooks, receiver.url, ["CREATED"])
    receiver.answers = [410]
    first = await key_created(client, org)
    second = await key_created(client, org)
    for row in await WebhookDelivery.filter(endpoint_id=endpoint_id).order_by("created_at"):
        await deliver(str(row.id), local_webhooks.settings)
    listed = (await data(client, DELIVERIES, session, id=endpoint_id))["webhookDeliveries"]
    nodes = [edge["node"] for edge in listed["edges"]]
    assert listed["totalCount"] == 2
    assert [n["apiKeyId"] for n in nodes] == [second, first]
    newest, oldest = nodes
    assert (newest["status"], newest["attempts"], newest["responseCode"]) == ("SENT", 1, 204)
    assert newest["deliveredAt"] is not None and newest["nextAttemptAt"] is None
    assert (oldest["status"], oldest["attempts"], oldest["responseCode"]) == ("PENDING", 1, 410)
    assert oldest["lastError"] == "HTTP 410" and oldest["nextAttemptAt"] is not None
    assert json.loads(oldest["payload"])["data"]["apiKey"]["id"] == first
    assert oldest["event"] == "CREATED"


async def test_an_unknown_endpoint_is_not_found(client, org, services):
    _, _, session = await endpoint(
        client, org, services, "https://hooks.example.com/x", ["CREATED"]
    )
    missing = "00000000-0000-0000-0000-000000000000"
    found = await error(client, DELIVERIES, session, id=missing)
    assert found["extensions"]["code"] == "NOT_FOUND"
