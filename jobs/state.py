"""The state of the deployment's jobs, for /metrics and `python server.py jobs`: the outbox
by status, and RQ's queue, scheduled, started and failed registries."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from prometheus_client.core import GaugeMetricFamily, Metric
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from tortoise.functions import Count

from jobs.rq_dispatch import queue_name
from models import Notification, NotificationStatus
from settings import Settings

log = logging.getLogger("apikeys.jobs.state")


async def outbox_by_status() -> dict[str, int]:
    """Outbox rows by status, every status named (0 when none)."""
    rows = await Notification.annotate(n=Count("id")).group_by("status").values("status", "n")
    counts = {status.value: 0 for status in NotificationStatus}
    for row in rows:
        counts[str(row["status"])] = int(row["n"])
    return counts


@dataclass(frozen=True)
class QueueState:
    queued: int
    scheduled: int
    started: int
    failed: int


def queue_state(settings: Settings, connection: Redis) -> QueueState:
    queue = Queue(queue_name(settings), connection=connection)
    return QueueState(
        queued=queue.count,
        scheduled=queue.scheduled_job_registry.count,
        started=queue.started_job_registry.count,
        failed=queue.failed_job_registry.count,
    )


def retry_failed(settings: Settings, connection: Redis) -> int:
    """Re-enqueue every failed job of the deployment's queue; how many."""
    registry = Queue(queue_name(settings), connection=connection).failed_job_registry
    job_ids = registry.get_job_ids()
    for job_id in job_ids:
        registry.requeue(job_id)
    return len(job_ids)


async def gauges(settings: Settings, connection: Redis | None) -> list[Metric]:
    """The state as Prometheus gauges, read now; what cannot be read (Redis away) is left
    out rather than failing the scrape."""
    outbox = GaugeMetricFamily(
        "apikeys_outbox_notifications", "Outbox rows (e-mails) by status", labels=["status"]
    )
    try:
        for status, count in (await outbox_by_status()).items():
            outbox.add_metric([status], count)
    except Exception as error:  # noqa: BLE001 - a scrape reports what it can
        log.warning("outbox not counted for /metrics (%s)", type(error).__name__)
    families: list[Metric] = [outbox]
    if connection is None:
        return families
    try:
        state = await asyncio.to_thread(queue_state, settings, connection)
    except (RedisError, OSError) as error:
        log.warning("RQ registries not read for /metrics (%s)", type(error).__name__)
        return families
    jobs = GaugeMetricFamily(
        "apikeys_rq_jobs",
        "Jobs of the deployment's RQ queue: queued, scheduled, started, failed",
        labels=["registry"],
    )
    for registry in ("queued", "scheduled", "started", "failed"):
        jobs.add_metric([registry], getattr(state, registry))
    return [*families, jobs]
