"""rotateApiKey: a new secret now or later, the rest of the key kept, one rotation at a time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from models import ApiKey, ApiKeySecret
from tests.factories import data, error, gql
from tests.resolvers.api_keys.documents import ROTATE, create, works


async def test_rotate_now_keeps_everything_but_the_secret(client, org):
    created = await create(
        client,
        org.key,
        name="n",
        description="d",
        allowedIps=["203.0.113.0/24"],
        permissions=[{"object": "PLAN", "access": "READ"}],
    )
    rotated = (await data(client, ROTATE, org.key, i={"id": created["apiKey"]["id"]}))[
        "rotateApiKey"
    ]
    before, after = dict(created["apiKey"]), dict(rotated["apiKey"])
    for changed in ("prefix", "lastCharacters"):
        before.pop(changed), after.pop(changed)
    assert before == after and after["rotationScheduledAt"] is None
    assert await works(client, rotated["secret"]) and not await works(client, created["secret"])


async def test_scheduled_rotation_keeps_the_previous_secret_until_then(client, org):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    rotated = (await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_1_HOUR"}))[
        "rotateApiKey"
    ]
    scheduled = datetime.fromisoformat(rotated["apiKey"]["rotationScheduledAt"])
    assert timedelta(minutes=59) < scheduled - datetime.now(UTC) <= timedelta(hours=1)
    assert await works(client, created["secret"]) and await works(client, rotated["secret"])
    valid = [
        s for s in await ApiKeySecret.filter(api_key_id=key_id) if s.valid_at(datetime.now(UTC))
    ]
    assert len(valid) == 2


async def test_rotating_never_revives_an_expired_secret(client, org, services):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    first = (await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_1_HOUR"}))[
        "rotateApiKey"
    ]
    an_hour_later = datetime.now(UTC) - timedelta(seconds=1)
    await ApiKeySecret.filter(api_key_id=key_id, expires_at__isnull=False).update(
        expires_at=an_hour_later
    )
    await ApiKey.filter(id=key_id).update(rotation_ends_at=an_hour_later)
    services.cache.clear()
    await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_7_DAYS"})
    assert not await works(client, created["secret"])
    assert await works(client, first["secret"])


async def test_a_key_cannot_rotate_itself(client, org):
    assert (await error(client, ROTATE, org.key, i={"id": org.key_id}))["extensions"][
        "code"
    ] == "CONFLICT"
    assert await works(client, org.key)


async def test_concurrent_scheduled_rotations_let_one_through_and_keep_its_promise(
    client, org, postgres_only
):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    results = await asyncio.gather(
        *(
            gql(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_1_HOUR"})
            for _ in range(20)
        )
    )
    codes = sorted(
        r.json()["errors"][0]["extensions"]["code"] for r in results if "errors" in r.json()
    )
    assert codes == ["CONFLICT"] * 19
    assert await works(client, created["secret"])
    now = datetime.now(UTC)
    secrets = await ApiKeySecret.filter(api_key_id=key_id)
    assert sum(s.expires_at is None for s in secrets) == 1
    assert sum(s.expires_at is not None and s.valid_at(now) for s in secrets) == 1
