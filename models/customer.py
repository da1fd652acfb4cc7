from __future__ import annotations

from tortoise import fields

from models.owned import OrganizationOwned


class Customer(OrganizationOwned):
    external_id = fields.CharField(max_length=255)
    name = fields.CharField(max_length=255, null=True)
    email = fields.CharField(max_length=320, null=True)
    currency = fields.CharField(max_length=3, null=True)

    class Meta:
        table = "customer"
        unique_together = (("organization_id", "external_id"),)
