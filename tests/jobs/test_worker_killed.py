"""A worker killed while sending: the sweeper recovers the row; delivery is at least once."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rq.job import Job

from jobs import tasks
from jobs.rq_dispatch import notification_job_id
from models import Notification, NotificationStatus
from tests import processes
from tests.factories import data
from tests.jobs.conftest import SmtpSink, job_environment


class StallingSink(SmtpSink):
    """Holds the first message until released, to kill the worker mid-send."""

    def __init__(self) -> None:
        super().__init__()
        self.receiving = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if not self.receiving.is_set():
            self.receiving.set()
            await asyncio.to_thread(self.release.wait, 10)
            return "451 4.3.0 the client went away"
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.e2e
async def test_a_killed_worker_loses_no_mail(
    client, org, settings, jobs, smtp, tmp_path: Path, monkeypatch
):
    stalling = StallingSink()
    monkeypatch.setattr(smtp, "handle_DATA", stalling.handle_DATA)
    env = {**os.environ, **job_environment(settings, smtp)}
    with processes.working(env, tmp_path / "worker.log") as worker:
        try:
            await data(client, 'mutation { createApiKey(input: {name: "k"}) { secret } }', org.key)
            assert await asyncio.to_thread(stalling.receiving.wait, 20), (
                "the worker started sending"
            )
        finally:
            os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work horse, mid-send
            worker.wait(timeout=10)
            stalling.release.set()

    rows = await Notification.all()
    assert rows and {r.status for r in rows} == {NotificationStatus.PENDING}
    # Two minutes go by: the rows are old, the dead job's heartbeat stale.
    past = datetime.now(UTC) - timedelta(minutes=3)
    await Notification.all().update(created_at=past)
    for row in rows:
        job = Job.fetch(notification_job_id(str(row.id)), connection=jobs.redis)
        job.heartbeat(past, ttl=600)
    jobs.queue.enqueue(tasks.periodic_tick)
    await jobs.run()
    assert {r.status for r in await Notification.all()} == {NotificationStatus.SENT}
    for row in rows:
        assert len(stalling.to(row.recipient)) == 1
