from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields

from models.owned import OrganizationOwned

if TYPE_CHECKING:
    from models.customer import Customer
    from models.plan import Plan


class SubscriptionStatus(StrEnum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    TERMINATED = "TERMINATED"
    CANCELED = "CANCELED"


class Subscription(OrganizationOwned):
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name=False, on_delete=fields.RESTRICT
    )
    customer_id: str
    plan: fields.ForeignKeyRelation[Plan] = fields.ForeignKeyField(
        "models.Plan", related_name=False, on_delete=fields.RESTRICT
    )
    plan_id: str
    # The caller's own name for it (Lago's `external_id`); its id when the caller gives none.
    external_id = fields.CharField(max_length=255, null=True)
    status = fields.CharEnumField(SubscriptionStatus, default=SubscriptionStatus.ACTIVE)
    started_at = fields.DatetimeField()

    class Meta:
        table = "subscription"
        unique_together = (("organization_id", "external_id"),)
