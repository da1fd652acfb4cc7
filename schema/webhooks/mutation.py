from __future__ import annotations

import strawberry

from models import WebhookEvent
from resolvers.webhooks import create, delete, redeliver, rotate_secret
from schema.context import Info
from schema.permissions import requires_admin_session
from schema.webhooks.types import WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret


@strawberry.type
class WebhooksMutation:
    @strawberry.mutation(
        extensions=requires_admin_session(),
        description="An https URL (public addresses only) that receives the chosen key "
        "events; the answer holds its signing secret, shown this once.",
    )
    async def create_webhook_endpoint(
        self, info: Info, url: str, events: list[WebhookEvent]
    ) -> WebhookEndpointWithSecret:
        ctx = info.context
        endpoint, secret = await create.create_webhook_endpoint(
            ctx.caller, url, events, ctx.services
        )
        return WebhookEndpointWithSecret(
            endpoint=WebhookEndpoint.from_model(endpoint), secret=secret
        )

    @strawberry.mutation(extensions=requires_admin_session())
    async def delete_webhook_endpoint(self, info: Info, id: strawberry.ID) -> WebhookEndpoint:
        ctx = info.context
        endpoint = await delete.delete_webhook_endpoint(ctx.caller, id, ctx.services)
        return WebhookEndpoint.from_model(endpoint)

    @strawberry.mutation(
        extensions=requires_admin_session(),
        description="A new signing secret, shown this once; the previous one stops at once.",
    )
    async def rotate_webhook_secret(
        self, info: Info, id: strawberry.ID
    ) -> WebhookEndpointWithSecret:
        ctx = info.context
        endpoint, secret = await rotate_secret.rotate_webhook_secret(ctx.caller, id, ctx.services)
        return WebhookEndpointWithSecret(
            endpoint=WebhookEndpoint.from_model(endpoint), secret=secret
        )

    @strawberry.mutation(
        extensions=requires_admin_session(),
        description="Sends the delivery's message again (same webhook-id) as a new delivery.",
    )
    async def redeliver_webhook(self, info: Info, id: strawberry.ID) -> WebhookDelivery:
        ctx = info.context
        delivery = await redeliver.redeliver_webhook(ctx.caller, id, ctx.services)
        return WebhookDelivery.from_model(delivery)
