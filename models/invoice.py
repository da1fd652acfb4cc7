from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields

from models.owned import OrganizationOwned

if TYPE_CHECKING:
    from models.customer import Customer
    from models.subscription import Subscription


class InvoiceStatus(StrEnum):
    DRAFT = "DRAFT"
    FINALIZED = "FINALIZED"
    PAID = "PAID"
    VOIDED = "VOIDED"


class Invoice(OrganizationOwned):
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name=False, on_delete=fields.RESTRICT
    )
    customer_id: str
    subscription: fields.ForeignKeyNullableRelation[Subscription] = fields.ForeignKeyField(
        "models.Subscription", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    subscription_id: str | None
    number = fields.CharField(max_length=64)
    status = fields.CharEnumField(InvoiceStatus, default=InvoiceStatus.DRAFT)
    total_cents = fields.BigIntField(default=0)
    currency = fields.CharField(max_length=3)
    issued_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invoice"
        unique_together = (("organization_id", "number"),)
