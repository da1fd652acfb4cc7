from __future__ import annotations

from tortoise.exceptions import IntegrityError

from auth.passwords import hash_password
from auth.principal import Principal
from models import Member, MemberRole
from resolvers.errors import Conflict
from resolvers.members.fields import check_email, check_member_name, check_password
from resolvers.members.guard import require_admin_session


async def create_member(
    principal: Principal, email: str, name: str | None, role: MemberRole, password: str
) -> Member:
    require_admin_session(principal)
    email, name = check_email(email), check_member_name(name)
    password_hash = await hash_password(check_password(password))
    try:
        return await Member.create(
            organization_id=principal.organization_id,
            email=email,
            name=name,
            role=role,
            password_hash=password_hash,
        )
    except IntegrityError:
        raise Conflict("a member with this e-mail exists") from None
