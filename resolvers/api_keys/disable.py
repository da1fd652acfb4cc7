from __future__ import annotations

from datetime import UTC, datetime

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from jobs.outbox import notify_admins
from models import ApiKey, AuditAction, NotificationKind
from resolvers import policy
from resolvers.api_keys.lookup import another_key_is_active, find_api_key
from resolvers.audit.record import record
from resolvers.errors import Conflict
from resolvers.owned import lock_organization
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work

DETAIL = (
    "The key is refused from now on, on every server, until it is enabled again; "
    "enabling it makes the same secret work again."
)


async def disable_api_key(principal: Principal, key_id: str, services: Services) -> ApiKey:
    """Refuse the key at once, keeping its secrets, until `enable_api_key`.

    As for destroying, the organization row is locked so that two concurrent calls cannot
    both leave the other key as the last usable one; disabling a DISABLED key changes
    nothing.
    """
    policy.require(principal, PermissionObject.API_KEY, Access.WRITE)
    async with unit_of_work(services) as work:
        await lock_organization(principal)
        key = await find_api_key(principal, key_id, lock=True)
        now = datetime.now(UTC)
        policy.may_change_key(principal, key, "disable or enable", now)
        if key.disabled_at is not None:
            return key
        if not await another_key_is_active(key, now):
            raise Conflict("the organization's last usable key cannot be disabled")
        await key.disable(now)
        await record(principal, AuditAction.DISABLED, key, after={"disabledAt": now.isoformat()})
        work.evict_api_key(str(key.id))
        work.notify(await notify_admins(NotificationKind.KEY_DISABLED, key, principal, DETAIL))
    return key
