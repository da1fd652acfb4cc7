"""Scheduled work: completing due rotations, expiry notices, re-sending stuck rows.

Each returns the outbox rows it wrote, for the caller to dispatch after commit.
Every step is a conditional update, so two workers doing it at once do it once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jobs import outbox, webhook_outbox
from jobs.outbox import notify_admins
from models import (
    ApiKey,
    ApiKeySecret,
    AuditAction,
    AuditEvent,
    Notification,
    NotificationKind,
    NotificationStatus,
    WebhookEvent,
)

# Long after a request's own dispatch, short enough that rows written while Redis was
# away go out within a minute of its return (a tick runs every 15 s).
STUCK_AFTER = timedelta(seconds=30)
_NOTICES = (  # (notice, due when expiry is within, outbox kind)
    ("expired", timedelta(0), NotificationKind.KEY_EXPIRED),
    ("1d", timedelta(days=1), NotificationKind.KEY_EXPIRING_1D),
    ("7d", timedelta(days=7), NotificationKind.KEY_EXPIRING_7D),
)
_ORDER = {None: 0, "7d": 1, "1d": 2, "expired": 3}


async def complete_rotation(key_id: str, now: datetime | None = None) -> list[str]:
    """Once the previous secret has stopped: erase it, audit, notify. Idempotent."""
    now = now or datetime.now(UTC)
    async with in_transaction():
        key = await ApiKey.filter(id=key_id).select_for_update().first()
        ends = key.rotation_ends_at if key else None
        if key is None or ends is None or ends > now or key.revoked_at is not None:
            return []
        updated = await ApiKey.filter(id=key.id, rotation_ends_at=ends).update(
            rotation_ends_at=None
        )
        if not updated:
            return []
        await ApiKeySecret.filter(api_key_id=key.id, expires_at__lte=now).update(sealed=None)
        await webhook_outbox.key_event(WebhookEvent.ROTATION_COMPLETED, key)
        await AuditEvent.record(
            key.organization_id,
            AuditAction.ROTATION_COMPLETED,
            api_key_id=str(key.id),
            after={"previousSecretEndedAt": ends.isoformat()},
        )
        return await notify_admins(NotificationKind.ROTATION_COMPLETED, key, None)


async def complete_due_rotations(now: datetime | None = None) -> list[str]:
    now = now or datetime.now(UTC)
    due = ApiKey.filter(rotation_ends_at__lte=now, revoked_at__isnull=True)
    ids: list[str] = []
    for key_id in await due.values_list("id", flat=True):
        ids += await complete_rotation(str(key_id), now)
    return ids


def _notice_due(key: ApiKey, now: datetime) -> tuple[str, NotificationKind] | None:
    assert key.expires_at is not None
    for notice, within, kind in _NOTICES:
        if key.expires_at - now <= within:
            return (notice, kind) if _ORDER[key.expiry_notice] < _ORDER[notice] else None
    return None


async def send_expiry_notices(now: datetime | None = None) -> list[str]:
    """Keys expiring within 7 days, within 1 day, and expired: one notice each."""
    now = now or datetime.now(UTC)
    not_final = Q(expiry_notice__isnull=True) | Q(expiry_notice__in=["7d", "1d"])
    candidates = ApiKey.filter(
        not_final,
        revoked_at__isnull=True,
        expires_at__isnull=False,
        expires_at__lte=now + timedelta(days=7),
    )
    ids: list[str] = []
    for key in await candidates:
        due = _notice_due(key, now)
        if due is None:
            continue
        async with in_transaction():
            claimed = await ApiKey.filter(id=key.id, expiry_notice=key.expiry_notice).update(
                expiry_notice=due[0]
            )
            if claimed:
                ids += await notify_admins(due[1], key, None, _exact_expiry(key, now))
                if due[0] == "expired":  # delivered by this tick's webhook step
                    await webhook_outbox.key_event(WebhookEvent.EXPIRED, key)
    return ids


async def stuck_notifications(now: datetime | None = None) -> list[str]:
    """Rows still pending STUCK_AFTER after they were written (Redis down, a worker died)."""
    now = now or datetime.now(UTC)
    stuck = Notification.filter(
        status=NotificationStatus.PENDING, created_at__lte=now - STUCK_AFTER
    )
    return [str(i) for i in await stuck.values_list("id", flat=True)]


def _exact_expiry(key: ApiKey, now: datetime) -> str:
    """The instant, and the time left to it, rather than the notice's round figure."""
    assert key.expires_at is not None
    at = outbox.instant(key.expires_at)
    left = key.expires_at - now
    if left <= timedelta(0):
        return f"It expired at {at} and no longer works."
    return f"It expires at {at}, in {outbox.time_left(left)}."


async def purge_retired_keys(retention: timedelta, now: datetime | None = None) -> list[str]:
    """Delete the keys revoked or expired longer than `retention` ago, with their secrets;
    their audit rows stay (each losing its link to the row, as a removed member's do), and a
    `purged` row per key names it. The ids purged."""
    now = now or datetime.now(UTC)
    before = now - retention
    retired = ApiKey.filter(Q(revoked_at__lte=before) | Q(expires_at__lte=before))
    purged: list[str] = []
    for key in await retired:
        async with in_transaction():
            await AuditEvent.record(
                str(key.organization_id),
                AuditAction.PURGED,
                before={
                    "id": str(key.id),
                    "name": key.name,
                    "prefix": key.prefix,
                    "revokedAt": key.revoked_at.isoformat() if key.revoked_at else None,
                    "expiresAt": key.expires_at.isoformat() if key.expires_at else None,
                },
            )
            await key.delete()
        purged.append(str(key.id))
    return purged
