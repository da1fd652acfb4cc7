"""One unit of work per use case: its writes in one transaction, its side effects
(cache evictions, outbox rows to dispatch, rotations to complete later) collected on
the way and run once, after the outermost transaction commits. A rollback runs none.

Use cases nest (bootstrap creates the first key inside its own transaction): an inner
unit joins the outer one, so nothing leaves before everything is committed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.transactions import in_transaction

from auth.cache import Scope
from resolvers.services import Services


@dataclass
class UnitOfWork:
    evictions: list[tuple[Scope, str]] = field(default_factory=list)
    notifications: list[str] = field(default_factory=list)
    rotations: dict[str, datetime] = field(default_factory=dict)
    webhooks: list[str] = field(default_factory=list)  # webhook delivery rows

    def evict_api_key(self, key_id: str) -> None:
        self.evictions.append(("key", key_id))

    def evict_organization(self, organization_id: str) -> None:
        self.evictions.append(("organization", organization_id))

    def notify(self, outbox_ids: list[str]) -> None:
        self.notifications += outbox_ids

    def complete_rotation_at(self, key_id: str, at: datetime) -> None:
        self.rotations[key_id] = at

    def deliver_webhooks(self, delivery_ids: list[str]) -> None:
        self.webhooks += delivery_ids

    def _mark(self) -> tuple[int, int, dict[str, datetime], int]:
        marks = len(self.evictions), len(self.notifications), dict(self.rotations)
        return (*marks, len(self.webhooks))

    def _undo_to(self, mark: tuple[int, int, dict[str, datetime], int]) -> None:
        """Forget what a nested unit collected before its savepoint rolled back."""
        del self.evictions[mark[0] :], self.notifications[mark[1] :]
        self.rotations = mark[2]
        del self.webhooks[mark[3] :]


_current: ContextVar[UnitOfWork | None] = ContextVar("unit_of_work", default=None)


@asynccontextmanager
async def unit_of_work(services: Services) -> AsyncIterator[UnitOfWork]:
    outer = _current.get()
    if outer is not None:
        async with _nested(outer) as work:
            yield work
        return
    work = UnitOfWork()
    token = _current.set(work)
    try:
        async with in_transaction():
            yield work
    finally:
        _current.reset(token)
    await _run(work, services)


@asynccontextmanager
async def _nested(outer: UnitOfWork) -> AsyncIterator[UnitOfWork]:
    mark = outer._mark()
    try:
        async with in_transaction():  # a savepoint inside the outer transaction
            yield outer
    except BaseException:
        outer._undo_to(mark)
        raise


async def _run(work: UnitOfWork, services: Services) -> None:
    for scope, ident in dict.fromkeys(work.evictions):
        services.cache.evict(scope, ident)
    if work.notifications:
        await services.dispatcher.notifications(work.notifications)
    for key_id, at in work.rotations.items():
        await services.dispatcher.rotation(key_id, at)
    if work.webhooks:
        await services.dispatcher.webhooks(work.webhooks)


def current() -> UnitOfWork | None:
    """The unit of work under way, if any (resolvers/audit/record.py adds webhooks to it)."""
    return _current.get()
