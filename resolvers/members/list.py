from __future__ import annotations

from auth.principal import Principal
from models import Member
from resolvers.pagination import Page, paginate


async def list_members(principal: Principal, first: int, after: str | None) -> Page[Member]:
    return await paginate(Member.filter(organization_id=principal.organization_id), first, after)
