from __future__ import annotations

from tortoise.transactions import in_transaction

from auth.principal import Principal
from models import Member, Organization, Session
from resolvers.members.guard import find_member, keep_an_admin, require_admin_session


async def remove_member(principal: Principal, member_id: str) -> Member:
    """Remove a member and end their sessions at once."""
    require_admin_session(principal)
    async with in_transaction():
        await Organization.filter(id=principal.organization_id).select_for_update().first()
        member = await find_member(principal, member_id)
        await keep_an_admin(member)
        await Session.filter(member_id=member.id).delete()
        await member.delete()
    return member
