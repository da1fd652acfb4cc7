from __future__ import annotations

from auth.principal import Principal
from models import Session


async def logout(principal: Principal) -> bool:
    """Ends the calling session at once. An API key has no session: False."""
    if principal.session_id is None:
        return False
    await Session.filter(id=principal.session_id).delete()
    return True
