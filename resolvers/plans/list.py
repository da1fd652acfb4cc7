from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Plan
from resolvers import owned, policy
from resolvers.pagination import Page


async def list_plans(
    principal: Principal,
    first: int | None,
    after: str | None,
    *,
    last: int | None = None,
    before: str | None = None,
    count: bool = True,
) -> Page[Plan]:
    policy.require(principal, PermissionObject.PLAN, Access.READ)
    return await owned.page(Plan, principal, first, after, last=last, before=before, count=count)
