"""What models/tortoise_adapter.py and models/database.py assume of Tortoise, checked."""

from __future__ import annotations

import asyncio
import contextvars
import inspect

import asyncpg
from tortoise import Tortoise
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.transactions import in_transaction

from models import Organization, database
from models.tortoise_adapter import (
    expire_pooled_connections,
    forget_compiled_queries,
    pool_usage,
    raw_values,
)


async def test_compiled_queries_are_kept_per_connection_and_table_not_per_dialect(settings):
    forget_compiled_queries()
    await Organization.all()
    key = ("default", None, Organization._meta.db_table)
    assert key in EXECUTOR_CACHE, list(EXECUTOR_CACHE)
    placeholder = "?" if settings.is_sqlite else "$1"
    assert placeholder in EXECUTOR_CACHE[key][1], "the cached INSERT is the dialect's own"
    forget_compiled_queries()
    assert not EXECUTOR_CACHE


def test_the_asyncpg_client_can_expire_its_pool():
    expire = getattr(AsyncpgDBClient, "_expire_connections", None)
    assert inspect.iscoroutinefunction(expire), "Tortoise no longer has _expire_connections"


async def test_expired_connections_are_reopened_on_their_next_use(settings):
    connection = Tortoise.get_connection("default")
    assert hasattr(connection, "_expire_connections") == (not settings.is_sqlite)
    await expire_pooled_connections()
    await database.ping()


async def test_a_task_that_did_not_open_the_database_uses_it(settings):
    """What the lifespan relies on: requests run in tasks that did not open the database."""

    async def count() -> int:
        return await Organization.all().count()

    assert await asyncio.create_task(count(), context=contextvars.Context()) == 0


async def test_the_pool_is_read_from_the_client(settings):
    """asyncpg's Pool on PostgreSQL; SQLite's connection and the lock that a query or a
    transaction holds."""
    await database.ping()
    connection = Tortoise.get_connection("default")
    if settings.is_sqlite:
        assert isinstance(getattr(connection, "_lock", None), asyncio.Lock)
        assert connection._connection is not None
    else:
        assert isinstance(connection._pool, asyncpg.Pool)
    idle = pool_usage()
    async with in_transaction():
        await Organization.all().count()
        busy = pool_usage()
    assert (idle.in_use, busy.in_use) == (0, 1) and idle.idle >= 1, (idle, busy)
    assert busy.max == idle.max == (1 if settings.is_sqlite else 5)


async def test_a_values_query_is_run_for_its_rows_as_the_driver_gives_them(settings):
    """The query's own SQL and filters, each value unconverted (SQLite's datetimes: text)."""
    made = await Organization.create(name="Raw")
    await Organization.create(name="Other")
    query = Organization.filter(name="Raw").values_list("id", "name", "created_at")
    ((found_id, name, created),) = await raw_values(query)
    assert str(found_id) == str(made.id) and name == "Raw"
    assert isinstance(created, str) if settings.is_sqlite else created == made.created_at
