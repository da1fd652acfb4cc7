from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer
from resolvers import owned, policy
from resolvers.pagination import Page


async def list_customers(
    principal: Principal,
    first: int | None,
    after: str | None,
    *,
    last: int | None = None,
    before: str | None = None,
    count: bool = True,
) -> Page[Customer]:
    policy.require(principal, PermissionObject.CUSTOMER, Access.READ)
    return await owned.page(
        Customer, principal, first, after, last=last, before=before, count=count
    )
