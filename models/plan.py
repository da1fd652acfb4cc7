from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from models.owned import OrganizationOwned


class PlanInterval(StrEnum):
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    YEARLY = "YEARLY"


class Plan(OrganizationOwned):
    code = fields.CharField(max_length=255)
    name = fields.CharField(max_length=255)
    interval = fields.CharEnumField(PlanInterval, default=PlanInterval.MONTHLY)
    amount_cents = fields.BigIntField(default=0)
    currency = fields.CharField(max_length=3)

    class Meta:
        table = "plan"
        unique_together = (("organization_id", "code"),)
