from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from models import ApiKey
from tests.factories import data

KEYS = "{ apiKeys(first: 1) { edges { node { lastUsedAt } } } }"


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sql: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.sql.append(record.getMessage())


async def test_a_request_is_recorded_and_shown_after_the_flush(client, org, services):
    assert (await ApiKey.get(id=org.key_id)).last_used_at is None
    before = datetime.now(UTC)
    await data(client, KEYS, org.key)
    assert (await ApiKey.get(id=org.key_id)).last_used_at is None, "written per request"
    assert await services.last_used.flush() == 1
    shown = (await data(client, KEYS, org.key))["apiKeys"]["edges"][0]["node"]["lastUsedAt"]
    assert datetime.fromisoformat(shown) >= before.replace(microsecond=0)


async def test_many_requests_of_many_keys_are_one_update_statement(
    client, org, other_org, services
):
    for _ in range(5):
        await data(client, KEYS, org.key)
        await data(client, KEYS, other_org.key)
    handler = _Statements()
    logger = logging.getLogger("tortoise.db_client")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        assert await services.last_used.flush() == 2
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    updates = [s for s in handler.sql if "UPDATE" in s.upper()]
    assert len(updates) == 1, handler.sql
    assert (await ApiKey.get(id=org.key_id)).last_used_at is not None
    assert (await ApiKey.get(id=other_org.key_id)).last_used_at is not None


async def test_a_flush_never_moves_the_time_backwards(client, org, services):
    later = datetime.now(UTC) + timedelta(minutes=5)
    await ApiKey.filter(id=org.key_id).update(last_used_at=later)
    await data(client, KEYS, org.key)
    await services.last_used.flush()
    assert (await ApiKey.get(id=org.key_id)).last_used_at == later


async def test_member_sessions_record_nothing(client, org, services):
    from tests.factories import login

    token = await login(client, org.admin_email)
    await data(client, KEYS, token)
    assert services.last_used.pending == 0


async def test_reading_customers_moves_last_used_and_ingestion_does_not(client, org, services):
    from auth.grants import Access, PermissionObject
    from resolvers.api_keys.create import CreateApiKey, create_api_key

    grants = [(PermissionObject.CUSTOMER, Access.READ), (PermissionObject.EVENT, Access.WRITE)]
    key, token = await create_api_key(org.admin, CreateApiKey(permissions=grants), services)
    ingest = 'mutation { ingestEvents(events: [{transactionId: "t1", externalCustomerId: "c", code: "x"}]) { id } }'
    await data(client, ingest, token)
    await data(
        client,
        'mutation { createEvent(input: {transactionId: "t2", externalCustomerId: "c", code: "x"}) { id } }',
        token,
    )
    await services.last_used.flush()
    assert (await ApiKey.get(id=key.id)).last_used_at is None
    await data(client, "{ customers(first: 1) { totalCount } }", token)
    await services.last_used.flush()
    assert (await ApiKey.get(id=key.id)).last_used_at is not None
