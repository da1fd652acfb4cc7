from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Plan
from resolvers import owned, policy
from resolvers.pagination import Page, PageRequest


async def list_plans(principal: Principal, request: PageRequest) -> Page[Plan]:
    policy.require(principal, PermissionObject.PLAN, Access.READ)
    return await owned.page(Plan, principal, request)
