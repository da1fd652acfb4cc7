from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer
from resolvers import owned, policy
from resolvers.numbered import DEFAULT_PER_PAGE, NumberedPage


async def page_customers(
    principal: Principal, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> NumberedPage[Customer]:
    """A numbered page of the organization's customers, newest first."""
    policy.require(principal, PermissionObject.CUSTOMER, Access.READ)
    return await owned.numbered_page(Customer, principal, page, per_page)
