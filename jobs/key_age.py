"""The rotation policy's notice (issue 20): 7 days before a key reaches its organization's
`max_key_age_days`, one e-mail to every admin, once per key and rotation.

Returns the outbox rows it wrote, for the caller to dispatch after commit. The claim is a
conditional update, so two workers doing it at once send it once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jobs import outbox
from jobs.outbox import notify_admins
from models import ApiKey, NotificationKind, Organization
from models.key_age import NOTICE_BEFORE, rotation_due_at


async def send_rotation_notices(now: datetime | None = None) -> list[str]:
    """Live keys of an organization with a policy, due for rotation within 7 days (or past
    due), whose notice for their current rotation has not gone out."""
    now = now or datetime.now(UTC)
    ids: list[str] = []
    policies = Organization.filter(max_key_age_days__isnull=False)
    for organization_id, days in await policies.values_list("id", "max_key_age_days"):
        starts_before = now + NOTICE_BEFORE - timedelta(days=days)
        aged = Q(rotated_at__isnull=True, created_at__lte=starts_before) | Q(
            rotated_at__lte=starts_before
        )
        unexpired = Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        candidates = ApiKey.filter(
            aged,
            unexpired,
            organization_id=organization_id,
            revoked_at__isnull=True,
            rotation_notice_for__isnull=True,
        )
        for key in await candidates:
            due = rotation_due_at(key, days, now)
            assert due is not None
            same_rotation = (
                Q(rotated_at__isnull=True)
                if key.rotated_at is None
                else Q(rotated_at=key.rotated_at)
            )
            async with in_transaction():
                claimed = await ApiKey.filter(
                    same_rotation, id=key.id, rotation_notice_for__isnull=True
                ).update(rotation_notice_for=due)
                if claimed:
                    ids += await notify_admins(
                        NotificationKind.KEY_ROTATION_DUE, key, None, _exact_due(due, days, now)
                    )
    return ids


def _exact_due(due: datetime, days: int, now: datetime) -> str:
    """The instant, and the time left to it, as the expiry notice says it."""
    at = outbox.instant(due)
    policy = f"The organization's policy rotates keys every {days} days."
    left = due - now
    if left <= timedelta(0):
        return f"It was due for rotation at {at}. {policy}"
    return f"It is due for rotation at {at}, in {outbox.time_left(left)}. {policy}"
