"""Credits refill on schedule: once per period, to the refill amount, and the key works
again; keys with no refill, or already refilled this period, are left alone."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from email import message_from_bytes

from auth.limits import period_start
from jobs.inline import InlineRunner
from jobs.refills import refill_credits, send_credit_notices
from models import ApiKey, Notification
from tests.factories import data, gql

VIEWER = "{ viewer { fullAccess } }"
CREATE = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } secret } }"
UPDATE = "mutation($i: UpdateApiKeyInput!) { updateApiKey(input: $i) { id } }"
CREDITS = "query($id: ID!) { apiKey(id: $id) { credits { remaining } } }"


async def _key(client, token: str, credits: dict) -> tuple[str, str]:
    made = (await data(client, CREATE, token, i={"credits": credits}))["createApiKey"]
    return made["apiKey"]["id"], made["secret"]


async def test_a_spent_key_is_refilled_once_its_period_turns(client, org, services, settings):
    daily, secret = await _key(
        client, org.key, {"remaining": 1, "refill": {"amount": 2, "interval": "DAILY"}}
    )
    never, _ = await _key(client, org.key, {"remaining": 1})
    monthly, _ = await _key(
        client, org.key, {"remaining": 1, "refill": {"amount": 9, "interval": "MONTHLY"}}
    )
    assert (await gql(client, VIEWER, secret)).status_code == 200
    assert (await gql(client, VIEWER, secret)).status_code == 429
    assert await refill_credits() == [], "nothing is due within the period it was set in"

    yesterday = datetime.now(UTC) - timedelta(days=1)
    await ApiKey.filter(id__in=[daily, never]).update(credits_refilled_at=yesterday)
    await ApiKey.filter(id=monthly).update(credits_refilled_at=period_start("MONTHLY", yesterday))
    expected = [daily] + ([monthly] if yesterday.month != datetime.now(UTC).month else [])
    assert sorted(await refill_credits()) == sorted(expected)
    assert await refill_credits() == [], "once per period"

    services.cache.clear()  # as every process's cached entry expires within 5 s
    statuses = [(await gql(client, VIEWER, secret)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    for key_id, left in ((never, 1), (daily, 2)):
        shown = await data(client, CREDITS, org.key, id=key_id)
        assert shown["apiKey"]["credits"]["remaining"] == left


async def test_the_in_process_tick_refills(client, org, settings):
    key_id, _ = await _key(
        client, org.key, {"remaining": 0, "refill": {"amount": 4, "interval": "DAILY"}}
    )
    await ApiKey.filter(id=key_id).update(credits_refilled_at=datetime.now(UTC) - timedelta(days=2))
    await InlineRunner(settings).tick()
    assert (await data(client, CREDITS, org.key, id=key_id))["apiKey"]["credits"]["remaining"] == 4


def _mail(directory) -> list:
    """The credits notices written to MAIL_DIR."""
    messages = [message_from_bytes(p.read_bytes()) for p in sorted(directory.glob("*.eml"))]
    return [m for m in messages if "credits left" in m["Subject"]]


async def _spend(client, secret: str, times: int) -> list[int]:
    return [(await gql(client, VIEWER, secret)).status_code for _ in range(times)]


async def test_admins_hear_once_when_credits_run_low_and_once_when_out(
    client, org, admins, settings, services, tmp_path
):
    await Notification.all().delete()
    runner = InlineRunner(dataclasses.replace(settings, mail_dir=tmp_path), retry_intervals=[0])
    services.dispatcher = runner
    try:
        key_id, secret = await _key(client, org.key, {"remaining": 20})
        assert await _spend(client, secret, 18) == [200] * 18
        await services.meter.flush()
        await runner.tick()
        await runner.drain()
        assert _mail(tmp_path) == [], "2 of 20 left is not under a tenth"

        assert await _spend(client, secret, 1) == [200]
        await services.meter.flush()
        for _ in range(2):
            await runner.tick()
            await runner.drain()
        low = _mail(tmp_path)
        assert sorted(m["To"] for m in low) == admins, "one e-mail per admin, once"
        assert all("under 10% of its credits" in m["Subject"] for m in low)
        assert "Credits left: 1 of 20" in low[0].get_payload()

        assert await _spend(client, secret, 2) == [200, 429]
        await services.meter.flush()
        for _ in range(2):
            await runner.tick()
            await runner.drain()
        out = [m for m in _mail(tmp_path) if "no credits left" in m["Subject"]]
        assert sorted(m["To"] for m in out) == admins

        # Set again: a new generation, heard about again when it runs out.
        await data(client, UPDATE, org.key, i={"id": key_id, "credits": {"remaining": 1}})
        services.cache.clear()
        assert await _spend(client, secret, 1) == [200]
        await services.meter.flush()
        await runner.tick()
        await runner.drain()
        out = [m for m in _mail(tmp_path) if "no credits left" in m["Subject"]]
        assert len(out) == 2 * len(admins)
    finally:
        await runner.close()


async def test_the_notices_go_through_the_outbox_and_rq(client, org, admins, jobs, smtp, services):
    _, secret = await _key(client, org.key, {"remaining": 1})
    assert await _spend(client, secret, 1) == [200]
    await services.meter.flush()
    ids = await send_credit_notices()
    assert len(ids) == len(admins) and await send_credit_notices() == []
    jobs.dispatcher.enqueue_notifications(ids)
    await jobs.run()
    notices = [m for m in smtp.messages if "credits left" in m["Subject"]]
    assert sorted(m["To"] for m in notices) == admins
    assert all("no credits left" in m["Subject"] for m in notices)
