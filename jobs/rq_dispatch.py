"""Dispatching to RQ: one job per outbox row (ids only), one rotation job per key."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from jobs import tasks
from settings import Settings
from telemetry import logs, traces

# Five retries over about half an hour.
RETRY_INTERVALS = [30, 120, 300, 600, 900]
_LIVE = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
STALE_AFTER = timedelta(minutes=2)  # RQ's workers beat far more often than this
log = logging.getLogger("apikeys.dispatch")


def _origin() -> dict[str, str]:
    """The job's meta: the request that caused it, for its log line (jobs/worker.py)."""
    request_id = logs.current_request_id()
    meta = traces.carrier()  # the request's trace context: the job's span is its child
    return {**meta, "request_id": request_id} if request_id else meta


def queue_name(settings: Settings) -> str:
    """The deployment's queue: two deployments sharing one Redis never take each other's
    jobs. Dashes for colons, so that the name also fits in an RQ job id (the tick's)."""
    return settings.redis_namespace.replace(":", "-")


def notification_job_id(notification_id: str) -> str:
    return f"notify-{notification_id}"


def webhook_job_id(delivery_id: str) -> str:
    return f"webhook-{delivery_id}"


def rotation_job_id(key_id: str) -> str:
    return f"rotation-{key_id}"


class RQDispatcher:
    def __init__(
        self, redis_url: str, retry_intervals: list[int] | None = None, *, queue: str
    ) -> None:
        self.connection = Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=2)
        self.queue = Queue(queue, connection=self.connection)
        self.retry_intervals = RETRY_INTERVALS if retry_intervals is None else retry_intervals

    @classmethod
    def of(cls, settings: Settings, retry_intervals: list[int] | None = None) -> RQDispatcher:
        """The dispatcher of a deployment: its Redis and the queue its workers read."""
        assert settings.redis_url is not None
        return cls(settings.redis_url, retry_intervals, queue=queue_name(settings))

    async def notifications(self, ids: list[str]) -> None:
        await asyncio.to_thread(self.enqueue_notifications, ids)

    async def rotation(self, key_id: str, at: datetime) -> None:
        await asyncio.to_thread(self.schedule_rotation, key_id, at)

    def enqueue_notifications(self, ids: list[str]) -> int:
        """Enqueue the rows that have no live job; Redis being down is logged, not raised:
        the rows stay pending and the sweeper re-enqueues them."""
        retry = Retry(max=len(self.retry_intervals), interval=self.retry_intervals)
        return self._enqueue_each(
            tasks.deliver_notification,
            ids,
            notification_job_id,
            "outbox rows left for the sweeper",
            retry=retry,
            result_ttl=3600,
        )

    def schedule_rotation(self, key_id: str, at: datetime) -> None:
        """One job per key: rotating again moves it."""
        job_id = rotation_job_id(key_id)
        try:
            with contextlib.suppress(NoSuchJobError):
                Job.fetch(job_id, connection=self.connection).delete()
            self.queue.enqueue_at(
                at, tasks.complete_rotation, key_id, job_id=job_id, meta=_origin()
            )
        except (RedisError, OSError) as error:
            log.warning(
                "rotation job not scheduled (%s); the periodic tick completes it",
                type(error).__name__,
            )

    # Webhooks on key events: one job per attempt of a delivery row; its retries are the
    # row's (jobs/webhook_delivery.py), handed over again by the periodic tick when due.
    async def webhooks(self, ids: list[str]) -> None:
        await asyncio.to_thread(self.enqueue_webhooks, ids)

    def enqueue_webhooks(self, ids: list[str]) -> int:
        return self._enqueue_each(
            tasks.deliver_webhook,
            ids,
            webhook_job_id,
            "webhook deliveries left for the tick",
            retry=None,
            result_ttl=600,
        )

    def _enqueue_each(
        self,
        job: Callable[[str], None],
        ids: list[str],
        job_id_of: Callable[[str], str],
        left: str,
        *,
        retry: Retry | None,
        result_ttl: int,
    ) -> int:
        """One job per row id that has no live job; Redis down is logged as `left`."""
        enqueued = 0
        try:
            for row_id in ids:
                job_id = job_id_of(row_id)
                if self._live(job_id):
                    continue
                self.queue.enqueue(
                    job,
                    row_id,
                    job_id=job_id,
                    retry=retry,
                    result_ttl=result_ttl,
                    failure_ttl=7 * 86400,
                    meta=_origin(),
                )
                enqueued += 1
        except (RedisError, OSError) as error:
            log.warning("%s (%s)", left, type(error).__name__)
        return enqueued

    def _live(self, job_id: str) -> bool:
        """Whether a job will still run; a started job whose worker stopped beating
        (killed while sending) is dead and removed, so the row can be enqueued again."""
        try:
            job = Job.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            return False
        status = job.get_status()
        if status == JobStatus.STARTED:
            beat = job.last_heartbeat or job.started_at
            if beat is not None and datetime.now(UTC) - beat.replace(tzinfo=UTC) < STALE_AFTER:
                return True
            job.delete()
            return False
        return status in _LIVE
