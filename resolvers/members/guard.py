from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from auth.principal import Principal
from models import Member, MemberRole, User
from resolvers.errors import Conflict, Forbidden, NotFound, Unauthenticated
from resolvers.ids import parse_id
from resolvers.owned import lock_organization
from resolvers.policy import ADMIN_SESSION

MANAGE_MEMBERS = "manage members"


async def find_member(principal: Principal, member_id: str, *, lock: bool = False) -> Member:
    query = Member.filter(
        id=parse_id(member_id, "Member"), organization_id=principal.organization_id
    )
    member = await (query.select_for_update() if lock else query).first()
    if member is None:
        raise NotFound("Member not found")
    return member


async def keep_an_admin(member: Member) -> None:
    """Refuse to remove or demote the organization's last ADMIN."""
    if member.role != MemberRole.ADMIN:
        return
    others = Member.filter(organization_id=member.organization_id, role=MemberRole.ADMIN)
    if not await others.exclude(id=member.id).exists():
        raise Conflict("the organization's last ADMIN cannot be removed or demoted")


def public_view(member: Member) -> dict[str, Any]:
    """What an audit row may hold of a member: never the password hash."""
    return {"email": member.email, "name": member.name, "role": member.role.value}


async def join(
    user: User, organization_id: str, role: MemberRole, name: str | None = None
) -> Member | None:
    """A new membership of `user` in the organization; None if they already are a member.
    Run inside the caller's transaction (a savepoint here keeps it usable on a duplicate)."""
    try:
        async with in_transaction():
            return await Member.create(
                organization_id=organization_id,
                user=user,
                email=user.email,
                name=name if name is not None else user.name,
                role=role,
            )
    except IntegrityError:
        return None


async def lock_organization_as_admin(principal: Principal) -> None:
    """Lock the organization's row (member changes of one organization run one at a time)
    and check, under the lock, that the caller is still one of its ADMINs: a request that
    was authenticated just before its session's member was removed or demoted must not act
    (nor write an audit row naming a member that is gone)."""
    await lock_organization(principal)
    caller = await Member.get_or_none(id=principal.member_id)
    if caller is None:
        raise Unauthenticated("the session ended: its membership was removed")
    if caller.role != MemberRole.ADMIN:
        raise Forbidden(
            f"only an ADMIN member's session may {MANAGE_MEMBERS}", requires=ADMIN_SESSION
        )
