"""`python server.py worker`: the RQ worker with its scheduler, and a once-a-minute tick.
Run several for more throughput; each delivers one job at a time."""

from __future__ import annotations

import threading
import time

from redis import Redis
from rq import Queue, SimpleWorker

from jobs import runtime, tasks
from jobs.rq_dispatch import queue_name
from settings import Settings

TICK_SECONDS = 60


def enqueue_tick(connection: Redis, queue: Queue, namespace: str, now: float | None = None) -> bool:
    """Enqueue the periodic tick once per minute, however many workers of the deployment
    (`namespace`, Settings.redis_namespace) run."""
    minute = int((now or time.time()) // TICK_SECONDS)
    if not connection.set(f"{namespace}:tick:{minute}", 1, nx=True, ex=TICK_SECONDS * 2):
        return False
    # Job ids are global in RQ: the queue's name keeps two deployments' ticks apart.
    queue.enqueue(tasks.periodic_tick, job_id=f"tick-{queue.name}-{minute}", result_ttl=600)
    return True


def _ticker(connection: Redis, queue: Queue, namespace: str, stop: threading.Event) -> None:
    while not stop.is_set():
        enqueue_tick(connection, queue, namespace)
        stop.wait(TICK_SECONDS / 2)


def run_worker(settings: Settings) -> None:
    assert settings.redis_url is not None
    connection = Redis.from_url(settings.redis_url)
    queue = Queue(queue_name(settings), connection=connection)
    stop = threading.Event()
    ticker_args = (connection, queue, settings.redis_namespace, stop)
    threading.Thread(target=_ticker, args=ticker_args, daemon=True).start()
    # Non-forking, so that every job reuses one event loop and connection pool.
    persistent = runtime.PersistentRuntime(settings)
    runtime.install(persistent)
    try:
        SimpleWorker([queue], connection=connection).work(with_scheduler=True)
    finally:
        stop.set()
        runtime.install(None)
        persistent.close()
