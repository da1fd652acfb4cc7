from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import BillableMetric
from resolvers import owned, policy
from resolvers.pagination import Page


async def list_billable_metrics(
    principal: Principal,
    first: int | None,
    after: str | None,
    *,
    last: int | None = None,
    before: str | None = None,
    count: bool = True,
) -> Page[BillableMetric]:
    policy.require(principal, PermissionObject.BILLABLE_METRIC, Access.READ)
    return await owned.page(
        BillableMetric, principal, first, after, last=last, before=before, count=count
    )
