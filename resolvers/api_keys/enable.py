from __future__ import annotations

from datetime import UTC, datetime

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from jobs.outbox import notify_admins
from models import ApiKey, AuditAction, NotificationKind
from resolvers import policy
from resolvers.api_keys.lookup import find_api_key
from resolvers.audit.record import record
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work

DETAIL = "The key's current secret works again from now on."


async def enable_api_key(principal: Principal, key_id: str, services: Services) -> ApiKey:
    """A DISABLED key works again with the secret it had; an ACTIVE one is left as it is.
    An EXPIRED or REVOKED key is never brought back (CONFLICT)."""
    policy.require(principal, PermissionObject.API_KEY, Access.WRITE)
    async with unit_of_work(services) as work:
        key = await find_api_key(principal, key_id, lock=True)
        now = datetime.now(UTC)
        policy.may_change_key(principal, key, "disable or enable", now)
        if key.disabled_at is None:
            return key
        disabled_at, key.disabled_at = key.disabled_at, None
        await key.save(update_fields=["disabled_at"])
        before = {"disabledAt": disabled_at.isoformat()}
        await record(principal, AuditAction.ENABLED, key, before=before)
        work.evict_api_key(str(key.id))
        work.notify(await notify_admins(NotificationKind.KEY_ENABLED, key, principal, DETAIL))
    return key
