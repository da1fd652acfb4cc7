"""A destroyed key fails on /api/v1 on every worker of `serve --workers 2` within 1 s, as it
does on POST /graphql: the two doors share the credential cache and its invalidation."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests import processes, services
from tests.waits import wait_until

CREATE = {"query": 'mutation { createApiKey(input: {name: "connector"}) { apiKey { id } secret } }'}
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { status } }"


async def _statuses(base: str, key: str, count: int) -> set[int]:
    headers = {"Authorization": f"Bearer {key}", "Connection": "close"}
    statuses = set()
    for _ in range(count):
        async with httpx.AsyncClient(base_url=base) as client:  # a new connection each time
            statuses.add((await client.get("/api/v1/customers", headers=headers)).status_code)
    return statuses


@pytest.mark.e2e
async def test_a_destroyed_key_fails_on_every_worker_within_a_second(tmp_path: Path):
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    async with processes.environment("postgres", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        admin = processes.bootstrap(env)["api_key"]
        with processes.serving(env, tmp_path / "serve.log", "--workers", "2") as base:
            async with httpx.AsyncClient(
                base_url=base, headers={"Authorization": f"Bearer {admin}"}
            ) as client:
                key = (await client.post("/graphql", json=CREATE)).json()["data"]["createApiKey"]
                assert await _statuses(base, key["secret"], 40) == {200}
                destroy = {"query": DESTROY, "variables": {"id": key["apiKey"]["id"]}}
                assert (await client.post("/graphql", json=destroy)).status_code == 200

            async def refused() -> bool:
                return await _statuses(base, key["secret"], 15) == {401}

            await wait_until(refused, timeout=1.0, what="every worker to refuse the destroyed key")
        assert (tmp_path / "serve.log").read_text().count("Started server process") == 2
