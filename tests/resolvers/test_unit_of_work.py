"""Side effects leave once, after the outermost transaction commits; a rollback sends none."""

from __future__ import annotations

from datetime import datetime

import pytest

from models import ApiKey, Notification, WebhookDelivery, WebhookEndpoint
from resolvers.api_keys.create import CreateApiKey, create_api_key
from resolvers.api_keys.rotate import RotationSchedule, rotate_api_key
from resolvers.unit_of_work import unit_of_work


class Recorder:
    """A dispatcher that keeps what it is handed, and what the cache was told to evict."""

    def __init__(self, services) -> None:
        self.notified: list[str] = []
        self.rotations: list[tuple[str, datetime]] = []
        self.evicted: list[tuple[str, str]] = []
        self.webhooks_sent: list[str] = []
        services.dispatcher = self
        services.cache.on_evict = lambda scope, ident: self.evicted.append((scope, ident))

    async def notifications(self, ids: list[str]) -> None:
        self.notified += ids

    async def rotation(self, key_id: str, at: datetime) -> None:
        self.rotations.append((key_id, at))

    async def webhooks(self, ids: list[str]) -> None:
        self.webhooks_sent += ids

    @property
    def nothing(self) -> bool:
        return not (self.notified or self.rotations or self.evicted or self.webhooks_sent)


class Failed(Exception):
    pass


async def test_a_rolled_back_outer_transaction_sends_nothing(org, services):
    sent = Recorder(services)
    with pytest.raises(Failed):
        async with unit_of_work(services):
            key, _ = await create_api_key(org.admin, CreateApiKey(name="doomed"), services)
            await rotate_api_key(org.admin, str(key.id), RotationSchedule.IN_1_HOUR, services)
            raise Failed("the outer use case fails after the inner ones")
    assert sent.nothing
    assert not await ApiKey.filter(name="doomed").exists()
    assert await Notification.filter(api_key_id=key.id).count() == 0


async def test_nested_work_leaves_once_the_outermost_transaction_commits(org, services):
    sent = Recorder(services)
    async with unit_of_work(services):
        key, _ = await create_api_key(org.admin, CreateApiKey(name="inner"), services)
        await rotate_api_key(org.admin, str(key.id), RotationSchedule.IN_1_HOUR, services)
        assert sent.nothing, "nothing before the outer transaction commits"
    rows = await Notification.filter(api_key_id=key.id).values_list("id", flat=True)
    assert sorted(sent.notified) == sorted(str(row) for row in rows) and len(rows) == 2
    assert [key_id for key_id, _ in sent.rotations] == [str(key.id)]
    assert sent.evicted == [("key", str(key.id))]


async def test_a_rolled_back_inner_unit_drops_its_own_effects_only(org, services):
    sent = Recorder(services)
    async with unit_of_work(services):
        kept, _ = await create_api_key(org.admin, CreateApiKey(name="kept"), services)
        try:
            async with unit_of_work(services):
                await create_api_key(org.admin, CreateApiKey(name="dropped"), services)
                raise Failed("the inner unit fails; the outer goes on")
        except Failed:
            pass
    assert not await ApiKey.filter(name="dropped").exists()
    assert sent.evicted == [("key", str(kept.id))]
    rows = await Notification.filter(api_key_id=kept.id).values_list("id", flat=True)
    assert sorted(sent.notified) == sorted(str(row) for row in rows)


# Webhooks on key events: their rows leave with the commit, and a rolled-back unit's stay behind.
async def test_webhook_deliveries_leave_after_commit_and_a_rolled_back_units_never(org, services):
    await WebhookEndpoint.create(
        organization_id=org.id,
        url="https://hooks.example.com/x",
        events=["created"],
        sealed_secret="t1.unused",
    )
    sent = Recorder(services)
    async with unit_of_work(services):
        kept, _ = await create_api_key(org.admin, CreateApiKey(name="kept"), services)
        try:
            async with unit_of_work(services):
                await create_api_key(org.admin, CreateApiKey(name="dropped"), services)
                raise Failed("the inner unit fails; the outer goes on")
        except Failed:
            pass
        assert sent.webhooks_sent == [], "nothing before the outer transaction commits"
    rows = await WebhookDelivery.all()
    assert [str(row.api_key_id) for row in rows] == [str(kept.id)]
    assert sent.webhooks_sent == [str(rows[0].id)]
