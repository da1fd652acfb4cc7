from __future__ import annotations

from datetime import datetime

from auth.principal import Principal
from models import ApiKey, ApiKeyStatus
from models.api_key import status_filter
from resolvers.errors import NotFound
from resolvers.ids import parse_id


async def find_api_key(principal: Principal, key_id: str, *, lock: bool = False) -> ApiKey:
    """The key inside the principal's organization; another organization's is NOT_FOUND."""
    query = ApiKey.filter(id=parse_id(key_id, "ApiKey"), organization_id=principal.organization_id)
    if lock:
        query = query.select_for_update()
    key = await query.first()
    if key is None:
        raise NotFound("ApiKey not found")
    return key


async def another_key_is_active(key: ApiKey, now: datetime) -> bool:
    """Whether the organization keeps an ACTIVE key besides `key`."""
    others = ApiKey.filter(organization_id=key.organization_id).exclude(id=key.id)
    return await others.filter(status_filter(ApiKeyStatus.ACTIVE, now)).exists()
