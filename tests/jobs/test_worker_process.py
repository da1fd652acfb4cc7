"""As a new user would: `serve` and `worker` on PostgreSQL, Redis and an SMTP sink."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest
from redis import Redis
from rq import Queue
from rq.job import Job

from jobs.rq_dispatch import queue_name, rotation_job_id
from settings import load_settings
from tests import processes, services
from tests.jobs.conftest import SmtpSink
from tests.waits import wait_until

CREATE = 'mutation { createApiKey(input: {name: "partner"}) { apiKey { id } secret } }'
ROTATE = "mutation($id: ID!) { rotateApiKey(input: {id: $id, schedule: IN_1_HOUR}) { secret } }"
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { status } }"


@pytest.mark.e2e
async def test_serve_and_worker_mail_every_admin_and_complete_the_rotation(
    tmp_path: Path, smtp: SmtpSink
):
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    async with processes.environment("postgres", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        env["SMTP_URL"] = f"smtp://127.0.0.1:{smtp.port}"  # type: ignore[attr-defined]
        boot = processes.bootstrap(env, "Acme", "a@acme.test")
        with (
            processes.working(env, tmp_path / "worker.log"),
            processes.serving(env, tmp_path / "serve.log") as base,
        ):
            auth = {"Authorization": f"Bearer {boot['api_key']}"}
            async with httpx.AsyncClient(base_url=base, headers=auth) as client:

                async def call(query: str, **variables: str) -> dict:
                    body = {"query": query, "variables": variables}
                    return (await client.post("/graphql", json=body)).json()["data"]

                key_id = (await call(CREATE))["createApiKey"]["apiKey"]["id"]
                await call(ROTATE, id=key_id)
                await _hour_goes_by(env, key_id)
                await wait_until(lambda: _subject_seen(smtp, "rotation completed"))
                await call(DESTROY, id=key_id)
                await wait_until(lambda: _subject_seen(smtp, "API key destroyed"))
    subjects = sorted(m["Subject"].split(":")[0] for m in smtp.to("a@acme.test"))
    assert subjects == [
        "[Acme] API key created",
        "[Acme] API key destroyed",
        "[Acme] API key rotation completed",
        "[Acme] API key rotation scheduled",
    ]


async def _subject_seen(smtp: SmtpSink, text: str) -> bool:
    return any(text in m["Subject"] for m in smtp.messages)


async def _hour_goes_by(env: dict[str, str], key_id: str) -> None:
    """Move the rotation's end into the past, in the database and in RQ's schedule."""
    past = datetime.now(UTC) - timedelta(seconds=1)
    conn = await asyncpg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"))
    try:
        await conn.execute("UPDATE api_key SET rotation_ends_at = $1 WHERE id = $2", past, key_id)
        await conn.execute(
            "UPDATE api_key_secret SET expires_at = $1"
            " WHERE api_key_id = $2 AND expires_at IS NOT NULL",
            past,
            key_id,
        )
    finally:
        await conn.close()
    redis = Redis.from_url(services.REDIS_URL)
    job = Job.fetch(rotation_job_id(key_id), connection=redis)
    queue = Queue(queue_name(load_settings(env)), connection=redis)
    queue.scheduled_job_registry.schedule(job, past)
    redis.close()
