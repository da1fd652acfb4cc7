"""An organization's rotation policy: a key is due for rotation `max_key_age_days` after
its last rotation, or its creation when never rotated (issue 20)."""

from __future__ import annotations

from datetime import datetime, timedelta

from models.api_key import ApiKey, ApiKeyStatus

# How long before the due date the admins get the e-mail.
NOTICE_BEFORE = timedelta(days=7)
MAX_KEY_AGE_DAYS = 3650


def _age_starts_at(key: ApiKey) -> datetime:
    return key.rotated_at if key.rotated_at is not None else key.created_at


def rotation_due_at(key: ApiKey, max_key_age_days: int | None, now: datetime) -> datetime | None:
    """When the key reaches the age; None without a policy, or once the key is revoked or
    expired (it will never be rotated)."""
    if max_key_age_days is None:
        return None
    if key.status_at(now) in (ApiKeyStatus.REVOKED, ApiKeyStatus.EXPIRED):
        return None
    return _age_starts_at(key) + timedelta(days=max_key_age_days)
