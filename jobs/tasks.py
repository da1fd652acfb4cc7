"""The RQ jobs: module-level functions taking ids; their async work runs through
jobs/runtime.py (a fresh loop and Tortoise context, or the worker's persistent one)."""

from __future__ import annotations

import logging

from redis import Redis
from rq import get_current_job

from jobs import delivery, heartbeat, maintenance, runtime, tick, webhook_delivery
from settings import Settings, load_settings
from telemetry import traces

log = logging.getLogger("apikeys.tick")


def _dispatch(settings: Settings, ids: list[str], *, webhooks: bool = False) -> None:
    """Hand outbox rows (or webhook deliveries) over to the deployment's queue."""
    from jobs.rq_dispatch import RQDispatcher

    if ids and settings.redis_url:
        dispatcher = RQDispatcher.of(settings)
        (dispatcher.enqueue_webhooks if webhooks else dispatcher.enqueue_notifications)(ids)


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
    """The tick's steps (jobs/tick.py), each on its own, then the webhook deliveries due.
    The tick's heartbeat (jobs/heartbeat.py) is written only when every step succeeded."""
    settings = load_settings()
    failed = 0
    for name, step in tick.steps(settings):
        try:
            ids = runtime.run(settings, step)
        except Exception as error:  # noqa: BLE001 - the next steps still run
            failed += 1
            log.error("tick: %s failed (%s)", name, type(error).__name__)
            continue
        _dispatch(settings, ids)
    try:
        _dispatch(settings, runtime.run(settings, webhook_delivery.due_deliveries), webhooks=True)
    except Exception as error:  # noqa: BLE001 - the next tick hands them over
        failed += 1
        log.error("tick: webhook deliveries failed (%s)", type(error).__name__)
    if not failed and settings.redis_url:
        _beat(settings)


# Webhooks on key events
def deliver_webhook(delivery_id: str) -> None:
    settings = load_settings()
    with traces.job_span("job deliver_webhook", _meta()):
        runtime.run(settings, lambda: webhook_delivery.deliver(delivery_id, settings))


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
