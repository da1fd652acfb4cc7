from __future__ import annotations

from auth.principal import Principal
from models import WebhookEndpoint
from resolvers import policy
from resolvers.pagination import Page, PageRequest, paginate


async def list_webhook_endpoints(
    principal: Principal, request: PageRequest
) -> Page[WebhookEndpoint]:
    policy.may_manage_webhooks(principal, "list webhook endpoints")
    return await paginate(
        WebhookEndpoint.filter(organization_id=principal.organization_id), request
    )
