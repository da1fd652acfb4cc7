from __future__ import annotations

from datetime import UTC, datetime

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from jobs.outbox import notify_admins
from models import (
    ApiKey,
    ApiKeySecret,
    ApiKeyStatus,
    AuditAction,
    NotificationKind,
    Organization,
)
from models.api_key import status_filter
from resolvers import policy
from resolvers.api_keys.lookup import find_api_key
from resolvers.audit.record import public_view, record
from resolvers.errors import Conflict
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
        await Organization.filter(id=principal.organization_id).select_for_update().first()
        key = await find_api_key(principal, key_id)
        policy.may_destroy_key(principal, key)
        now = datetime.now(UTC)
        if key.revoked_at is not None:
            return key
        if key.status_at(now) is ApiKeyStatus.ACTIVE and not await _other_active(key, now):
            raise Conflict("the organization's last usable key cannot be destroyed")
        key.revoked_at, key.rotation_ends_at = now, None
        await key.save(update_fields=["revoked_at", "rotation_ends_at"])
        await ApiKeySecret.filter(api_key_id=key.id).delete()
        await record(principal, AuditAction.DESTROYED, key, before=public_view(key))
        work.evict_api_key(str(key.id))
        work.notify(await notify_admins(NotificationKind.KEY_DESTROYED, key, principal))
    return key


async def _other_active(key: ApiKey, now: datetime) -> bool:
    others = ApiKey.filter(organization_id=key.organization_id).exclude(id=key.id)
    return await others.filter(status_filter(ApiKeyStatus.ACTIVE, now)).exists()
