from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import BillableMetric
from resolvers import owned, policy
from resolvers.numbered import DEFAULT_PER_PAGE, NumberedPage


async def page_billable_metrics(
    principal: Principal, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> NumberedPage[BillableMetric]:
    """A numbered page of the organization's billable metrics, newest first."""
    policy.require(principal, PermissionObject.BILLABLE_METRIC, Access.READ)
    return await owned.numbered_page(BillableMetric, principal, page, per_page)
