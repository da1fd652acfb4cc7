from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import Enum

from tortoise.transactions import in_transaction

from auth.cache import credential_cache
from auth.keyring import Keyring
from auth.principal import Principal
from jobs.dispatch import after_commit, rotation_due
from jobs.outbox import notify_admins
from models import ApiKey, ApiKeySecret, ApiKeyStatus, AuditAction
from resolvers.api_keys.lookup import find_api_key
from resolvers.audit.record import record
from resolvers.errors import Conflict


class RotationSchedule(Enum):
    NOW = timedelta(0)
    IN_1_HOUR = timedelta(hours=1)
    IN_24_HOURS = timedelta(hours=24)
    IN_48_HOURS = timedelta(hours=48)
    IN_7_DAYS = timedelta(days=7)


async def rotate_api_key(
    principal: Principal, key_id: str, schedule: RotationSchedule, keyring: Keyring
) -> tuple[ApiKey, str]:
    """A new secret that works at once; the previous one works until the schedule ends.

    At most two secrets stay valid: the new one and the one just before it.
    """
    secret = keyring.new_secret()
    async with in_transaction():
        key = await find_api_key(principal, key_id, lock=True)
        now = datetime.now(UTC)
        _guard(principal, key, now)
        ends = now + schedule.value
        await _retire_previous(key, now, ends)
        await ApiKeySecret.create(
            api_key=key,
            digest=secret.digest,
            prefix=secret.prefix,
            last_four=secret.last_four,
            sealed=keyring.sealer.seal(secret.token, str(key.id)) if key.revealable else None,
        )
        key.prefix, key.last_four = secret.prefix, secret.last_four
        key.rotation_ends_at = ends if ends > now else None
        await key.save(update_fields=["prefix", "last_four", "rotation_ends_at"])
        now_or_later = schedule is RotationSchedule.NOW
        action = AuditAction.ROTATED if now_or_later else AuditAction.ROTATION_SCHEDULED
        await record(principal, action, key, after={"previousSecretEndsAt": ends.isoformat()})
        detail = "" if now_or_later else f"The previous secret stops working at {ends.isoformat()}."
        kind = "key_rotated" if now_or_later else "rotation_scheduled"
        notifications = await notify_admins(kind, key, principal, detail)
    credential_cache.evict_api_key(str(key.id))
    await after_commit(notifications)
    if key.rotation_ends_at is not None:
        await rotation_due(str(key.id), key.rotation_ends_at)
    return key, secret.token


def _guard(principal: Principal, key: ApiKey, now: datetime) -> None:
    if str(key.id) == principal.api_key_id:
        raise Conflict("a key cannot rotate itself: use another key or a member session")
    if key.status_at(now) is not ApiKeyStatus.ACTIVE:
        raise Conflict(f"the key is {key.status_at(now).value}")


async def _retire_previous(key: ApiKey, now: datetime, ends: datetime) -> None:
    """The current secret ends at `ends`; any older still-valid secret ends now."""
    valid = await ApiKeySecret.filter(api_key_id=key.id).order_by("-created_at")
    valid = [s for s in valid if s.valid_at(now)]
    for index, previous in enumerate(valid):
        previous.expires_at = ends if index == 0 else now
        previous.sealed = None
        await previous.save(update_fields=["expires_at", "sealed"])
