from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Member, MemberRole
from resolvers.errors import Conflict, Forbidden, NotFound
from resolvers.ids import parse_id


def require_admin_session(principal: Principal) -> None:
    if not principal.is_admin_session:
        raise Forbidden(
            "only an ADMIN member's session may manage members",
            object=PermissionObject.MEMBER.value,
            access=Access.WRITE.value,
        )


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
