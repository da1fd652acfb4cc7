from __future__ import annotations

from auth.principal import Principal
from models import AuditAction, WebhookEndpoint
from resolvers import policy
from resolvers.audit.record import record
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work
from resolvers.webhooks.fields import public_view
from resolvers.webhooks.lookup import find_endpoint


async def delete_webhook_endpoint(
    principal: Principal, endpoint_id: str, services: Services
) -> WebhookEndpoint:
    """The endpoint and its deliveries go; nothing more is sent to it."""
    policy.may_manage_webhooks(principal, "delete a webhook endpoint")
    async with unit_of_work(services):
        endpoint = await find_endpoint(principal, endpoint_id, lock=True)
        await record(principal, AuditAction.WEBHOOK_ENDPOINT_DELETED, before=public_view(endpoint))
        await endpoint.delete()
    return endpoint
