from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import BillableMetric
from resolvers import owned, policy


async def get_billable_metric(principal: Principal, metric_id: owned.Ref) -> BillableMetric | None:
    policy.require(principal, PermissionObject.BILLABLE_METRIC, Access.READ)
    return await owned.get(BillableMetric, principal, metric_id)
