"""Webhook endpoints an organization registers, and their outbox of deliveries: one row per
key event and endpoint, written in the transaction of the change (jobs/webhooks.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields

from models.owned import OrganizationOwned

if TYPE_CHECKING:
    from models.api_key import ApiKey


class WebhookEvent(StrEnum):
    """The key events an endpoint subscribes to; delivered as `api_key.<value>`."""

    CREATED = "created"
    UPDATED = "updated"
    PERMISSIONS_UPDATED = "permissions_updated"
    ROTATED = "rotated"
    ROTATION_SCHEDULED = "rotation_scheduled"
    ROTATION_COMPLETED = "rotation_completed"
    DISABLED = "disabled"
    ENABLED = "enabled"
    DESTROYED = "destroyed"
    EXPIRED = "expired"
    LEAKED = "leaked"


class WebhookDeliveryStatus(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class WebhookEndpoint(OrganizationOwned):
    url = fields.CharField(max_length=2048)
    events: list[str] = fields.JSONField(default=list)  # WebhookEvent values
    # The `whsec_...` signing secret, sealed (auth/sealing.py) with the row's id as context.
    sealed_secret = fields.TextField()

    class Meta:
        table = "webhook_endpoint"


class WebhookDelivery(OrganizationOwned):
    """One message to one endpoint. `message_id` is the `webhook-id` header: a redelivery
    is a new row with the same message id, so that receivers can drop duplicates."""

    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name=False, on_delete=fields.CASCADE
    )
    endpoint_id: str
    api_key: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    api_key_id: str | None
    message_id = fields.CharField(max_length=64)
    event = fields.CharField(max_length=40)
    payload = fields.TextField()  # the exact JSON body that is signed
    status = fields.CharEnumField(WebhookDeliveryStatus, default=WebhookDeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)  # PENDING: when it may be tried
    response_code: int | None = fields.IntField(null=True)  # the last attempt's HTTP status
    last_error: str | None = fields.TextField(null=True)
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_delivery"
        indexes = (("status", "next_attempt_at"), ("endpoint_id", "created_at"))
