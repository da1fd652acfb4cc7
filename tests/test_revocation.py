"""A destroyed key fails on every worker of `serve --workers 2` within 1 s."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests import processes, services
from tests.waits import wait_until

VIEWER = {"query": "{ viewer { fullAccess } }"}
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { status } }"
CREATE = {"query": 'mutation { createApiKey(input: {name: "B"}) { apiKey { id } secret } }'}


async def _statuses(base: str, token: str, count: int) -> list[int]:
    headers = {"Authorization": f"Bearer {token}", "Connection": "close"}
    statuses = []
    for _ in range(count):
        async with httpx.AsyncClient(base_url=base) as client:  # a new connection each time
            statuses.append(
                (await client.post("/graphql", json=VIEWER, headers=headers)).status_code
            )
    return statuses


async def _refused(base: str, token: str) -> bool:
    return set(await _statuses(base, token, 15)) == {401}


@pytest.mark.e2e
async def test_a_destroyed_key_fails_on_every_worker_within_a_second(tmp_path: Path):
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    async with processes.environment("postgres", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        admin_key = processes.bootstrap(env, "Acme", "a@acme.test")["api_key"]
        with processes.serving(env, tmp_path / "serve.log", "--workers", "2") as base:
            async with httpx.AsyncClient(base_url=base) as client:
                auth = {"Authorization": f"Bearer {admin_key}"}
                created = (await client.post("/graphql", json=CREATE, headers=auth)).json()
                key = created["data"]["createApiKey"]
                assert set(await _statuses(base, key["secret"], 40)) == {200}
                destroy = {"query": DESTROY, "variables": {"id": key["apiKey"]["id"]}}
                destroyed = (await client.post("/graphql", json=destroy, headers=auth)).json()
                assert destroyed["data"]["destroyApiKey"]["status"] == "REVOKED"
            await wait_until(
                lambda: _refused(base, key["secret"]),
                timeout=1.0,
                what="every worker to refuse the destroyed key",
            )
        served = (tmp_path / "serve.log").read_text()
        assert served.count("Started server process") == 2, "both workers ran"
