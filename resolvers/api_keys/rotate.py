from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import Enum

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from jobs.outbox import notify_admins
from models import ApiKey, ApiKeySecret, AuditAction, NotificationKind
from resolvers import policy
from resolvers.api_keys.lookup import find_api_key
from resolvers.audit.record import record
from resolvers.errors import Conflict
from resolvers.services import Services
from resolvers.unit_of_work import UnitOfWork, unit_of_work


class RotationSchedule(Enum):
    NOW = timedelta(0)
    IN_1_HOUR = timedelta(hours=1)
    IN_24_HOURS = timedelta(hours=24)
    IN_48_HOURS = timedelta(hours=48)
    IN_7_DAYS = timedelta(days=7)


async def rotate_api_key(
    principal: Principal, key_id: str, schedule: RotationSchedule, services: Services
) -> tuple[ApiKey, str]:
    """A new secret that works at once; the previous one works until the schedule ends.

    At most two secrets stay valid: the new one and the one just before it. A
    scheduled rotation keeps its promise: another is refused while it is pending,
    and only NOW (the emergency exit) ends the previous secrets early.
    """
    policy.require(principal, PermissionObject.API_KEY, Access.WRITE)
    if schedule is RotationSchedule.NOW:
        policy.require_sudo(principal, "end a secret now", services.clock())
    keyring = services.keyring
    secret = keyring.new_secret()
    async with unit_of_work(services) as work:
        key = await find_api_key(principal, key_id, lock=True)
        now = datetime.now(UTC)
        policy.may_change_key(principal, key, "rotate", now)
        _keep_the_promise(key, schedule, now)
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
        key.previous_secret_last_used_at = None  # the previous secret is another one now
        key.rotated_at, key.rotation_notice_for = now, None  # the key's age starts again
        await key.save(
            update_fields=[
                "prefix",
                "last_four",
                "rotation_ends_at",
                "previous_secret_last_used_at",
                "rotated_at",
                "rotation_notice_for",
            ]
        )
        await _announce(work, principal, key, schedule, ends)
    return key, secret.token


def _keep_the_promise(key: ApiKey, schedule: RotationSchedule, now: datetime) -> None:
    """The e-mail of a pending rotation said the previous secret works until then."""
    pending = key.rotation_scheduled_at(now)
    if pending is not None and schedule is not RotationSchedule.NOW:
        raise Conflict(
            f"a scheduled rotation is pending until {pending.isoformat()}: wait for it, "
            "or rotate NOW to end every previous secret at once",
            rotationScheduledAt=pending.isoformat(),
        )


async def _announce(
    work: UnitOfWork, principal: Principal, key: ApiKey, schedule: RotationSchedule, ends: datetime
) -> None:
    """The audit row, the admins' e-mails, the cache eviction and, for a scheduled
    rotation, the job that completes it."""
    work.evict_api_key(str(key.id))
    if schedule is RotationSchedule.NOW:
        await record(
            principal, AuditAction.ROTATED, key, after={"previousSecretEndsAt": ends.isoformat()}
        )
        detail = "Every previous secret of this key stopped working at once."
        work.notify(await notify_admins(NotificationKind.KEY_ROTATED, key, principal, detail))
        return
    await record(
        principal,
        AuditAction.ROTATION_SCHEDULED,
        key,
        after={"previousSecretEndsAt": ends.isoformat()},
    )
    detail = f"The previous secret keeps working until {ends.isoformat()}, then stops."
    work.notify(await notify_admins(NotificationKind.ROTATION_SCHEDULED, key, principal, detail))
    work.complete_rotation_at(str(key.id), ends)


async def _retire_previous(key: ApiKey, now: datetime, ends: datetime) -> None:
    """The current secret ends at `ends`; any older still-valid secret ends now."""
    valid = await ApiKeySecret.filter(api_key_id=key.id).order_by("-created_at")
    valid = [s for s in valid if s.valid_at(now)]
    for index, previous in enumerate(valid):
        previous.expires_at = ends if index == 0 else now
        previous.sealed = None
        await previous.save(update_fields=["expires_at", "sealed"])
