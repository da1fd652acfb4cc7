"""`python server.py worker`: the RQ worker with its scheduler."""

from __future__ import annotations

from redis import Redis
from rq import Queue, Worker

from settings import Settings

QUEUE_NAME = "apikeys"


def run_worker(settings: Settings) -> None:
    assert settings.redis_url is not None
    connection = Redis.from_url(settings.redis_url)
    worker = Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection)
    worker.work(with_scheduler=True)
