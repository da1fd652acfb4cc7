from __future__ import annotations

from tortoise.transactions import in_transaction

from auth.principal import Principal
from models import Member, MemberRole, Organization
from resolvers.members.guard import find_member, keep_an_admin, require_admin_session


async def update_member_role(principal: Principal, member_id: str, role: MemberRole) -> Member:
    require_admin_session(principal)
    async with in_transaction():
        await Organization.filter(id=principal.organization_id).select_for_update().first()
        member = await find_member(principal, member_id)
        if role != MemberRole.ADMIN:
            await keep_an_admin(member)
        member.role = role
        await member.save(update_fields=["role"])
    return member
