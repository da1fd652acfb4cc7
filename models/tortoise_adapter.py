"""Every use of Tortoise beyond its public API, in one place.

tests/models/test_tortoise_adapter.py fails when a Tortoise release changes one of them.
"""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE


def forget_compiled_queries() -> None:
    """Drop Tortoise's compiled INSERT and DELETE statements. It keys them by connection
    name and table, not by dialect: a process that opens SQLite and then PostgreSQL under
    the same name (tests, benchmarks) must not reuse the other dialect's SQL."""
    EXECUTOR_CACHE.clear()


async def expire_pooled_connections(connection_name: str = "default") -> None:
    """Make a pool reopen its connections on their next use (asyncpg's
    `Pool.expire_connections`, which Tortoise reaches only through a private method).
    A client without a pool (SQLite) has nothing to expire."""
    connection = Tortoise.get_connection(connection_name)
    expire = getattr(connection, "_expire_connections", None)
    if expire is not None:
        await expire()
