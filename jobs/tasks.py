"""The RQ jobs: module-level functions taking ids; their async work runs through
jobs/runtime.py (a fresh loop and Tortoise context, or the worker's persistent one)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from redis import Redis
from rq import get_current_job

from jobs import (
    delivery,
    heartbeat,
    key_age,
    maintenance,
    refills,
    runtime,
    usage_retention,
    webhook_delivery,
)
from settings import Settings, load_settings
from telemetry import traces

log = logging.getLogger("apikeys.tick")


def _dispatch(settings: Settings, ids: list[str]) -> None:
    from jobs.rq_dispatch import RQDispatcher

    if ids and settings.redis_url:
        RQDispatcher.of(settings).enqueue_notifications(ids)


def _last_attempt() -> bool:
    job = get_current_job()
    return job is None or not job.retries_left


def _meta() -> dict[str, object]:
    job = get_current_job()
    return dict(job.meta or {}) if job is not None else {}


def deliver_notification(notification_id: str) -> None:
    settings = load_settings()
    last = _last_attempt()
    with traces.job_span("job deliver_notification", _meta()):
        runtime.run(
            settings, lambda: delivery.deliver(notification_id, settings, last_attempt=last)
        )


def complete_rotation(key_id: str) -> None:
    settings = load_settings()
    with traces.job_span("job complete_rotation", _meta()):
        _dispatch(settings, runtime.run(settings, lambda: maintenance.complete_rotation(key_id)))


def periodic_tick() -> None:
    """Due rotations, expiry notices, the purge of retired keys, credits refills and
    notices, the usage retention, and outbox rows left pending: each step on its own,
    so that one failing (a bad row, the database away) leaves the others done. The
    tick's heartbeat (jobs/heartbeat.py) is written only when every step succeeded."""
    settings = load_settings()
    retention = timedelta(days=settings.key_retention_days)
    steps: list[tuple[str, Callable[[], Awaitable[list[str]]]]] = [
        ("due rotations", maintenance.complete_due_rotations),
        ("expiry notices", maintenance.send_expiry_notices),
        ("rotation policy notices", key_age.send_rotation_notices),
        ("retired keys", lambda: _no_mail(maintenance.purge_retired_keys(retention))),
        ("credits refills", lambda: _no_mail(refills.refill_credits())),
        ("credits notices", refills.send_credit_notices),
        ("usage retention", lambda: _no_mail(usage_retention.prune_usage())),
        ("outbox sweeper", maintenance.stuck_notifications),
    ]
    failed = 0
    for name, step in steps:
        try:
            ids = runtime.run(settings, step)
        except Exception as error:  # noqa: BLE001 - the next steps still run
            failed += 1
            log.error("tick: %s failed (%s)", name, type(error).__name__)
            continue
        _dispatch(settings, ids)
    try:
        _dispatch_webhooks(settings, runtime.run(settings, webhook_delivery.due_deliveries))
    except Exception as error:  # noqa: BLE001 - the next tick hands them over
        failed += 1
        log.error("tick: webhook deliveries failed (%s)", type(error).__name__)
    if not failed and settings.redis_url:
        _beat(settings)


async def _no_mail(step: Awaitable[object]) -> list[str]:
    """A tick step that writes no outbox row."""
    await step
    return []


# Webhooks on key events
def deliver_webhook(delivery_id: str) -> None:
    settings = load_settings()
    with traces.job_span("job deliver_webhook", _meta()):
        runtime.run(settings, lambda: webhook_delivery.deliver(delivery_id, settings))


def _dispatch_webhooks(settings: Settings, ids: list[str]) -> None:
    from jobs.rq_dispatch import RQDispatcher

    if ids and settings.redis_url:
        RQDispatcher.of(settings).enqueue_webhooks(ids)


def _beat(settings: Settings) -> None:
    job = get_current_job()
    if job is not None:
        heartbeat.beat(job.connection, settings.redis_namespace, "tick")
        return
    assert settings.redis_url is not None
    connection = Redis.from_url(settings.redis_url)
    try:
        heartbeat.beat(connection, settings.redis_namespace, "tick")
    finally:
        connection.close()
