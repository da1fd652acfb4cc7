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
from rq.job import Job
from tortoise.functions import Count, Sum

from jobs.rq_dispatch import queue_name
from models import Notification, NotificationStatus, WebhookDelivery, WebhookDeliveryStatus
from settings import Settings

log = logging.getLogger("apikeys.jobs.state")


async def outbox_by_status() -> dict[str, int]:
    """Outbox rows by status, every status named (0 when none)."""
    return await _by_status(Count("id"))


async def attempts_by_status() -> dict[str, int]:
    """Delivery attempts made, summed over the outbox rows of each status."""
    return await _by_status(Sum("attempts"))


async def _by_status(aggregate: Count | Sum) -> dict[str, int]:
    rows = await Notification.annotate(n=aggregate).group_by("status").values("status", "n")
    counts = {status.value: 0 for status in NotificationStatus}
    for row in rows:
        counts[str(row["status"])] = int(row["n"] or 0)
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
    attempts = GaugeMetricFamily(
        "apikeys_outbox_delivery_attempts",
        "Delivery attempts made for the outbox rows of each status (FAILED: every attempt "
        "failed; SENT: the last succeeded)",
        labels=["status"],
    )
    try:
        for status, count in (await outbox_by_status()).items():
            outbox.add_metric([status], count)
        for status, count in (await attempts_by_status()).items():
            attempts.add_metric([status], count)
    except Exception as error:  # noqa: BLE001 - a scrape reports what it can
        log.warning("outbox not counted for /metrics (%s)", type(error).__name__)
    families: list[Metric] = [outbox, attempts]
    families += await webhook_gauges()
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


@dataclass(frozen=True)
class FailedJob:
    id: str
    function: str
    ended_at: str
    error: str  # the last line of its traceback, at most 200 characters


def failed_jobs(settings: Settings, connection: Redis, limit: int = 50) -> list[FailedJob]:
    registry = Queue(queue_name(settings), connection=connection).failed_job_registry
    jobs = []
    for job in Job.fetch_many(registry.get_job_ids(0, limit - 1), connection=connection):
        if job is None:
            continue
        result = job.latest_result()
        lines = (result.exc_string if result is not None else "") or ""
        last = lines.strip().splitlines()[-1] if lines.strip() else ""
        ended = job.ended_at.isoformat(timespec="seconds") if job.ended_at else "?"
        function = (job.func_name or "?").rsplit(".", 1)[-1]
        jobs.append(FailedJob(job.id, function, ended, last[:200]))
    return jobs


async def report(settings: Settings, connection: Redis | None) -> str:
    """What `python server.py jobs` prints."""
    lines = []
    outbox = await outbox_by_status()
    lines.append("outbox: " + ", ".join(f"{n} {status}" for status, n in outbox.items()))
    if connection is None:
        lines.append("queue: none (no REDIS_URL: `serve` delivers jobs in-process)")
        return "\n".join(lines)
    state = await asyncio.to_thread(queue_state, settings, connection)
    lines.append(
        f"queue {queue_name(settings)}: {state.queued} queued, {state.scheduled} scheduled, "
        f"{state.started} started, {state.failed} failed"
    )
    for job in await asyncio.to_thread(failed_jobs, settings, connection):
        lines.append(f"  failed {job.id} {job.function} at {job.ended_at}: {job.error}")
    if state.failed:
        lines.append("re-enqueue them: python server.py jobs retry-failed")
    return "\n".join(lines)


# Webhooks on key events: the deliveries by status (FAILED: every retry failed; see
# `webhookDeliveries` for which).
async def webhook_gauges() -> list[Metric]:
    family = GaugeMetricFamily(
        "apikeys_webhook_deliveries", "Webhook deliveries by status", labels=["status"]
    )
    try:
        rows = await (
            WebhookDelivery.annotate(n=Count("id")).group_by("status").values("status", "n")
        )
    except Exception as error:  # noqa: BLE001 - a scrape reports what it can
        log.warning("webhook deliveries not counted for /metrics (%s)", type(error).__name__)
        return []
    counts = {status.value: 0 for status in WebhookDeliveryStatus}
    for row in rows:
        counts[str(row["status"])] = int(row["n"] or 0)
    for status, count in counts.items():
        family.add_metric([status], count)
    return [family]
