from __future__ import annotations

from auth.principal import Principal
from models import ApiKey
from resolvers.api_keys.lookup import find_api_key
from resolvers.errors import NotFound


async def get_api_key(principal: Principal, key_id: str) -> ApiKey | None:
    try:
        return await find_api_key(principal, key_id)
    except NotFound:
        return None
