"""Every use of Tortoise beyond its public API, in one place.

tests/models/test_tortoise_adapter.py fails when a Tortoise release changes one of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.models import Model
from tortoise.queryset import ValuesListQuery

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


@dataclass(frozen=True, slots=True)
class PoolUsage:
    in_use: int
    idle: int
    max: int


def pool_usage(connection_name: str = "default") -> PoolUsage:
    """The connections of this process's pool: asyncpg's `Pool` on PostgreSQL (Tortoise
    opens it on the first query: until then none, of its configured maximum), or SQLite's
    one connection, in use while a query or a transaction holds its lock."""
    connection = Tortoise.get_connection(connection_name)
    while (parent := getattr(connection, "_parent", None)) not in (None, connection):
        connection = parent  # inside a transaction: its client is the pool's own
    pool = getattr(connection, "_pool", None)
    if pool is not None:
        idle = pool.get_idle_size()
        return PoolUsage(pool.get_size() - idle, idle, pool.get_max_size())
    maximum = getattr(connection, "pool_maxsize", None)
    if maximum is not None:
        return PoolUsage(0, 0, maximum)
    opened = getattr(connection, "_connection", None) is not None
    lock = getattr(connection, "_lock", None)
    busy = opened and lock is not None and lock.locked()
    return PoolUsage(int(busy), int(opened and not busy), 1)


def rows_as_models(model: type[M], rows: Iterable[Mapping[str, Any]]) -> list[M]:
    """Instances of `model` from rows of its table (every column, by column name) that a
    hand-written statement returned: what Tortoise's own SELECT makes of a row
    (`Model._init_from_db`, for a statement its query builder cannot write)."""
    return [model._init_from_db(**row) for row in rows]


async def raw_values(query: ValuesListQuery[Any]) -> list[tuple[Any, ...]]:
    """The rows a `values_list` query selects, as the database driver returns them: no
    conversion per value (models/columns.py converts them, cheaper)."""
    query._choose_db_if_not_chosen()
    query._make_query()
    _, records = await query._db.execute_query(*query.query.get_parameterized_sql())
    return [tuple(record) for record in records]
