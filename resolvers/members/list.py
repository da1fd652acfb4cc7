from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Member
from resolvers import policy
from resolvers.pagination import Page, PageRequest, paginate


async def list_members(principal: Principal, request: PageRequest) -> Page[Member]:
    policy.require(principal, PermissionObject.MEMBER, Access.READ)
    return await paginate(Member.filter(organization_id=principal.organization_id), request)
