from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import BillableMetric
from resolvers import owned, policy


async def delete_billable_metric(principal: Principal, metric_id: owned.Ref) -> BillableMetric:
    policy.require(principal, PermissionObject.BILLABLE_METRIC, Access.WRITE)
    return await owned.delete(BillableMetric, principal, metric_id)
