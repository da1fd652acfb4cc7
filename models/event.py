from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.organization import Organization


class Event(Model):
    # A usage event, idempotent by transaction_id within the organization.
    id = fields.UUIDField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name=False, on_delete=fields.CASCADE
    )
    organization_id: str
    transaction_id = fields.CharField(max_length=255)
    external_customer_id = fields.CharField(max_length=255)
    code = fields.CharField(max_length=255)
    timestamp = fields.DatetimeField()
    properties: Any = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event"
        unique_together = (("organization_id", "transaction_id"),)
