from __future__ import annotations

from auth.principal import Principal
from models import Member, Session
from resolvers import policy
from resolvers.errors import NotFound
from resolvers.ids import parse_id
from resolvers.services import Services
from resolvers.sessions.login import open_session


async def switch_organization(
    principal: Principal, organization_id: str, services: Services
) -> tuple[Session, str]:
    """A new session of the same user in another of their organizations. The calling
    session stays valid. An organization the user is no member of reads as NOT_FOUND."""
    policy.require_member_session(principal, "switch organization")
    wanted = parse_id(organization_id, "Organization")
    current = await Member.get_or_none(id=principal.member_id)
    if current is None:
        raise NotFound("Organization not found")
    member = await Member.get_or_none(user_id=current.user_id, organization_id=wanted)
    if member is None:
        raise NotFound("Organization not found")
    # No password typed here: the new session's sudo mode ends when the caller's does.
    return await open_session(member, services, principal.client_address, principal.sudo_at)
