"""The RQ jobs: module-level functions taking ids; their async work runs through
jobs/runtime.py (a fresh loop and Tortoise context, or the worker's persistent one)."""

from __future__ import annotations

from datetime import timedelta

from rq import get_current_job

from jobs import delivery, maintenance, refills, runtime, usage_retention
from settings import Settings, load_settings


def _dispatch(settings: Settings, ids: list[str]) -> None:
    from jobs.rq_dispatch import RQDispatcher

    if ids and settings.redis_url:
        RQDispatcher.of(settings).enqueue_notifications(ids)


def _last_attempt() -> bool:
    job = get_current_job()
    return job is None or not job.retries_left


def deliver_notification(notification_id: str) -> None:
    settings = load_settings()
    last = _last_attempt()
    runtime.run(settings, lambda: delivery.deliver(notification_id, settings, last_attempt=last))


def complete_rotation(key_id: str) -> None:
    settings = load_settings()
    _dispatch(settings, runtime.run(settings, lambda: maintenance.complete_rotation(key_id)))


def periodic_tick() -> None:
    """Due rotations, expiry notices, credits refills, and outbox rows left pending."""
    settings = load_settings()

    async def work() -> list[str]:
        ids = await maintenance.complete_due_rotations()
        ids += await maintenance.send_expiry_notices()
        await maintenance.purge_retired_keys(timedelta(days=settings.key_retention_days))
        await refills.refill_credits()
        ids += await refills.send_credit_notices()
        await usage_retention.prune_usage()
        return ids + await maintenance.stuck_notifications()

    _dispatch(settings, runtime.run(settings, work))
