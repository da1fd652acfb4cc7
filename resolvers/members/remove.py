from __future__ import annotations

from tortoise.transactions import in_transaction

from auth.principal import Principal
from models import AuditAction, Member, Session
from resolvers import policy
from resolvers.audit.record import record
from resolvers.members.guard import (
    MANAGE_MEMBERS,
    find_member,
    keep_an_admin,
    lock_organization_as_admin,
    public_view,
)
from resolvers.services import Services


async def remove_member(principal: Principal, member_id: str, services: Services) -> Member:
    """Remove a member and end their sessions at once."""
    policy.require_admin_session(principal, MANAGE_MEMBERS)
    policy.require_sudo(principal, MANAGE_MEMBERS, services.clock())
    async with in_transaction():
        await lock_organization_as_admin(principal)
        member = await find_member(principal, member_id)
        await keep_an_admin(member)
        # Written while the member still exists (its row is about to go).
        await record(
            principal, AuditAction.MEMBER_REMOVED, member=member, before=public_view(member)
        )
        await Session.filter(member_id=member.id).delete()
        await member.delete()
    return member
