from __future__ import annotations

from datetime import UTC, datetime

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from jobs.outbox import notify_admins
from models import (
    ApiKey,
    ApiKeyStatus,
    AuditAction,
    NotificationKind,
)
from resolvers import policy
from resolvers.api_keys.lookup import another_key_is_active, find_api_key
from resolvers.audit.record import public_view, record
from resolvers.errors import Conflict
from resolvers.owned import lock_organization
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work


async def destroy_api_key(principal: Principal, key_id: str, services: Services) -> ApiKey:
    """Revoke at once and erase the secrets; the row stays, REVOKED, for the audit trail.

    The organization row is locked so that two concurrent destroys cannot both
    see the other key as the remaining usable one.
    """
    policy.require(principal, PermissionObject.API_KEY, Access.WRITE)
    policy.require_sudo(principal, "destroy a key", services.clock())
    async with unit_of_work(services) as work:
        await lock_organization(principal)
        key = await find_api_key(principal, key_id)
        policy.may_destroy_key(principal, key)
        now = datetime.now(UTC)
        if key.revoked_at is not None:
            return key
        if key.status_at(now) is ApiKeyStatus.ACTIVE and not await another_key_is_active(key, now):
            raise Conflict("the organization's last usable key cannot be destroyed")
        await key.revoke(now)
        await record(principal, AuditAction.DESTROYED, key, before=public_view(key))
        work.evict_api_key(str(key.id))
        work.notify(await notify_admins(NotificationKind.KEY_DESTROYED, key, principal))
    return key
