"""The types of webhooks on key events: endpoints, their secret (shown once), deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from models import WebhookDelivery as DeliveryModel
from models import WebhookDeliveryStatus, WebhookEvent
from models import WebhookEndpoint as EndpointModel

strawberry.enum(WebhookEvent, description="A key event an endpoint subscribes to.")
strawberry.enum(WebhookDeliveryStatus)


@strawberry.type(
    description="A URL that receives the organization's key events, signed per the "
    "Standard Webhooks specification."
)
class WebhookEndpoint:
    id: strawberry.ID
    url: str
    events: list[WebhookEvent]
    created_at: datetime

    @classmethod
    def from_model(cls, row: EndpointModel) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            url=row.url,
            events=[WebhookEvent(e) for e in row.events],
            created_at=row.created_at,
        )


@strawberry.type(description="An endpoint and its signing secret, shown this once.")
class WebhookEndpointWithSecret:
    endpoint: WebhookEndpoint
    secret: str = strawberry.field(
        description="`whsec_` and the base64 key that signs every delivery (HMAC-SHA256)."
    )


@strawberry.type(description="One message to one endpoint, and how its attempts went.")
class WebhookDelivery:
    id: strawberry.ID
    endpoint_id: strawberry.ID
    message_id: str = strawberry.field(description="The `webhook-id` header.")
    event: WebhookEvent
    api_key_id: strawberry.ID | None
    payload: str = strawberry.field(description="The JSON body, exactly as signed.")
    status: WebhookDeliveryStatus
    attempts: int
    response_code: int | None = strawberry.field(
        description="The HTTP status of the last attempt; null when none answered."
    )
    last_error: str | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, row: DeliveryModel) -> Self:
        pending = row.status == WebhookDeliveryStatus.PENDING
        return cls(
            id=strawberry.ID(str(row.id)),
            endpoint_id=strawberry.ID(str(row.endpoint_id)),
            message_id=row.message_id,
            event=WebhookEvent(row.event),
            api_key_id=strawberry.ID(str(row.api_key_id)) if row.api_key_id else None,
            payload=row.payload,
            status=row.status,
            attempts=row.attempts,
            response_code=row.response_code,
            last_error=row.last_error,
            next_attempt_at=row.next_attempt_at if pending else None,
            delivered_at=row.delivered_at,
            created_at=row.created_at,
        )
