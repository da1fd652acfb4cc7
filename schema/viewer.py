from __future__ import annotations

import strawberry

from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from models import ApiKey as ApiKeyModel
from models import Member as MemberModel
from resolvers.organization.get import get_organization
from resolvers.policy import effective_grants
from schema.context import Info
from schema.permissions import READ, requires
from schema.types import ApiKey, Member, Organization, Permission


@strawberry.type(description="The caller: a member's session or an API key.")
class Viewer:
    organization_id: strawberry.ID
    member: Member | None
    api_key: ApiKey | None
    full_access: bool
    permissions: list[Permission] = strawberry.field(
        description="Effective grants, one per object and access (READ or WRITE): for full "
        "access too, every object; what needs an admin session only for an admin session."
    )

    @strawberry.field(extensions=requires(Obj.ORGANIZATION, READ))
    async def organization(self, info: Info) -> Organization:
        return Organization.from_model(await get_organization(info.context.caller))


def _effective(principal: Principal) -> list[Permission]:
    pairs = sorted(effective_grants(principal))
    return [Permission(object=obj, access=access) for obj, access in pairs]


async def viewer_of(principal: Principal) -> Viewer:
    member = await MemberModel.get_or_none(id=principal.member_id) if principal.member_id else None
    key = await ApiKeyModel.get_or_none(id=principal.api_key_id) if principal.api_key_id else None
    return Viewer(
        organization_id=strawberry.ID(principal.organization_id),
        member=Member.from_model(member) if member else None,
        api_key=ApiKey.from_model(key) if key else None,
        full_access=principal.full_access,
        permissions=_effective(principal),
    )
