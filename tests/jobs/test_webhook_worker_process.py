"""As an operator runs it: `serve` and `python server.py worker` on PostgreSQL and Redis
deliver a key event to a real receiver, signed (checked by the reference library), and
retry it after a 500 once its backoff is over."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests import processes, services
from tests.factories import PASSWORD
from tests.waits import wait_until
from tests.webhook_receiver import CREATE_ENDPOINT, Receiver, receiver

__all__ = ["receiver"]  # the fixture
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
CREATE_KEY = 'mutation { createApiKey(input: {name: "partner"}) { apiKey { id } } }'


@pytest.mark.e2e
async def test_the_worker_delivers_and_retries_after_a_500(tmp_path: Path, receiver: Receiver):
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    receiver.answers = [500]
    async with processes.environment("postgres", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        env["WEBHOOK_ALLOW_LOCAL"] = "1"
        processes.bootstrap(env, "Acme", "a@acme.test")
        with (
            processes.working(env, tmp_path / "worker.log"),
            processes.serving(env, tmp_path / "serve.log") as base,
        ):
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:

                async def call(token: str | None, query: str, **variables: object) -> dict:
                    headers = {"Authorization": f"Bearer {token}"} if token else {}
                    body = {"query": query, "variables": variables}
                    answer = (await client.post("/graphql", json=body, headers=headers)).json()
                    assert "errors" not in answer, answer
                    return dict(answer["data"])

                session = (await call(None, LOGIN, e="a@acme.test", p=PASSWORD))["login"]["token"]
                made = await call(session, CREATE_ENDPOINT, url=receiver.url, events=["CREATED"])
                secret = made["createWebhookEndpoint"]["secret"]
                key_id = (await call(session, CREATE_KEY))["createApiKey"]["apiKey"]["id"]
                await wait_until(lambda: len(receiver.received) == 1, what="a first attempt")
                await _backoff_is_over(env)
                await wait_until(lambda: len(receiver.received) == 2, timeout=60, what="the retry")
    first, second = receiver.received
    assert first.verified(secret) == second.verified(secret)
    assert first.verified(secret)["data"]["apiKey"]["id"] == key_id
    assert first.headers["webhook-id"] == second.headers["webhook-id"]


async def _backoff_is_over(env: dict[str, str]) -> None:
    conn = await asyncpg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"))
    try:
        await conn.execute(
            "UPDATE webhook_delivery SET next_attempt_at = $1 WHERE status = 'PENDING'",
            datetime.now(UTC),
        )
    finally:
        await conn.close()
