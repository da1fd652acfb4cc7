from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Invitation
from resolvers import policy
from resolvers.pagination import Page, PageRequest, paginate


async def list_invitations(principal: Principal, request: PageRequest) -> Page[Invitation]:
    """Every invitation of the organization, pending or not (each says its status)."""
    policy.require(principal, PermissionObject.MEMBER, Access.READ)
    return await paginate(Invitation.filter(organization_id=principal.organization_id), request)
