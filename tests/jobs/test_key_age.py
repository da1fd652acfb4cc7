"""The rotation policy (issue 20): a key is due for rotation maxKeyAgeDays after its last
rotation (or creation); the admins are e-mailed once per rotation, 7 days before."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from email import message_from_bytes

from jobs import key_age, tasks
from jobs.inline import InlineRunner
from models import ApiKey, Notification
from tests.factories import data, login

POLICY = "mutation($d: Int) { updateOrganization(input: {maxKeyAgeDays: $d}) { maxKeyAgeDays } }"
CREATE = 'mutation { createApiKey(input: {name: "ci"}) { apiKey { id } } }'
ROTATE = "mutation($id: ID!) { rotateApiKey(input: {id: $id, schedule: NOW}) { secret } }"
SHOW = "query($id: ID!) { apiKey(id: $id) { createdAt rotationDueAt rotationOverdue } }"
SUBJECT = "API key due for rotation within 7 days"


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def _policy(client, org, days: int | None) -> None:
    admin = await login(client, org.admin_email)
    await data(client, POLICY, admin, d=days)


async def _key(client, org, age: timedelta) -> str:
    key_id = (await data(client, CREATE, org.key))["createApiKey"]["apiKey"]["id"]
    await ApiKey.filter(id=key_id).update(created_at=datetime.now(UTC) - age)
    return str(key_id)


async def _show(client, org, key_id: str) -> dict:
    return (await data(client, SHOW, org.key, id=key_id))["apiKey"]


async def test_a_key_shows_when_its_rotation_is_due_and_whether_overdue(client, org):
    key_id = await _key(client, org, timedelta(days=91))
    shown = await _show(client, org, key_id)
    assert (shown["rotationDueAt"], shown["rotationOverdue"]) == (None, False), "no policy"

    await _policy(client, org, 90)
    shown = await _show(client, org, key_id)
    assert _at(shown["rotationDueAt"]) == _at(shown["createdAt"]) + timedelta(days=90)
    assert shown["rotationOverdue"] is True

    before = datetime.now(UTC)
    await data(client, ROTATE, org.key, id=key_id)
    shown = await _show(client, org, key_id)
    assert _at(shown["rotationDueAt"]) - timedelta(days=90) >= before.replace(microsecond=0)
    assert _at(shown["rotationDueAt"]) - timedelta(days=90) <= datetime.now(UTC)
    assert shown["rotationOverdue"] is False

    await _policy(client, org, None)
    assert (await _show(client, org, key_id))["rotationDueAt"] is None


async def test_a_revoked_key_is_never_due(client, org):
    key_id = await _key(client, org, timedelta(days=100))
    await _policy(client, org, 30)
    destroy = "mutation($id: ID!) { destroyApiKey(id: $id) { status rotationDueAt } }"
    destroyed = await data(client, destroy, org.key, id=key_id)
    assert destroyed["destroyApiKey"] == {"status": "REVOKED", "rotationDueAt": None}
    await Notification.all().delete()
    await key_age.send_rotation_notices()
    assert not await Notification.filter(api_key_id=key_id).exists()


async def test_the_notice_goes_once_per_rotation_7_days_before_with_the_exact_time(
    client, org, admins
):
    now = datetime.now(UTC).replace(microsecond=0)
    early = await _key(client, org, timedelta(days=80))  # due in 10 days: not yet
    soon = await _key(client, org, timedelta(days=86, hours=21))  # due in 3 d 3 h
    await _policy(client, org, 90)
    await Notification.all().delete()

    await key_age.send_rotation_notices(now)
    await key_age.send_rotation_notices(now)  # twice: still once
    assert not await Notification.filter(api_key_id=early).exists()
    mails = await Notification.filter(api_key_id=soon, kind="key_rotation_due")
    assert sorted(m.recipient for m in mails) == admins
    created = (await ApiKey.get(id=soon)).created_at
    at = (created + timedelta(days=90)).astimezone(UTC).isoformat(timespec="seconds")
    assert f"It is due for rotation at {at}, in 3 d " in mails[0].body
    assert "every 90 days" in mails[0].body and SUBJECT in mails[0].subject

    await data(client, ROTATE, org.key, id=soon)  # a rotation: its age starts again
    await ApiKey.filter(id=soon).update(rotated_at=now - timedelta(days=95))
    await key_age.send_rotation_notices(now)
    await key_age.send_rotation_notices(now)
    again = await Notification.filter(api_key_id=soon, kind="key_rotation_due").count()
    assert again == 2 * len(admins)
    last = await Notification.filter(api_key_id=soon, kind="key_rotation_due").order_by(
        "-created_at"
    )
    assert "It was due for rotation at" in last[0].body


async def test_no_policy_no_notice(client, org, admins):
    key_id = await _key(client, org, timedelta(days=400))
    await Notification.all().delete()
    assert await key_age.send_rotation_notices() == []
    assert not await Notification.filter(api_key_id=key_id).exists()


async def test_the_in_process_runner_mails_every_admin(
    client, org, admins, settings, services, tmp_path
):
    await _key(client, org, timedelta(days=85))
    await _policy(client, org, 90)
    await Notification.all().delete()
    runner = InlineRunner(dataclasses.replace(settings, mail_dir=tmp_path), retry_intervals=[0])
    services.dispatcher = runner
    try:
        await runner.tick()
        await runner.tick()
        await runner.drain()
    finally:
        await runner.close()
    messages = [message_from_bytes(p.read_bytes()) for p in sorted(tmp_path.glob("*.eml"))]
    due = [m for m in messages if SUBJECT in m["Subject"]]
    assert sorted(m["To"] for m in due) == admins


async def test_the_rq_tick_mails_every_admin_over_smtp(client, org, admins, jobs, smtp):
    await _key(client, org, timedelta(days=88))
    await _policy(client, org, 90)
    await jobs.run()
    smtp.messages.clear()
    await asyncio.to_thread(tasks.periodic_tick)
    await jobs.run()
    await asyncio.to_thread(tasks.periodic_tick)  # the next tick: nothing more
    await jobs.run()
    for email in admins:
        subjects = [m["Subject"] for m in smtp.to(email)]
        due = [s for s in subjects if SUBJECT in s]
        assert len(due) == 1 and due[0].startswith(f'[Acme] {SUBJECT}: "ci" (')
