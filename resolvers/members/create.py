from __future__ import annotations

from tortoise.transactions import in_transaction

from auth.passwords import hash_password
from auth.principal import Principal
from models import AuditAction, Member, MemberRole, User
from resolvers import policy
from resolvers.audit.record import record
from resolvers.errors import Conflict
from resolvers.members.fields import check_email, check_member_name, check_password
from resolvers.members.guard import MANAGE_MEMBERS, join, public_view
from resolvers.services import Services


async def create_member(
    principal: Principal,
    email: str,
    name: str | None,
    role: MemberRole,
    password: str,
    services: Services,
) -> Member:
    """A member of the caller's organization. A new address gets a user with this password;
    an address that is already a user's (of any organization) gets a membership and keeps
    its own password: the answer is the same either way, so no tenant learns who is
    registered elsewhere (inviteMember is the way that needs no password from the admin)."""
    policy.require_admin_session(principal, MANAGE_MEMBERS)
    policy.require_sudo(principal, MANAGE_MEMBERS, services.clock())
    email, name = check_email(email), check_member_name(name)
    password_hash = await hash_password(check_password(password))
    async with in_transaction():
        user, _ = await User.get_or_create(
            email=email, defaults={"name": name, "password_hash": password_hash}
        )
        member = await join(user, principal.organization_id, role, name)
        if member is None:
            raise Conflict("a member with this e-mail exists in this organization")
        await record(
            principal, AuditAction.MEMBER_CREATED, member=member, after=public_view(member)
        )
    return member
