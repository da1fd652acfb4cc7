from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from auth.passwords import hash_password
from auth.principal import Principal
from models import AuditAction, Member, MemberRole
from resolvers import policy
from resolvers.audit.record import record
from resolvers.errors import Conflict
from resolvers.members.fields import check_email, check_member_name, check_password
from resolvers.members.guard import MANAGE_MEMBERS, public_view


async def create_member(
    principal: Principal,
    email: str,
    name: str | None,
    role: MemberRole,
    password: str,
    now: datetime | None = None,
) -> Member:
    policy.require_admin_session(principal, MANAGE_MEMBERS)
    policy.require_sudo(principal, MANAGE_MEMBERS, now or datetime.now(UTC))
    email, name = check_email(email), check_member_name(name)
    password_hash = await hash_password(check_password(password))
    try:
        async with in_transaction():
            member = await Member.create(
                organization_id=principal.organization_id,
                email=email,
                name=name,
                role=role,
                password_hash=password_hash,
            )
            await record(
                principal, AuditAction.MEMBER_CREATED, member=member, after=public_view(member)
            )
    except IntegrityError:
        raise Conflict("a member with this e-mail exists") from None
    return member
