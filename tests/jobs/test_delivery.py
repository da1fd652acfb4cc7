"""Every ADMIN is e-mailed on create, rotate and destroy, through RQ and real SMTP."""

from __future__ import annotations

from models import Notification, NotificationStatus
from tests.factories import data

CREATE = 'mutation { createApiKey(input: {name: "billing sync"}) { apiKey { id prefix } secret } }'
ROTATE = "mutation($id: ID!) { rotateApiKey(input: {id: $id}) { secret } }"
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { status } }"


async def _create(client, org) -> dict:
    result: dict = (await data(client, CREATE, org.key))["createApiKey"]
    return result


async def test_every_admin_gets_create_rotate_and_destroy(client, org, admins, jobs, smtp):
    created = await _create(client, org)
    key_id = created["apiKey"]["id"]
    rotated = (await data(client, ROTATE, org.key, id=key_id))["rotateApiKey"]["secret"]
    await data(client, DESTROY, org.key, id=key_id)
    await jobs.run()

    for email in admins:
        subjects = {m["Subject"].split(":")[0]: m["Subject"] for m in smtp.to(email)}
        assert sorted(subjects) == [
            "[Acme] API key created",
            "[Acme] API key destroyed",
            "[Acme] API key rotated",
        ]
        prefix = created["apiKey"]["prefix"]
        assert subjects["[Acme] API key created"].endswith(f'"billing sync" ({prefix}...)')
        assert '"billing sync" (lk_live_' in subjects["[Acme] API key destroyed"]
    assert len(smtp.messages) == 3 * len(admins), "nobody else is mailed"
    for message in smtp.messages:
        body = message.get_payload()
        assert "Acme" in body and "By: API key" in body and "When: " in body
        assert created["secret"] not in body and rotated not in body and org.key not in body
    statuses = await Notification.all().values_list("status", flat=True)
    assert set(statuses) == {NotificationStatus.SENT}


async def test_an_smtp_server_refusing_the_first_attempts_still_delivers_once(
    client, org, admins, jobs, smtp
):
    smtp.refuse = 3
    await _create(client, org)
    await jobs.run()
    for email in admins:
        assert len(smtp.to(email)) == 1
    rows = await Notification.all()
    assert {row.status for row in rows} == {NotificationStatus.SENT}
    assert sum(row.attempts for row in rows) == len(admins) + 3


async def test_a_row_that_keeps_failing_is_marked_failed_with_its_error(
    client, org, jobs, smtp, monkeypatch
):
    smtp.refuse = 1000
    monkeypatch.setattr(jobs.dispatcher, "retry_intervals", [0, 0])
    await _create(client, org)
    await jobs.run()
    rows = await Notification.all()
    assert len(rows) == 2
    for row in rows:
        assert row.status == NotificationStatus.FAILED and row.attempts == 3
        assert row.last_error is not None and "451" in row.last_error
    assert smtp.messages == []
