from __future__ import annotations

from datetime import UTC, datetime

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKey, AuditAction
from resolvers import policy
from resolvers.api_keys.fields import check_permissions
from resolvers.api_keys.lookup import find_api_key
from resolvers.audit.record import public_view, record
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work


async def update_permissions(
    principal: Principal,
    key_id: str,
    grants: list[tuple[PermissionObject, Access]] | None,
    services: Services,
) -> ApiKey:
    """Replace every grant (None: full access). Takes effect on the key's next request."""
    policy.require(principal, PermissionObject.API_KEY, Access.WRITE)
    full_access, permissions = check_permissions(grants)
    async with unit_of_work(services) as work:
        key = await find_api_key(principal, key_id, lock=True)
        policy.may_change_key(principal, key, "re-permission", datetime.now(UTC))
        policy.may_regrant_key(principal, grants)
        before = public_view(key)
        key.full_access, key.permissions = full_access, permissions
        await key.save(update_fields=["full_access", "permissions"])
        after = public_view(key)
        await record(principal, AuditAction.PERMISSIONS_UPDATED, key, before=before, after=after)
        work.evict_api_key(str(key.id))
    return key
