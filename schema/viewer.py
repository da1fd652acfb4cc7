from __future__ import annotations

import strawberry

from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from resolvers.organization.get import get_organization
from resolvers.viewer import viewer_api_key, viewer_grants, viewer_member, viewer_memberships
from schema.context import Info
from schema.people.types import Membership
from schema.permissions import READ, requires
from schema.types import ApiKey, Member, Organization, Permission


@strawberry.type(description="The caller: a member's session or an API key.")
class Viewer:
    organization_id: strawberry.ID
    full_access: bool
    _principal: strawberry.Private[Principal]

    @strawberry.field
    async def member(self) -> Member | None:
        member = await viewer_member(self._principal)
        return Member.from_model(member) if member else None

    @strawberry.field
    async def api_key(self) -> ApiKey | None:
        key = await viewer_api_key(self._principal)
        return ApiKey.from_model(key) if key else None

    @strawberry.field(
        description="Effective grants, one per object and access (READ or WRITE): for full "
        "access too, every object; what needs an admin session only for an admin session."
    )
    def permissions(self) -> list[Permission]:
        pairs = sorted(viewer_grants(self._principal))
        return [Permission(object=obj, access=access) for obj, access in pairs]

    @strawberry.field(
        description="Every organization of the session's user (this one included); "
        "none for an API key. switchOrganization opens a session in another."
    )
    async def memberships(self) -> list[Membership]:
        return [
            Membership(
                organization_id=strawberry.ID(str(organization.id)),
                organization_name=organization.name,
                role=member.role,
                member_id=strawberry.ID(str(member.id)),
                current=str(member.id) == self._principal.member_id,
            )
            for member, organization in await viewer_memberships(self._principal)
        ]

    @strawberry.field(extensions=requires(Obj.ORGANIZATION, READ))
    async def organization(self, info: Info) -> Organization:
        return Organization.from_model(await get_organization(info.context.caller))


def viewer_of(principal: Principal) -> Viewer:
    """The rows behind `member` and `apiKey` are read only when the query selects them."""
    return Viewer(
        organization_id=strawberry.ID(principal.organization_id),
        full_access=principal.full_access,
        _principal=principal,
    )
