"""Every use of Tortoise beyond its public API, in one place.

tests/models/test_tortoise_adapter.py fails when a Tortoise release changes one of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.models import Model

M = TypeVar("M", bound=Model)


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


def rows_as_models(model: type[M], rows: Iterable[Mapping[str, Any]]) -> list[M]:
    """Instances of `model` from rows of its table (every column, by column name) that a
    hand-written statement returned: what Tortoise's own SELECT makes of a row
    (`Model._init_from_db`, for a statement its query builder cannot write)."""
    return [model._init_from_db(**row) for row in rows]
