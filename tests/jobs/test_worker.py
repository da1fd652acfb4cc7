"""`python server.py worker` through Redis outages and a `kill -9` (jobs/worker.py)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from redis import Redis
from rq import Queue
from rq.job import JobStatus
from rq.scheduler import RQScheduler
from rq.timeouts import TimerDeathPenalty

from jobs import heartbeat, tasks
from jobs.rq_dispatch import queue_name
from jobs.worker import LoggedWorker, backoff, job_log, supervise
from models import Notification, NotificationStatus
from settings import load_settings
from tests import processes, services
from tests.factories import data
from tests.jobs.conftest import SmtpSink, job_environment
from tests.waits import wait_until

CREATE = "mutation($name: String!) { createApiKey(input: {name: $name}) { secret } }"


def test_a_loop_survives_any_error_and_backs_off():
    stop = threading.Event()
    passes: list[float] = []

    def step() -> None:
        passes.append(time.monotonic())
        if len(passes) <= 2:
            raise ConnectionError("Redis went away")
        if len(passes) == 3:
            raise ValueError("anything else")
        stop.set()

    supervise("test loop", step, 0.01, stop)
    assert len(passes) == 4, "the loop kept going after three failures"
    assert [backoff(n) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


@pytest.mark.e2e
async def test_mail_written_while_redis_was_down_goes_out_once_when_it_returns(
    tmp_path: Path, smtp: SmtpSink
):
    """A real worker and server; the test's own Redis stopped for ~20 s while keys are
    created (each mails its admin), then started again (empty: nothing persisted)."""
    port = processes.free_port()
    async with processes.environment("postgres", tmp_path) as env:
        env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        env["SMTP_URL"] = f"smtp://127.0.0.1:{smtp.port}"  # type: ignore[attr-defined]
        admin_key = processes.bootstrap(env, "Acme", "a@acme.test")["api_key"]
        names = [f"during-{i}" for i in range(5)]
        with (
            processes.redis_server(port, tmp_path) as first_redis,
            processes.working(env, tmp_path / "worker.log") as worker,
            processes.serving(env, tmp_path / "serve.log") as base,
        ):
            auth = {"Authorization": f"Bearer {admin_key}"}
            async with httpx.AsyncClient(base_url=base, headers=auth, timeout=30) as client:

                async def create(name: str) -> None:
                    body = {"query": CREATE, "variables": {"name": name}}
                    answer = (await client.post("/graphql", json=body)).json()
                    assert answer["data"]["createApiKey"]["secret"], answer

                await create("before")
                await wait_until(
                    lambda: bool(_sent(smtp, ["before"])), timeout=60, what="a first mail"
                )
                first_redis.terminate()  # Redis stops for about 20 s
                first_redis.wait(timeout=10)
                for name in names:
                    await create(name)
                    await asyncio.sleep(4)
                with processes.redis_server(port, tmp_path):
                    await wait_until(
                        lambda: len(_sent(smtp, names)) == len(names),
                        timeout=90,
                        every=0.5,
                        what="every mail written while Redis was down, within 90 s of its return",
                    )
                    await _scheduler_and_beats_are_back(port, env)
                    await asyncio.sleep(3)  # a second delivery would come now, if any
                    assert worker.poll() is None, "the worker is still running"
    sent = _sent(smtp, ["before", *names])
    assert sent == Counter({name: 1 for name in ["before", *names]}), "each mail sent once"


def _sent(smtp: SmtpSink, names: list[str]) -> Counter[str]:
    """How many "key created" mails each named key caused."""
    return Counter(n for n in names for m in smtp.messages if f'"{n}"' in m["Subject"])


async def _scheduler_and_beats_are_back(port: int, env: dict[str, str]) -> None:
    settings = load_settings(env)
    redis = Redis(port=port)
    try:
        queue = Queue(queue_name(settings), connection=redis)
        job = queue.enqueue_in(timedelta(seconds=1), tasks.periodic_tick)
        await wait_until(
            lambda: job.get_status(refresh=True) == JobStatus.FINISHED,
            timeout=60,
            what="the scheduler to run a job due in a second",
        )
        # Redis came back empty: every loop has beaten since.
        beats = redis.hgetall(heartbeat.key(settings.redis_namespace))
        assert heartbeat.stale(beats) == [], beats
    finally:
        redis.close()


@pytest.mark.e2e
async def test_a_worker_killed_with_sigkill_leaves_no_process_behind(tmp_path: Path):
    """RQ forked its scheduler: after a `kill -9` of the worker, the child lived on,
    holding the scheduler lock, and the next worker ran without a scheduler."""
    services.require_service("Redis", "127.0.0.1", 6379)
    await services.flush_redis()
    async with processes.environment("sqlite", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        processes.run_cli(env, "migrate")
        lock = RQScheduler.get_locking_key(queue_name(load_settings(env)))
        redis = Redis.from_url(services.REDIS_URL)
        try:
            with processes.working(env, tmp_path / "worker.log") as worker:
                try:
                    await wait_until(
                        lambda: redis.get(lock) is not None, timeout=30, what="a scheduler"
                    )
                    os.kill(worker.pid, signal.SIGKILL)  # the worker only, as an OOM killer
                    worker.wait(timeout=10)
                    await wait_until(
                        lambda: not _group_alive(worker.pid),
                        timeout=5,
                        what="no process of the killed worker left",
                    )
                finally:
                    if _group_alive(worker.pid):
                        os.killpg(worker.pid, signal.SIGKILL)
        finally:
            redis.close()
            await services.flush_redis()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


class HoldingSink(SmtpSink):
    """Holds each message until released, then accepts it."""

    def __init__(self) -> None:
        super().__init__()
        self.receiving = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.receiving.set()
        await asyncio.to_thread(self.release.wait, 30)
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.e2e
async def test_sigterm_lets_the_worker_finish_its_job_and_exit(
    client, org, settings, jobs, smtp, tmp_path: Path, monkeypatch
):
    holding = HoldingSink()
    monkeypatch.setattr(smtp, "handle_DATA", holding.handle_DATA)
    env = {**os.environ, **job_environment(settings, smtp)}
    with processes.working(env, tmp_path / "worker.log") as worker:
        await data(client, 'mutation { createApiKey(input: {name: "k"}) { secret } }', org.key)
        assert await asyncio.to_thread(holding.receiving.wait, 30), "the worker started sending"
        worker.send_signal(signal.SIGTERM)  # mid-send
        await asyncio.sleep(1)
        holding.release.set()
        code = await asyncio.to_thread(worker.wait, 30)
    assert code == 0, (tmp_path / "worker.log").read_text()[-2000:]
    sent = await Notification.filter(status=NotificationStatus.SENT).count()
    assert sent >= 1 and len(holding.messages) == sent, "the job in hand was finished"


class _ThreadLoggedWorker(LoggedWorker):
    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        return None


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.fields.append(record.fields)  # type: ignore[attr-defined]


async def test_each_job_writes_one_line_naming_the_request_that_caused_it(
    client, org, admins, jobs, smtp
):
    answer = await client.post(
        "/graphql",
        json={"query": 'mutation { createApiKey(input: {name: "k"}) { secret } }'},
        headers={"Authorization": f"Bearer {org.key}", "X-Request-ID": "job-line-1"},
    )
    assert answer.status_code == 200
    records, level = _Records(), job_log.level
    job_log.addHandler(records)
    job_log.setLevel(logging.INFO)  # as `python server.py worker` sets it
    try:
        worker = _ThreadLoggedWorker([jobs.queue], connection=jobs.redis)
        await asyncio.to_thread(worker.work, burst=True)
    finally:
        job_log.removeHandler(records)
        job_log.setLevel(level)
    assert len(records.fields) == len(admins) == len(smtp.messages)
    for line in records.fields:
        assert line["function"] == "deliver_notification" and line["status"] == "finished"
        assert line["request_id"] == "job-line-1" and line["job_id"].startswith("notify-")
        assert isinstance(line["duration_ms"], float)
