from __future__ import annotations

from tortoise.transactions import in_transaction

from auth.cache import credential_cache
from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKey, AuditAction
from resolvers.api_keys.fields import check_permissions
from resolvers.api_keys.lookup import find_api_key
from resolvers.audit.record import public_view, record
from resolvers.errors import Conflict


async def update_permissions(
    principal: Principal,
    key_id: str,
    grants: list[tuple[PermissionObject, Access]] | None,
) -> ApiKey:
    """Replace every grant (None: full access). Takes effect on the key's next request."""
    full_access, permissions = check_permissions(grants)
    async with in_transaction():
        key = await find_api_key(principal, key_id, lock=True)
        if key.revoked_at is not None:
            raise Conflict("a revoked key cannot change")
        before = public_view(key)
        key.full_access, key.permissions = full_access, permissions
        await key.save(update_fields=["full_access", "permissions"])
        await record(
            principal, AuditAction.PERMISSIONS_UPDATED, key, before=before, after=public_view(key)
        )
    credential_cache.evict_api_key(str(key.id))
    return key
