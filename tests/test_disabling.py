"""A disabled key fails on every worker of `serve --workers 2` within 1 s, and works again
on every worker, with the same secret, once enabled."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests import processes, services
from tests.test_revocation import CREATE, _refused, _statuses
from tests.waits import wait_until

DISABLE = "mutation($id: ID!) { disableApiKey(id: $id) { status } }"
ENABLE = "mutation($id: ID!) { enableApiKey(id: $id) { status } }"


async def _accepted(base: str, token: str) -> bool:
    return set(await _statuses(base, token, 15)) == {200}


@pytest.mark.e2e
async def test_a_disabled_key_fails_on_every_worker_within_a_second_then_works_again(
    tmp_path: Path,
):
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
                ident = {"id": key["apiKey"]["id"]}
                assert set(await _statuses(base, key["secret"], 40)) == {200}
                disable = {"query": DISABLE, "variables": ident}
                disabled = (await client.post("/graphql", json=disable, headers=auth)).json()
                assert disabled["data"]["disableApiKey"]["status"] == "DISABLED"
                await wait_until(
                    lambda: _refused(base, key["secret"]),
                    timeout=1.0,
                    what="every worker to refuse the disabled key",
                )
                enable = {"query": ENABLE, "variables": ident}
                enabled = (await client.post("/graphql", json=enable, headers=auth)).json()
                assert enabled["data"]["enableApiKey"]["status"] == "ACTIVE"
                await wait_until(
                    lambda: _accepted(base, key["secret"]),
                    timeout=1.0,
                    what="every worker to accept the enabled key again",
                )
        served = (tmp_path / "serve.log").read_text()
        assert served.count("Started server process") == 2, "both workers ran"
