from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from models.owned import OrganizationOwned


class Aggregation(StrEnum):
    COUNT = "COUNT"
    SUM = "SUM"
    MAX = "MAX"
    UNIQUE_COUNT = "UNIQUE_COUNT"


class BillableMetric(OrganizationOwned):
    code = fields.CharField(max_length=255)
    name = fields.CharField(max_length=255)
    aggregation = fields.CharEnumField(Aggregation, default=Aggregation.COUNT)
    # The event property aggregated; none for COUNT.
    field_name = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "billable_metric"
        unique_together = (("organization_id", "code"),)
