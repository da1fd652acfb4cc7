"""Scheduled rotations complete when due; expiry notices go out once each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rq.job import Job

from jobs import maintenance
from jobs.rq_dispatch import rotation_job_id
from models import ApiKey, ApiKeySecret, AuditEvent, Notification
from tests.factories import data

ROTATE = (
    "mutation($id: ID!, $s: RotationSchedule!) "
    "{ rotateApiKey(input: {id: $id, schedule: $s}) { apiKey { rotationScheduledAt } secret } }"
)
SHOW = "query($id: ID!) { apiKey(id: $id) { rotationScheduledAt } }"
VIEWER = "{ viewer { fullAccess } }"


async def _scheduled_at(jobs, key_id: str) -> datetime:
    registry = jobs.queue.scheduled_job_registry
    return registry.get_scheduled_time(Job.fetch(rotation_job_id(key_id), connection=jobs.redis))


async def test_a_scheduled_rotation_completes_when_due(client, org, admins, jobs, smtp, services):
    created = await data(
        client, "mutation { createApiKey(input: {}) { apiKey { id } secret } }", org.key
    )
    key_id, old = created["createApiKey"]["apiKey"]["id"], created["createApiKey"]["secret"]
    await data(client, ROTATE, org.key, id=key_id, s="IN_1_HOUR")
    due = await _scheduled_at(jobs, key_id)
    assert timedelta(minutes=59) < due - datetime.now(UTC) <= timedelta(hours=1)
    await jobs.run()
    assert (await data(client, VIEWER, old))["viewer"]["fullAccess"] is True, "not due yet"

    past = datetime.now(UTC) - timedelta(seconds=1)  # an hour goes by
    await ApiKey.filter(id=key_id).update(rotation_ends_at=past)
    await ApiKeySecret.filter(api_key_id=key_id, expires_at__isnull=False).update(expires_at=past)
    services.cache.clear()  # it holds the old expiry, which real time would have reached
    job = Job.fetch(rotation_job_id(key_id), connection=jobs.redis)
    jobs.queue.scheduled_job_registry.schedule(job, past)
    smtp.messages.clear()
    await jobs.run()

    assert (await data(client, SHOW, org.key, id=key_id))["apiKey"]["rotationScheduledAt"] is None
    assert await AuditEvent.filter(api_key_id=key_id, action="rotation_completed").count() == 1
    previous = await ApiKeySecret.filter(api_key_id=key_id, expires_at__isnull=False).get()
    assert previous.sealed is None
    for email in admins:
        assert [m["Subject"].split(":")[0] for m in smtp.to(email)] == [
            "[Acme] API key rotation completed"
        ]
    assert (
        await client.post(
            "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {old}"}
        )
    ).status_code == 401


async def test_a_later_rotation_moves_the_one_job_of_the_key(client, org, jobs):
    created = await data(client, "mutation { createApiKey(input: {}) { apiKey { id } } }", org.key)
    key_id = created["createApiKey"]["apiKey"]["id"]
    await data(client, ROTATE, org.key, id=key_id, s="IN_1_HOUR")
    # An hour later (a scheduled rotation is refused while one is pending):
    await ApiKey.filter(id=key_id).update(rotation_ends_at=datetime.now(UTC) - timedelta(seconds=1))
    await data(client, ROTATE, org.key, id=key_id, s="IN_7_DAYS")
    assert await _scheduled_at(jobs, key_id) - datetime.now(UTC) > timedelta(days=6)
    assert jobs.queue.scheduled_job_registry.count == 1


async def test_expiry_notices_go_out_once_at_7_days_1_day_and_expiry(client, org, admins):
    soon = datetime.now(UTC) + timedelta(days=6)
    created = await data(
        client,
        "mutation($e: DateTime) { createApiKey(input: {expiresAt: $e}) { apiKey { id } } }",
        org.key,
        e=soon.isoformat(),
    )
    key_id = created["createApiKey"]["apiKey"]["id"]
    await Notification.all().delete()

    async def notices() -> list[str]:
        await maintenance.send_expiry_notices()
        await maintenance.send_expiry_notices()  # twice: still once each
        kinds = await Notification.filter(api_key_id=key_id).values_list("kind", flat=True)
        return sorted(set(str(k) for k in kinds)), len(kinds)  # type: ignore[return-value]

    assert await notices() == (["key_expiring_7d"], len(admins))
    await ApiKey.filter(id=key_id).update(expires_at=datetime.now(UTC) + timedelta(hours=20))
    assert await notices() == (["key_expiring_1d", "key_expiring_7d"], 2 * len(admins))
    await ApiKey.filter(id=key_id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    kinds, count = await notices()
    assert "key_expired" in kinds and count == 3 * len(admins)
