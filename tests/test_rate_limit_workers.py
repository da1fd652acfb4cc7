"""A key's rate limit holds across the workers of `serve --workers 2` (counted on Redis):
the sixth request of a 5-per-10-s key is refused whichever worker takes it, and two workers
hammering one key let through no more than the limit plus one lease each."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from auth.metering import lease_size
from tests import processes, services

VIEWER = {"query": "{ viewer { fullAccess } }"}
CREATE = (
    "mutation($r: Int!, $s: Int!) { createApiKey(input: "
    '{name: "limited", rateLimit: {requests: $r, perSeconds: $s}}) { secret } }'
)


async def _status(base: str, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}", "Connection": "close"}
    # A new connection each time; 160 at once may queue on a busy machine: what counts is
    # how many get through, not how fast.
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        return (await client.post("/graphql", json=VIEWER, headers=headers)).status_code


async def _limited_key(base: str, admin_key: str, requests: int, seconds: int) -> str:
    async with httpx.AsyncClient(base_url=base) as client:
        answer = await client.post(
            "/graphql",
            json={"query": CREATE, "variables": {"r": requests, "s": seconds}},
            headers={"Authorization": f"Bearer {admin_key}"},
        )
    secret: str = answer.json()["data"]["createApiKey"]["secret"]
    return secret


@pytest.mark.e2e
async def test_two_workers_share_each_keys_rate_limit(tmp_path: Path):
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    async with processes.environment("postgres", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        admin_key = processes.bootstrap(env, "Acme", "a@acme.test")["api_key"]
        with processes.serving(env, tmp_path / "serve.log", "--workers", "2") as base:
            five = await _limited_key(base, admin_key, 5, 10)
            statuses = await asyncio.gather(*(_status(base, five) for _ in range(6)))
            assert sorted(statuses) == [200] * 5 + [429]

            # An hour's window: what goes through is what the limit and the leases allow.
            limit = 40
            hammered = await _limited_key(base, admin_key, limit, 3600)
            # All at once: each worker spends its leases on the requests it holds, so
            # only its last lease can lapse, when its share of the requests is done.
            statuses = await asyncio.gather(*(_status(base, hammered) for _ in range(160)))
            assert set(statuses) == {200, 429}
            let_through = statuses.count(200)
            lease = lease_size(limit)
            assert lease > 1, "the test leases several requests at a time"
            # Never over the limit plus a lease per worker; under it by at most the leases
            # that lapsed unused.
            assert limit - 2 * lease <= let_through <= limit + 2 * lease
        served = (tmp_path / "serve.log").read_text()
        assert served.count("Started server process") == 2, "both workers ran"
    await services.flush_redis()
