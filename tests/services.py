"""The real services the suite talks to, and how to start them when they are down."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid

import asyncpg
import pytest

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
# The suite's own Redis database, flushed around tests; another number lets two runs share a server.
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('APIKEYS_TEST_REDIS_DB', '15')}"
_HOW_TO_START = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
}


def require_service(name: str, host: str, port: int) -> None:
    """Fail the run loudly (never skip) when a service the suite needs is down."""
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        pytest.exit(
            f"{name} is not answering on {host}:{port}. Start it with:\n  {_HOW_TO_START[name]}",
            returncode=3,
        )


def postgres_url(database: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


async def create_postgres_database() -> str:
    require_service("PostgreSQL", PG_HOST, PG_PORT)
    name = f"apikeys_test_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name


async def drop_postgres_database(name: str) -> None:
    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
    try:
        await asyncio.wait_for(conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'), 30)
    finally:
        await conn.close()


async def flush_redis(url: str = REDIS_URL) -> None:
    """Empty a Redis database (by default the suite's: failure counters, RQ queues)."""
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    try:
        await redis.flushdb()
    finally:
        await redis.aclose()
