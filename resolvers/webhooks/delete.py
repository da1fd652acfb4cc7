from __future__ import annotations

from auth.principal import Principal
from models import AuditAction, AuditEvent, WebhookEndpoint
from resolvers import policy
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work
from resolvers.webhooks.lookup import find_endpoint


async def delete_webhook_endpoint(
    principal: Principal, endpoint_id: str, services: Services
) -> WebhookEndpoint:
    """The endpoint and its deliveries go; nothing more is sent to it."""
    policy.may_manage_webhooks(principal, "delete a webhook endpoint")
    async with unit_of_work(services):
        endpoint = await find_endpoint(principal, endpoint_id, lock=True)
        await AuditEvent.record(
            principal.organization_id,
            AuditAction.WEBHOOK_ENDPOINT_DELETED,
            principal.actor,
            before={"id": str(endpoint.id), "url": endpoint.url, "events": endpoint.events},
        )
        await endpoint.delete()
    return endpoint
