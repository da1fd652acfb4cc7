from __future__ import annotations

import strawberry

from resolvers.webhooks.deliveries import list_webhook_deliveries
from resolvers.webhooks.list import list_webhook_endpoints
from schema.context import Info
from schema.permissions import requires_admin_session
from schema.types import Connection, connection, listing, page_request
from schema.webhooks.types import WebhookDelivery, WebhookEndpoint


@strawberry.type
class WebhooksQuery:
    webhook_endpoints: Connection[WebhookEndpoint] = listing(
        WebhookEndpoint, list_webhook_endpoints, requires_admin_session()
    )

    @strawberry.field(
        extensions=requires_admin_session(),
        description="The endpoint's deliveries, newest first, with their attempts.",
    )
    async def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: strawberry.ID,
        first: int | None = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WebhookDelivery]:
        request = page_request(info, first, after, last, before)
        page = await list_webhook_deliveries(info.context.caller, endpoint_id, request)
        return connection(page, WebhookDelivery)
