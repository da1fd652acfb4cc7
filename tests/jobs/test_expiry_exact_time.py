"""Expiry notices state the exact instant and the time left: a key with 3 days left is not
told "in 7 days"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobs import maintenance
from models import ApiKey, Notification
from tests.resolvers.api_keys.documents import create


async def test_a_key_with_three_days_left_is_told_exactly_when(client, org):
    now = datetime.now(UTC).replace(microsecond=0)
    created = await create(client, org.key, name="ci")
    key_id = created["apiKey"]["id"]
    await ApiKey.filter(id=key_id).update(expires_at=now + timedelta(days=3, hours=2))
    await maintenance.send_expiry_notices(now)
    (mail,) = await Notification.filter(api_key_id=key_id, kind="key_expiring_7d")
    at = (now + timedelta(days=3, hours=2)).isoformat(timespec="seconds")
    assert f"It expires at {at}, in 3 d 2 h 0 min." in mail.body
    assert "expires within 7 days" in mail.subject and "expires in 7 days" not in mail.body


async def test_an_expired_key_is_told_when_it_expired(client, org):
    now = datetime.now(UTC).replace(microsecond=0)
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    await ApiKey.filter(id=key_id).update(expires_at=now - timedelta(minutes=5))
    await maintenance.send_expiry_notices(now)
    (mail,) = await Notification.filter(api_key_id=key_id, kind="key_expired")
    at = (now - timedelta(minutes=5)).isoformat(timespec="seconds")
    assert f"It expired at {at}" in mail.body
