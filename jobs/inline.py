"""The in-process runner of the embedded default (no REDIS_URL): the same outbox,
delivered by tasks of the serving process, with the same retries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

from jobs import delivery, maintenance, tick, webhook_delivery
from settings import Settings

TICK_SECONDS = 60.0
RETRY_INTERVALS = [30, 120, 300, 600, 900]
log = logging.getLogger("apikeys.inline")


class InlineRunner:
    def __init__(self, settings: Settings, retry_intervals: list[int] | None = None) -> None:
        self.settings = settings
        self.retry_intervals = RETRY_INTERVALS if retry_intervals is None else retry_intervals
        self._deliveries: set[asyncio.Task[None]] = set()
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._in_flight: set[str] = set()

    async def notifications(self, ids: list[str]) -> None:
        for notification_id in ids:
            self._start(notification_id, self._deliver(notification_id))

    async def rotation(self, key_id: str, at: datetime) -> None:
        """One timer per key: rotating again moves it. The tick covers a restart."""
        previous = self._timers.pop(key_id, None)
        if previous is not None:
            previous.cancel()
        self._timers[key_id] = asyncio.get_running_loop().create_task(self._complete_at(key_id, at))

    async def webhooks(self, ids: list[str]) -> None:
        """One attempt each now; retries come back with the tick when they are due."""
        for delivery_id in ids:
            self._start(f"webhook-{delivery_id}", self._send_webhook(delivery_id))

    def _start(self, key: str, work: Coroutine[Any, Any, None]) -> None:
        """One delivery at a time per row: a row already under way is left to it."""
        if key in self._in_flight:
            work.close()
            return
        self._in_flight.add(key)
        task = asyncio.get_running_loop().create_task(work)
        self._deliveries.add(task)

        def ended(task: asyncio.Task[None]) -> None:
            self._deliveries.discard(task)
            self._in_flight.discard(key)

        task.add_done_callback(ended)

    async def _send_webhook(self, delivery_id: str) -> None:
        try:
            await webhook_delivery.deliver(delivery_id, self.settings)
        except Exception as error:  # noqa: BLE001 - the row stays PENDING for the tick
            log.warning("webhook delivery failed: %s", type(error).__name__)

    async def _deliver(self, notification_id: str) -> None:
        delays = [0, *self.retry_intervals]
        for attempt, delay in enumerate(delays):
            await asyncio.sleep(delay)
            last = attempt == len(delays) - 1
            try:
                await delivery.deliver(notification_id, self.settings, last_attempt=last)
                return
            except Exception:  # noqa: BLE001, S112 - recorded on the row; retried
                continue

    async def _complete_at(self, key_id: str, at: datetime) -> None:
        await asyncio.sleep(max(0.0, (at - datetime.now(UTC)).total_seconds()))
        self._timers.pop(key_id, None)
        await self.notifications(await maintenance.complete_rotation(key_id))

    async def tick(self) -> None:
        """The worker's steps (jobs/tick.py), each on its own, then the webhooks due."""
        for name, step in tick.steps(self.settings):
            try:
                await self.notifications(await step())
            except Exception as error:  # noqa: BLE001 - the next steps still run
                log.warning("tick: %s failed (%s)", name, type(error).__name__)
        await self.webhooks(await webhook_delivery.due_deliveries())

    async def run(self, every: float = TICK_SECONDS) -> None:
        """Tick now and then every minute, until cancelled."""
        try:
            while True:
                try:
                    await self.tick()
                except Exception as error:  # noqa: BLE001 - the next tick retries
                    log.warning("periodic tick failed: %s", type(error).__name__)
                await asyncio.sleep(every)
        finally:
            await self.close()

    async def close(self) -> None:
        """Stop every timer and delivery; unsent rows stay pending for the next start."""
        tasks = [*self._deliveries, *self._timers.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def drain(self) -> None:
        """Wait for the deliveries under way."""
        while self._deliveries:
            await asyncio.gather(*list(self._deliveries), return_exceptions=True)
