"""The RQ jobs: module-level async functions taking ids. RQ runs each in a fresh
event loop, so each opens its own Tortoise context from the environment's settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from rq import get_current_job
from tortoise.context import TortoiseContext

from jobs import delivery, maintenance
from settings import Settings, load_settings

T = TypeVar("T")


async def _with_database(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    async with TortoiseContext() as context:
        await context.init(config=settings.tortoise_config())
        return await work()


def _dispatch(settings: Settings, ids: list[str]) -> None:
    from jobs.rq_dispatch import RQDispatcher

    if ids and settings.redis_url:
        RQDispatcher(settings.redis_url).enqueue_notifications(ids)


def _last_attempt() -> bool:
    job = get_current_job()
    return job is None or not job.retries_left


async def deliver_notification(notification_id: str) -> None:
    settings = load_settings()
    last = _last_attempt()
    await _with_database(
        settings, lambda: delivery.deliver(notification_id, settings, last_attempt=last)
    )


async def complete_rotation(key_id: str) -> None:
    settings = load_settings()
    ids = await _with_database(settings, lambda: maintenance.complete_rotation(key_id))
    _dispatch(settings, ids)


async def periodic_tick() -> None:
    """Due rotations, expiry notices, and outbox rows left pending."""
    settings = load_settings()

    async def work() -> list[str]:
        ids = await maintenance.complete_due_rotations()
        ids += await maintenance.send_expiry_notices()
        return ids + await maintenance.stuck_notifications()

    _dispatch(settings, await _with_database(settings, work))
