from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import BillableMetric
from resolvers import owned, policy
from resolvers.pagination import Page, PageRequest


async def list_billable_metrics(principal: Principal, request: PageRequest) -> Page[BillableMetric]:
    policy.require(principal, PermissionObject.BILLABLE_METRIC, Access.READ)
    return await owned.page(BillableMetric, principal, request)
