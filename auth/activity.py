"""What each API key did, counted in memory per request and written in batches.

Each request of a key adds one to its (minute, outcome) count, by root operation field,
and one line to its recent requests: no I/O, and counted with the other requests of the
event loop's turn. A flush (every 10 s and at shutdown) writes
one row per key, minute and outcome and adds it to the key's hour row (models/usage.py:
one transaction, atomic upserts that add to what another process wrote), and the recent
requests in one insert, keeping the last RECENT_KEPT of each key.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from auth.batched import Batched
from models import ApiKeyRequest
from models.usage import add_requests, add_usage
from telemetry.batch import Batch

FLUSH_SECONDS = 10.0
RECENT_KEPT = 1000
MAX_OPERATION = 120
log = logging.getLogger("apikeys.activity")


class KeyOutcome(StrEnum):
    VALID = "VALID"
    RATE_LIMITED = "RATE_LIMITED"
    USAGE_EXCEEDED = "USAGE_EXCEEDED"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHORIZED_IP = "UNAUTHORIZED_IP"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"


@dataclass(slots=True)
class _Count:
    count: int = 0
    operations: dict[str, int] = field(default_factory=dict)


# A recent request as recorded: (seconds since the epoch, client address, operation,
# outcome); its datetime is made when it is written, not per request.
_Request = tuple[float, str | None, str, str]


# A request as record() takes it: (seconds since the epoch, key, organization, outcome,
# operation, client address).
_Recorded = tuple[float, str, str, KeyOutcome, str, str | None]


class ActivityRecorder(Batched):
    flush_every, flush_name = FLUSH_SECONDS, "activity"

    def __init__(self) -> None:
        # (key, organization, minute since the epoch, outcome) -> its count
        self._counts: dict[tuple[str, str, int, str], _Count] = {}
        self._recent: dict[tuple[str, str], deque[_Request]] = {}
        # A request only adds its line; they are counted together at the end of the
        # loop's turn (telemetry/batch.py): counted one by one between requests, the same
        # work cost a request several times as much.
        self._recorded: Batch[_Recorded] = Batch(self._count)

    def record(
        self,
        api_key_id: str,
        organization_id: str,
        outcome: KeyOutcome,
        operation: str,
        client_address: str | None,
    ) -> None:
        self._recorded.add(
            (time.time(), api_key_id, organization_id, outcome, operation, client_address)
        )

    def _count(self, recorded: list[_Recorded]) -> None:
        counts, recents = self._counts, self._recent
        for at, api_key_id, organization_id, outcome, operation, client_address in recorded:
            operation = operation[:MAX_OPERATION] or "?"
            slot = (api_key_id, organization_id, int(at // 60), outcome.value)
            counted = counts.get(slot)
            if counted is None:
                counted = counts[slot] = _Count()
            counted.count += 1
            counted.operations[operation] = counted.operations.get(operation, 0) + 1
            recent = recents.get((api_key_id, organization_id))
            if recent is None:
                recent = recents[(api_key_id, organization_id)] = deque(maxlen=RECENT_KEPT)
            recent.append((at, client_address, operation, outcome.value))

    @property
    def pending(self) -> int:
        self._recorded.flush()
        return len(self._counts)

    def clear(self) -> None:
        self._recorded.flush()
        self._counts.clear()
        self._recent.clear()

    async def flush(self) -> int:
        """Write what was counted since the last flush; returns how many count rows."""
        self._recorded.flush()
        counts, self._counts = self._counts, {}
        recent, self._recent = self._recent, {}
        written = 0
        try:
            for slot in list(counts):
                await _add(slot, counts[slot])
                del counts[slot]
                written += 1
            await _keep_recent(recent)
        except Exception:
            self._merge_back(counts, recent)
            raise
        return written

    def _merge_back(
        self,
        counts: dict[tuple[str, str, int, str], _Count],
        recent: dict[tuple[str, str], deque[_Request]],
    ) -> None:
        for slot, counted in counts.items():
            mine = self._counts.setdefault(slot, _Count())
            mine.count += counted.count
            for operation, n in counted.operations.items():
                mine.operations[operation] = mine.operations.get(operation, 0) + n
        for key, requests in recent.items():
            requests.extend(self._recent.get(key, ()))  # the older first; maxlen keeps the last
            self._recent[key] = requests


async def _add(slot: tuple[str, str, int, str], counted: _Count) -> None:
    key_id, organization_id, minute, outcome = slot
    at = datetime.fromtimestamp(minute * 60, UTC)
    await add_usage(key_id, organization_id, at, outcome, counted.count, counted.operations)


async def _keep_recent(recent: dict[tuple[str, str], deque[_Request]]) -> None:
    """Each key's requests, then its oldest beyond RECENT_KEPT dropped; a key written
    leaves `recent` at once, so that a flush failing on a later key merges back only what
    is not written yet (one statement per key, not one for all)."""
    for key_id, organization_id in list(recent):
        await add_requests(
            key_id,
            organization_id,
            (
                (datetime.fromtimestamp(at, UTC), client_address, operation, outcome)
                for at, client_address, operation, outcome in recent[(key_id, organization_id)]
            ),
        )
        del recent[(key_id, organization_id)]
        older = (
            await ApiKeyRequest.filter(api_key_id=key_id)
            .order_by("-id")
            .offset(RECENT_KEPT)
            .limit(1)
            .values_list("id", flat=True)
        )
        if older:
            await ApiKeyRequest.filter(api_key_id=key_id, id__lte=older[0]).delete()
