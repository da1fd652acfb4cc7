"""Real Redis, a real SMTP server (aiosmtpd) and an in-process RQ worker in burst mode."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from redis import Redis
from rq import Queue, SimpleWorker
from rq.timeouts import TimerDeathPenalty

from jobs.rq_dispatch import RQDispatcher, queue_name
from models import Member, MemberRole, Notification
from resolvers.services import Services
from settings import Settings
from tests import services as backing
from tests.factories import Org, make_member
from tests.processes import free_port


@dataclass
class SmtpSink:
    """An SMTP server that refuses the first `refuse` messages with a 451."""

    refuse: int = 0
    messages: list[Message] = field(default_factory=list)
    attempts: int = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.attempts += 1
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        self.messages.append(message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"

    def to(self, email: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == email]


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port  # type: ignore[attr-defined]
    try:
        yield sink
    finally:
        controller.stop()


class ThreadWorker(SimpleWorker):
    """SimpleWorker run off the test's event loop: signals belong to the main thread,
    so job timeouts use RQ's timer instead of SIGALRM."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        return None


@dataclass
class Jobs:
    redis: Redis
    queue: Queue
    dispatcher: RQDispatcher

    async def run(self) -> None:
        """Work every job that is due, as `python server.py worker` would, then stop."""
        worker = ThreadWorker([self.queue], connection=self.redis)
        await asyncio.to_thread(worker.work, burst=True, with_scheduler=True)


def job_environment(settings: Settings, smtp: SmtpSink | None) -> dict[str, str]:
    key_id, key = settings.sealing_keys[0]
    env = {
        "DATABASE_URL": settings.database_url,
        "APIKEYS_PEPPER": settings.pepper.decode(),
        "APIKEYS_SEALING_KEYS": f"{key_id}:{base64.b64encode(key).decode()}",
        "REDIS_URL": backing.REDIS_URL,
        "MAIL_DIR": str(settings.mail_dir),
    }
    if smtp is not None:
        env["SMTP_URL"] = f"smtp://127.0.0.1:{smtp.port}"  # type: ignore[attr-defined]
    return env


@pytest.fixture
async def jobs(
    settings: Settings,
    smtp: SmtpSink,
    org: Org,
    admins: list[str],
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Jobs]:
    backing.require_service("Redis", "127.0.0.1", 6379)
    await Notification.all().delete()  # rows of the fixtures' own keys are not under test
    await backing.flush_redis()
    for name, value in job_environment(settings, smtp).items():
        monkeypatch.setenv(name, value)
    queue = queue_name(settings)  # the one the jobs' own dispatches use, as they share the pepper
    dispatcher = RQDispatcher(backing.REDIS_URL, retry_intervals=[0, 0, 0, 0, 0], queue=queue)
    services.dispatcher = dispatcher  # the test app's requests dispatch to RQ
    redis = Redis.from_url(backing.REDIS_URL)
    yield Jobs(redis, Queue(queue, connection=redis), dispatcher)
    redis.close()
    await backing.flush_redis()


@pytest.fixture
async def admins(org: Org) -> list[str]:
    """The e-mails of the organization's ADMINs: the first one and a second."""
    second = await make_member(org.id, MemberRole.ADMIN)
    await make_member(org.id, MemberRole.MEMBER)
    emails = await Member.filter(organization_id=org.id, role=MemberRole.ADMIN).values_list(
        "email", flat=True
    )
    assert second.email in emails
    return sorted(str(e) for e in emails)
