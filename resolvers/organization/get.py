from __future__ import annotations

from auth.principal import Principal
from models import Organization


async def get_organization(principal: Principal) -> Organization:
    return await Organization.get(id=principal.organization_id)
