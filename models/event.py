from __future__ import annotations

from typing import Any

from tortoise import fields

from models.owned import OrganizationOwned


class Event(OrganizationOwned):
    # A usage event, idempotent by transaction_id within the organization.
    transaction_id = fields.CharField(max_length=255)
    external_customer_id = fields.CharField(max_length=255)
    code = fields.CharField(max_length=255)
    timestamp = fields.DatetimeField()
    properties: Any = fields.JSONField(default=dict)

    class Meta:
        table = "event"
        unique_together = (("organization_id", "transaction_id"),)
