from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer
from resolvers import owned, policy
from resolvers.pagination import Page, PageRequest


async def list_customers(principal: Principal, request: PageRequest) -> Page[Customer]:
    policy.require(principal, PermissionObject.CUSTOMER, Access.READ)
    return await owned.page(Customer, principal, request)
