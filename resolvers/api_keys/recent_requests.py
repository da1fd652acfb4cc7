"""A key's last requests, newest first (auth/activity.py keeps the last 1,000 of each key;
what a process saw in the last 10 s may not be written yet)."""

from __future__ import annotations

from auth.activity import RECENT_KEPT
from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKeyRequest
from resolvers import policy
from resolvers.api_keys.lookup import find_api_key
from resolvers.errors import BadUserInput


async def recent_requests(principal: Principal, key_id: str, first: int) -> list[ApiKeyRequest]:
    policy.require(principal, PermissionObject.API_KEY, Access.READ)
    if not 1 <= first <= RECENT_KEPT:
        raise BadUserInput("first", f"must be from 1 to {RECENT_KEPT}")
    key = await find_api_key(principal, key_id)
    return (
        await ApiKeyRequest.filter(api_key_id=key.id, organization_id=principal.organization_id)
        .order_by("-id")
        .limit(first)
    )
