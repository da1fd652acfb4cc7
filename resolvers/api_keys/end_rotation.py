from __future__ import annotations

from datetime import UTC, datetime

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from jobs.outbox import instant, notify_admins
from models import ApiKey, ApiKeySecret, AuditAction, NotificationKind
from resolvers import policy
from resolvers.api_keys.lookup import find_api_key
from resolvers.audit.record import record
from resolvers.errors import Conflict
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work


async def end_rotation_now(principal: Principal, key_id: str, services: Services) -> ApiKey:
    """End a pending scheduled rotation early: the previous secret stops now (once
    `previousSecretLastUsedAt` shows nobody uses it). The completion job scheduled for the
    original time then finds nothing to do."""
    policy.require(principal, PermissionObject.API_KEY, Access.WRITE)
    async with unit_of_work(services) as work:
        key = await find_api_key(principal, key_id, lock=True)
        now = datetime.now(UTC)
        policy.may_change_key(principal, key, "end the rotation of", now)
        # The previous secret dies at once, as with rotateApiKey(schedule: NOW).
        policy.require_sudo(principal, "end a secret now", services.clock())
        promised = key.rotation_scheduled_at(now)
        if promised is None:
            raise Conflict("no scheduled rotation of this key is pending")
        previous = ApiKeySecret.filter(api_key_id=key.id, expires_at__gt=now)
        await previous.update(expires_at=now, sealed=None)
        key.rotation_ends_at = None
        await key.save(update_fields=["rotation_ends_at"])
        ended = instant(now)
        after = {"previousSecretEndedAt": ended, "promisedUntil": promised.isoformat()}
        await record(principal, AuditAction.ROTATION_COMPLETED, key, after=after)
        work.evict_api_key(str(key.id))
        detail = (
            f"The previous secret stopped working at {ended}, ended early "
            f"(it was to work until {instant(promised)})."
        )
        work.notify(
            await notify_admins(NotificationKind.ROTATION_COMPLETED, key, principal, detail)
        )
    return key
