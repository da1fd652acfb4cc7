"""Redis stopped and restarted under `serve --workers 2` (a Redis of the test's own)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from redis import Redis

from settings import load_settings
from tests import processes
from tests.waits import wait_until

VIEWER = {"query": "{ viewer { fullAccess } }"}
CREATE = {"query": 'mutation { createApiKey(input: {name: "b"}) { apiKey { id } secret } }'}
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { status } }"


def _subscribers(port: int, env: dict[str, str]) -> int:
    """How many processes listen on the deployment's invalidation channel."""
    channel = f"{load_settings(env).redis_namespace}:invalidate"
    client = Redis(port=port)
    try:
        ((_, count),) = client.pubsub_numsub(channel)
        return int(count)
    finally:
        client.close()


async def _refused(base: str, token: str) -> bool:
    return await _statuses(base, token, 10) == {401}


async def _statuses(base: str, token: str, count: int) -> set[int]:
    statuses = set()
    for _ in range(count):
        async with httpx.AsyncClient(base_url=base, headers={"Connection": "close"}) as client:
            response = await client.post(
                "/graphql", json=VIEWER, headers={"Authorization": f"Bearer {token}"}
            )
            statuses.add(response.status_code)
    return statuses


@pytest.mark.e2e
async def test_requests_survive_a_redis_outage_and_invalidation_resumes(tmp_path: Path):
    port = processes.free_port()
    async with processes.environment("postgres", tmp_path) as env:
        env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        admin_key = processes.bootstrap(env, "Acme", "a@acme.test")["api_key"]
        with (
            processes.redis_server(port, tmp_path),
            processes.serving(env, tmp_path / "serve.log", "--workers", "2") as base,
        ):
            auth = {"Authorization": f"Bearer {admin_key}"}
            async with httpx.AsyncClient(base_url=base, headers=auth) as client:
                key = (await client.post("/graphql", json=CREATE)).json()["data"]["createApiKey"]
        # Redis is down: keys still authenticate through the database.
        with processes.serving(env, tmp_path / "serve2.log", "--workers", "2") as base:
            assert await _statuses(base, key["secret"], 10) == {200}
            async with httpx.AsyncClient(base_url=base) as probe:
                assert (await probe.get("/readyz")).status_code == 503
            with processes.redis_server(port, tmp_path):
                # The listeners retry every second: both workers subscribe again.
                await wait_until(lambda: _subscribers(port, env) == 2, what="two subscribers")
                assert await _statuses(base, key["secret"], 20) == {200}
                async with httpx.AsyncClient(
                    base_url=base, headers={"Authorization": f"Bearer {admin_key}"}
                ) as client:
                    destroyed = await client.post(
                        "/graphql",
                        json={"query": DESTROY, "variables": {"id": key["apiKey"]["id"]}},
                    )
                assert destroyed.json()["data"]["destroyApiKey"]["status"] == "REVOKED"
                # Within a second, well before the caches' entries would expire (5 s).
                await wait_until(
                    lambda: _refused(base, key["secret"]),
                    timeout=1.0,
                    what="every worker to refuse the destroyed key",
                )
