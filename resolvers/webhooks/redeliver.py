from __future__ import annotations

from datetime import UTC, datetime

from auth.principal import Principal
from models import WebhookDelivery
from resolvers import policy
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work
from resolvers.webhooks.lookup import find_delivery


async def redeliver_webhook(
    principal: Principal, delivery_id: str, services: Services
) -> WebhookDelivery:
    """The same message (same `webhook-id`, same body, signed anew) as a new delivery with
    its own attempts; the original row stays as it was."""
    policy.may_manage_webhooks(principal, "redeliver a webhook")
    async with unit_of_work(services) as work:
        original = await find_delivery(principal, delivery_id)
        again = await WebhookDelivery.create(
            organization_id=original.organization_id,
            endpoint_id=original.endpoint_id,
            api_key_id=original.api_key_id,
            message_id=original.message_id,
            event=original.event,
            payload=original.payload,
            next_attempt_at=datetime.now(UTC),
        )
        work.deliver_webhooks([str(again.id)])
    return again
