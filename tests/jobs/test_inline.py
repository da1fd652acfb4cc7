"""The embedded default: no Redis, no SMTP server; the same e-mails land in MAIL_DIR."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from email import message_from_bytes

from jobs.inline import InlineRunner
from models import ApiKey, Notification, NotificationStatus
from tests.factories import data

CREATE = 'mutation { createApiKey(input: {name: "local"}) { apiKey { id } secret } }'
ROTATE = "mutation($id: ID!) { rotateApiKey(input: {id: $id, schedule: IN_1_HOUR}) { secret } }"


def _mail(directory) -> list:
    return [message_from_bytes(p.read_bytes()) for p in sorted(directory.glob("*.eml"))]


async def test_mail_is_written_to_mail_dir_for_every_admin(
    client, org, admins, settings, services, tmp_path
):
    await Notification.all().delete()
    runner = InlineRunner(dataclasses.replace(settings, mail_dir=tmp_path), retry_intervals=[0])
    services.dispatcher = runner
    try:
        await _create_rotate_complete(client, org, admins, runner, tmp_path)
    finally:
        await runner.close()


async def _create_rotate_complete(client, org, admins, runner, tmp_path) -> None:
    created = (await data(client, CREATE, org.key))["createApiKey"]
    await runner.drain()
    messages = _mail(tmp_path)
    assert sorted(m["To"] for m in messages) == admins
    for message in messages:
        assert message["Subject"].startswith('[Acme] API key created: "local"')
        assert created["secret"] not in message.as_string()
    assert {r.status for r in await Notification.all()} == {NotificationStatus.SENT}

    await data(client, ROTATE, org.key, id=created["apiKey"]["id"])
    await runner.drain()
    assert len(_mail(tmp_path)) == 2 * len(admins)
    await ApiKey.filter(id=created["apiKey"]["id"]).update(
        rotation_ends_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    await runner.tick()
    await runner.drain()
    subjects = [m["Subject"] for m in _mail(tmp_path)]
    assert sum("rotation completed" in s for s in subjects) == len(admins)
