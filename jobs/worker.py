"""`python server.py worker`: the RQ worker, its scheduler and the periodic tick.
Run several for more throughput; each delivers one job at a time.

Nothing here may die of a Redis outage. Three loops, each retried after any error with
a growing pause (up to MAX_BACKOFF), each beating in Redis when a pass succeeds
(jobs/heartbeat.py, read by /readyz):
- the RQ worker itself, in the main thread: RQ quits its loop on some Redis errors
  (a timeout, a failed heartbeat after a job); it is started again;
- the scheduler, a thread of this process rather than RQ's forked child: the child died
  on the first Redis error and came back only with RQ's 10-minute maintenance, and
  outlived a `kill -9` of its worker as an orphan holding the scheduler lock;
- the ticker, a thread that enqueues the periodic tick (due rotations, expiry notices,
  the outbox sweeper) once per TICK_SECONDS for the whole deployment.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job
from rq.scheduler import RQScheduler

from jobs import heartbeat, runtime, tasks
from jobs.rq_dispatch import queue_name
from settings import Settings
from telemetry import logs, traces

TICK_SECONDS = 15  # one tick per slot of this length, whatever the number of workers
TICKER_SECONDS = 5.0  # how often the ticker looks (and beats)
SCHEDULER_SECONDS = 1.0
MAX_BACKOFF = 10.0
log = logging.getLogger("apikeys.worker")
job_log = logging.getLogger("apikeys.jobs")


def enqueue_tick(connection: Redis, queue: Queue, namespace: str, now: float | None = None) -> bool:
    """Enqueue the periodic tick once per TICK_SECONDS, however many workers of the
    deployment (`namespace`, Settings.redis_namespace) run."""
    slot = int((now or time.time()) // TICK_SECONDS)
    if not connection.set(f"{namespace}:tick:{slot}", 1, nx=True, ex=TICK_SECONDS * 8):
        return False
    # Job ids are global in RQ: the queue's name keeps two deployments' ticks apart.
    queue.enqueue(tasks.periodic_tick, job_id=f"tick-{queue.name}-{slot}", result_ttl=600)
    return True


def backoff(failures: int) -> float:
    """The pause after `failures` failures in a row: 1, 2, 4, 8, then MAX_BACKOFF."""
    return min(MAX_BACKOFF, 2.0 ** (failures - 1))


def supervise(name: str, step: Callable[[], None], every: float, stop: threading.Event) -> None:
    """Run `step` every `every` seconds until `stop`; an error is logged (its type: a
    message may quote a URL) and the step retried after backoff()."""
    failures = 0
    while not stop.is_set():
        try:
            step()
        except Exception as error:  # noqa: BLE001 - any error: log, pause, retry
            failures += 1
            pause = backoff(failures)
            log.warning("%s failed (%s); retrying in %.0f s", name, type(error).__name__, pause)
            stop.wait(pause)
            continue
        if failures:
            log.info("%s recovered after %d failed passes", name, failures)
        failures = 0
        stop.wait(every)


class LoggedWorker(SimpleWorker):
    """One line per job (LOG_FORMAT=json: a JSON object) on `apikeys.jobs`: its id,
    function, status, duration, and the request that caused it. Ids only: a job's
    arguments are ids, never a secret."""

    def execute_job(self, job: Job, queue: Queue) -> None:
        started = time.perf_counter()
        request_id = (job.meta or {}).get("request_id")
        record = logs.RequestRecord(request_id) if request_id else None
        token = logs.current.set(record)
        try:
            super().execute_job(job, queue)
        finally:
            logs.current.reset(token)
            took = time.perf_counter() - started
            _job_line(job, took)


def _job_line(job: Job, took: float) -> None:
    try:
        status = job.get_status(refresh=True)
    except Exception:  # noqa: BLE001 - Redis away: the line says so
        status = None
    fields = {
        "time": logs.now_iso(),
        "job_id": job.id,
        "function": (job.func_name or "").rsplit(".", 1)[-1],
        "status": str(status.value) if status is not None else "unknown",
        "duration_ms": round(took * 1000, 2),
        "request_id": (job.meta or {}).get("request_id"),
        "attempts_left": job.retries_left,
    }
    job_log.info("job %s %s", job.id, fields["status"], extra={"fields": fields})


class Ticker:
    def __init__(self, connection: Redis, queue: Queue, namespace: str) -> None:
        self.connection, self.queue, self.namespace = connection, queue, namespace

    def step(self) -> None:
        enqueue_tick(self.connection, self.queue, self.namespace)
        heartbeat.beat(self.connection, self.namespace, "ticker")


class Scheduler:
    """RQ's scheduler, run a pass at a time in a thread. Its lock (RQ's, per queue)
    expires a minute after its last refresh, so after a `kill -9` another worker's
    scheduler takes over within about a minute."""

    def __init__(self, connection: Redis, queue: Queue, namespace: str) -> None:
        self.connection, self.namespace = connection, namespace
        # Typed loosely by RQ (untyped methods).
        self.rq: Any = RQScheduler([queue], connection=connection, interval=int(SCHEDULER_SECONDS))

    def step(self) -> None:
        if not self.rq.acquired_locks:
            self.rq.acquire_locks()
        if self.rq.acquired_locks:
            self.rq.heartbeat()  # refreshes the locks; one taken over is dropped
            self.rq.enqueue_scheduled_jobs()
        heartbeat.beat(self.connection, self.namespace, "scheduler")

    def release(self) -> None:
        try:
            self.rq.release_locks()
        except Exception as error:  # noqa: BLE001 - the lock then expires by itself
            log.warning("scheduler lock not released (%s)", type(error).__name__)


def work(connection: Redis, queue: Queue, stop: threading.Event) -> None:
    """The RQ worker loop, started again whenever RQ leaves it but on a shutdown
    request (SIGTERM, SIGINT: the current job finishes first)."""
    failures = 0
    while not stop.is_set():
        worker = LoggedWorker([queue], connection=connection)
        worker.max_connection_wait_time = MAX_BACKOFF
        try:
            worker.work(with_scheduler=False)
        except Exception as error:  # noqa: BLE001 - any error: log, pause, start again
            log.warning("the RQ worker stopped (%s)", type(error).__name__)
        if worker._shutdown_requested_date is not None:
            return
        failures += 1
        pause = backoff(failures)
        log.warning("the RQ worker left its loop; starting it again in %.0f s", pause)
        stop.wait(pause)


def run_worker(settings: Settings) -> None:
    assert settings.redis_url is not None
    logs.line_logger(job_log.name, settings.log_format)
    traces.configure()
    connection = Redis.from_url(settings.redis_url, socket_connect_timeout=2)
    queue = Queue(queue_name(settings), connection=connection)
    namespace = settings.redis_namespace
    ticker = Ticker(Redis.from_url(settings.redis_url, socket_connect_timeout=2), queue, namespace)
    scheduler = Scheduler(connection, queue, namespace)
    stop = threading.Event()
    loops = [("ticker", ticker.step, TICKER_SECONDS), ("scheduler", scheduler.step, 1.0)]
    threads = [
        threading.Thread(target=supervise, args=(*loop, stop), name=loop[0], daemon=True)
        for loop in loops
    ]
    for thread in threads:
        thread.start()
    # Non-forking, so that every job reuses one event loop and connection pool.
    persistent = runtime.PersistentRuntime(settings)
    runtime.install(persistent)
    try:
        work(connection, queue, stop)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
        scheduler.release()
        runtime.install(None)
        persistent.close()
        traces.shutdown()
