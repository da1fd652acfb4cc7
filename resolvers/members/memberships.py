"""A user's memberships, oldest first, with their organizations: what logging in offers to
choose from, what the viewer lists, and (the first) where a password reset's mail goes."""

from __future__ import annotations

from typing import Any

from models import Member, Organization


async def memberships_of(user_id: Any) -> list[tuple[Member, Organization]]:
    members = await Member.filter(user_id=user_id).order_by("created_at", "id")
    wanted = [m.organization_id for m in members]
    organizations = {str(o.id): o for o in await Organization.filter(id__in=wanted)}
    return [(m, organizations[str(m.organization_id)]) for m in members]
