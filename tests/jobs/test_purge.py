"""Keys expired or revoked longer than the retention are purged with their secrets; their
audit rows stay, and a `purged` row names each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobs import maintenance
from models import ApiKey, ApiKeySecret, AuditEvent
from tests.factories import data
from tests.resolvers.api_keys.documents import DESTROY, create, works

RETENTION = timedelta(days=90)


async def test_old_retired_keys_go_recent_and_live_ones_stay(client, org):
    now = datetime.now(UTC)
    revoked_long_ago = await create(client, org.key, name="old revoked")
    expired_long_ago = await create(client, org.key, name="old expired")
    revoked_lately = await create(client, org.key, name="recent")
    for made in (revoked_long_ago, revoked_lately):
        await data(client, DESTROY, org.key, id=made["apiKey"]["id"])
    await ApiKey.filter(id=revoked_long_ago["apiKey"]["id"]).update(
        revoked_at=now - timedelta(days=91)
    )
    await ApiKey.filter(id=expired_long_ago["apiKey"]["id"]).update(
        expires_at=now - timedelta(days=91)
    )
    purged = await maintenance.purge_retired_keys(RETENTION, now)
    gone = {revoked_long_ago["apiKey"]["id"], expired_long_ago["apiKey"]["id"]}
    assert set(purged) == gone
    assert not await ApiKey.filter(id__in=list(gone)).exists()
    assert not await ApiKeySecret.filter(api_key_id__in=list(gone)).exists()
    assert await ApiKey.filter(id=revoked_lately["apiKey"]["id"]).exists()
    assert await works(client, org.key)
    rows = await AuditEvent.filter(action="purged")
    assert {row.before["id"] for row in rows} == gone
    assert {row.before["name"] for row in rows} == {"old revoked", "old expired"}
    created_rows = await AuditEvent.filter(action="created", api_key_id__isnull=True).count()
    assert created_rows == 2, "their earlier audit rows stay"
    assert await maintenance.purge_retired_keys(RETENTION, now) == []
