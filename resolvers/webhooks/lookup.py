"""An endpoint or a delivery inside the principal's organization; another organization's is
NOT_FOUND, never FORBIDDEN."""

from __future__ import annotations

from auth.principal import Principal
from models import WebhookDelivery, WebhookEndpoint
from resolvers.errors import NotFound
from resolvers.ids import parse_id


async def find_endpoint(
    principal: Principal, endpoint_id: str, *, lock: bool = False
) -> WebhookEndpoint:
    query = WebhookEndpoint.filter(
        id=parse_id(endpoint_id, "WebhookEndpoint"), organization_id=principal.organization_id
    )
    endpoint = await (query.select_for_update() if lock else query).first()
    if endpoint is None:
        raise NotFound("WebhookEndpoint not found")
    return endpoint


async def find_delivery(principal: Principal, delivery_id: str) -> WebhookDelivery:
    delivery = await WebhookDelivery.filter(
        id=parse_id(delivery_id, "WebhookDelivery"), organization_id=principal.organization_id
    ).first()
    if delivery is None:
        raise NotFound("WebhookDelivery not found")
    return delivery
