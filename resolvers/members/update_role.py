from __future__ import annotations

from tortoise.transactions import in_transaction

from auth.principal import Principal
from models import AuditAction, Member, MemberRole
from resolvers import policy
from resolvers.audit.record import record
from resolvers.members.guard import (
    MANAGE_MEMBERS,
    find_member,
    keep_an_admin,
    lock_organization_as_admin,
)
from resolvers.services import Services


async def update_member_role(
    principal: Principal, member_id: str, role: MemberRole, services: Services
) -> Member:
    policy.require_admin_session(principal, MANAGE_MEMBERS)
    policy.require_sudo(principal, MANAGE_MEMBERS, services.clock())
    async with in_transaction():
        await lock_organization_as_admin(principal)
        member = await find_member(principal, member_id)
        if role != MemberRole.ADMIN:
            await keep_an_admin(member)
        before = {"role": member.role.value}
        member.role = role
        await member.save(update_fields=["role"])
        after = {"role": role.value}
        await record(
            principal, AuditAction.MEMBER_ROLE_UPDATED, member=member, before=before, after=after
        )
    return member
