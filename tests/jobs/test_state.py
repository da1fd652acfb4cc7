"""`python server.py jobs` and `jobs retry-failed`, as an operator runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from jobs.rq_dispatch import queue_name
from settings import load_settings
from tests import processes, services


@pytest.mark.e2e
async def test_jobs_shows_the_queue_failed_jobs_and_outbox_and_retries_them(tmp_path: Path):
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    async with processes.environment("sqlite", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        processes.bootstrap(env)  # its key's creation writes an outbox row
        redis = Redis.from_url(services.REDIS_URL)
        try:
            queue = Queue(queue_name(load_settings(env)), connection=redis)
            failing = queue.enqueue("builtins.int", "not a number", job_id="breaks-1")
            SimpleWorker([queue], connection=redis).work(burst=True)
            assert failing.get_status(refresh=True) == "failed"

            shown = processes.run_cli(env, "jobs")
            assert shown.returncode == 0, shown.stderr
            lines = shown.stdout.splitlines()
            assert lines[0] == "outbox: 1 PENDING, 0 SENT, 0 FAILED"
            assert lines[1].endswith(": 0 queued, 0 scheduled, 0 started, 1 failed")
            assert lines[2].startswith("  failed breaks-1 int at ")
            assert "ValueError: invalid literal for int()" in lines[2]

            retried = processes.run_cli(env, "jobs", "retry-failed")
            assert retried.stdout.strip() == "1 failed job(s) re-enqueued", retried.stderr
            assert (queue.count, queue.failed_job_registry.count) == (1, 0)
        finally:
            redis.close()
            await services.flush_redis()


@pytest.mark.e2e
async def test_jobs_without_redis_shows_the_outbox(tmp_path: Path):
    async with processes.environment("sqlite", tmp_path) as env:
        processes.bootstrap(env)
        shown = processes.run_cli(env, "jobs")
        assert shown.stdout.splitlines() == [
            "outbox: 1 PENDING, 0 SENT, 0 FAILED",
            "queue: none (no REDIS_URL: `serve` delivers jobs in-process)",
        ]
        refused = processes.run_cli(env, "jobs", "retry-failed")
        assert refused.returncode == 2 and "needs REDIS_URL" in refused.stderr
