"""Credits refill on schedule: once per period, to the refill amount, and the key works
again; keys with no refill, or already refilled this period, are left alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobs.inline import InlineRunner
from jobs.refills import period_start, refill_credits
from models import ApiKey
from tests.factories import data, gql

VIEWER = "{ viewer { fullAccess } }"
CREATE = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } secret } }"
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
