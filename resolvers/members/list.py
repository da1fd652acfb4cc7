from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Member
from resolvers import policy
from resolvers.pagination import Page, paginate


async def list_members(
    principal: Principal,
    first: int | None,
    after: str | None,
    *,
    last: int | None = None,
    before: str | None = None,
    count: bool = True,
) -> Page[Member]:
    policy.require(principal, PermissionObject.MEMBER, Access.READ)
    members = Member.filter(organization_id=principal.organization_id)
    return await paginate(members, first, after, last, before, count=count)
