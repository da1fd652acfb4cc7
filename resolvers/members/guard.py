from __future__ import annotations

from typing import Any

from auth.principal import Principal
from models import Member, MemberRole
from resolvers.errors import Conflict, NotFound
from resolvers.ids import parse_id

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
