"""PostgreSQL connections dropped mid-request: a coded 503, then the next request works."""

from __future__ import annotations

import asyncio

import asyncpg

from tests import services
from tests.factories import gql, login
from tests.waits import wait_until

KEYS = "{ apiKeys(first: 5) { totalCount } }"
ROTATE = "mutation($id: ID!) { rotateApiKey(input: {id: $id}) { secret } }"


async def _connect() -> asyncpg.Connection:
    return await asyncpg.connect(
        host=services.PG_HOST, port=services.PG_PORT, user=services.PG_USER, database="postgres"
    )


async def _waits_for_a_lock(watcher: asyncpg.Connection, database: str) -> bool:
    """Whether a backend of `database` waits for a lock another one holds."""
    waiting: bool = await watcher.fetchval(
        "SELECT EXISTS (SELECT 1 FROM pg_locks JOIN pg_stat_activity USING (pid)"
        " WHERE datname = $1 AND NOT granted)",
        database,
    )
    return waiting


async def test_a_connection_dropped_mid_request_gives_503_then_recovers(
    client, org, settings, postgres_only
):
    database = settings.database_url.rsplit("/", 1)[1]
    session = await login(client, org.admin_email)
    holder = await asyncpg.connect(
        services.postgres_url(database).replace("postgres:", "postgresql:", 1)
    )
    killer = await _connect()
    try:
        transaction = holder.transaction()
        await transaction.start()
        await holder.execute("SELECT 1 FROM api_key WHERE id = $1 FOR UPDATE", org.key_id)
        request = asyncio.create_task(gql(client, ROTATE, session, id=org.key_id))
        await wait_until(
            lambda: _waits_for_a_lock(killer, database), what="the rotation to wait on the lock"
        )
        assert not request.done()
        await killer.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> $2",
            database,
            holder.get_server_pid(),
        )
        failed = await asyncio.wait_for(request, 10)
        await transaction.rollback()
    finally:
        await holder.close()
        await killer.close()
    assert failed.status_code == 503, failed.text
    assert failed.headers["retry-after"] == "1"
    assert failed.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    recovered = await gql(client, KEYS, session)
    assert recovered.status_code == 200, recovered.text
    assert recovered.json()["data"]["apiKeys"]["totalCount"] == 1
