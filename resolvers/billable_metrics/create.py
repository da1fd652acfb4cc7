from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Aggregation, BillableMetric
from resolvers import owned, policy
from resolvers.billable_metrics.fields import BillableMetricFields, check_consistent


async def create_billable_metric(
    principal: Principal, data: BillableMetricFields
) -> BillableMetric:
    policy.require(principal, PermissionObject.BILLABLE_METRIC, Access.WRITE)
    values = data.for_creation()
    check_consistent(values.get("aggregation", Aggregation.COUNT), values.get("field_name"))
    return await owned.create(BillableMetric, principal, values, unique="code")
