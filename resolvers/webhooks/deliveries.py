from __future__ import annotations

from auth.principal import Principal
from models import WebhookDelivery
from resolvers import policy
from resolvers.pagination import Page, PageRequest, paginate
from resolvers.webhooks.lookup import find_endpoint


async def list_webhook_deliveries(
    principal: Principal, endpoint_id: str, request: PageRequest
) -> Page[WebhookDelivery]:
    """The endpoint's deliveries, newest first: each with its status, attempts and the last
    response's HTTP status. Another organization's endpoint is NOT_FOUND."""
    policy.may_manage_webhooks(principal, "read webhook deliveries")
    endpoint = await find_endpoint(principal, endpoint_id)
    return await paginate(
        WebhookDelivery.filter(endpoint_id=endpoint.id, organization_id=principal.organization_id),
        request,
    )
