"""redeliverWebhook: a FAILED (or any) delivery's message sent again as a new delivery with
the same webhook-id and body, freshly signed; the original row stays as it was."""

from __future__ import annotations

from jobs.webhook_delivery import deliver
from models import WebhookDelivery, WebhookDeliveryStatus
from tests.factories import data
from tests.resolvers.webhooks.helpers import endpoint, key_created

REDELIVER = "mutation($id: ID!) { redeliverWebhook(id: $id) { id status attempts messageId } }"


async def test_a_failed_delivery_is_sent_again_with_the_same_message_id(
    client, org, local_webhooks, receiver
):
    endpoint_id, secret, session = await endpoint(
        client, org, local_webhooks, receiver.url, ["CREATED"]
    )
    await key_created(client, org)
    original = await WebhookDelivery.get(endpoint_id=endpoint_id)
    await WebhookDelivery.filter(id=original.id).update(
        status=WebhookDeliveryStatus.FAILED, attempts=8, next_attempt_at=None
    )
    again = (await data(client, REDELIVER, session, id=str(original.id)))["redeliverWebhook"]
    assert again["id"] != str(original.id)
    assert (again["status"], again["attempts"]) == ("PENDING", 0)
    assert again["messageId"] == original.message_id
    assert await deliver(again["id"], local_webhooks.settings)
    (received,) = receiver.received
    assert received.headers["webhook-id"] == original.message_id
    assert received.body.decode() == original.payload
    assert received.verified(secret)["type"] == "api_key.created"
    await original.refresh_from_db()
    assert original.status == WebhookDeliveryStatus.FAILED
