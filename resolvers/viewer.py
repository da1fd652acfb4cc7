"""Who the caller is: its member or key, and what it may do. Read only when asked for."""

from __future__ import annotations

from auth.grants import Grants
from auth.principal import Principal
from models import ApiKey, Member, Organization
from resolvers import policy
from resolvers.members.memberships import memberships_of


async def viewer_member(principal: Principal) -> Member | None:
    """The member of a session; None for an API key."""
    if principal.member_id is None:
        return None
    return await Member.get_or_none(id=principal.member_id)


async def viewer_api_key(principal: Principal) -> ApiKey | None:
    """The calling key; None for a session."""
    if principal.api_key_id is None:
        return None
    return await ApiKey.get_or_none(id=principal.api_key_id)


async def viewer_memberships(principal: Principal) -> list[tuple[Member, Organization]]:
    """Every membership of the session's user, the current one included; none for a key."""
    if principal.member_id is None:
        return []
    current = await Member.get_or_none(id=principal.member_id)
    if current is None:
        return []
    return await memberships_of(current.user_id)


def viewer_grants(principal: Principal) -> Grants:
    return policy.effective_grants(principal)
