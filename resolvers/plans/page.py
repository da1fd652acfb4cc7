from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Plan
from resolvers import owned, policy
from resolvers.numbered import DEFAULT_PER_PAGE, NumberedPage


async def page_plans(
    principal: Principal, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> NumberedPage[Plan]:
    """A numbered page of the organization's plans, newest first."""
    policy.require(principal, PermissionObject.PLAN, Access.READ)
    return await owned.numbered_page(Plan, principal, page, per_page)
