"""The periodic tick's steps, in one list: the worker's RQ job (jobs/tasks.periodic_tick)
and the embedded default's runner (jobs/inline.py) run the same ones, each on its own, so
that one failing (a bad row, the database away) leaves the others done."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from jobs import key_age, maintenance, refills, usage_retention
from settings import Settings

# A step's name (for the log) and its work, which answers the outbox rows it wrote.
Step = tuple[str, Callable[[], Awaitable[list[str]]]]


def steps(settings: Settings) -> list[Step]:
    """Due rotations, expiry and rotation-policy notices, the purge of retired keys,
    credits refills and notices, the usage retention, and outbox rows left pending."""
    retention = timedelta(days=settings.key_retention_days)
    return [
        ("due rotations", maintenance.complete_due_rotations),
        ("expiry notices", maintenance.send_expiry_notices),
        ("rotation policy notices", key_age.send_rotation_notices),
        ("retired keys", lambda: _no_mail(maintenance.purge_retired_keys(retention))),
        ("credits refills", lambda: _no_mail(refills.refill_credits())),
        ("credits notices", refills.send_credit_notices),
        ("usage retention", lambda: _no_mail(usage_retention.prune_usage())),
        ("outbox sweeper", maintenance.stuck_notifications),
    ]


async def _no_mail(step: Awaitable[object]) -> list[str]:
    """A tick step that writes no outbox row."""
    await step
    return []
