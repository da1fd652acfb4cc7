"""The per-process cache of what authenticating an API key needs.

Entries live for a few seconds; every change to a key evicts it at once in
this process, and, through `on_evict` (Redis pub/sub, auth/invalidation.py),
in every other process.

A miss loads once: the requests that miss the same digest meanwhile (under load, every
request of a key misses together when its entry expires) wait for that one load. A load
that an eviction overtakes answers the requests that were waiting for it, and is not kept.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from auth.flights import Flights
from auth.grants import Grants
from auth.limits import KeyLimits
from settings import IPNetwork
from telemetry import metrics

TTL_SECONDS = 5.0
_MAX_ENTRIES = 10_000
Scope = Literal["key", "organization"]


@dataclass(frozen=True, slots=True)
class CachedKey:
    api_key_id: str
    organization_id: str
    full_access: bool
    grants: Grants
    allowed_networks: tuple[IPNetwork, ...]
    key_expires_at: datetime | None
    secret_expires_at: datetime | None
    filled_at: float
    customer_ids: frozenset[str] | None = None  # None: every customer
    limits: KeyLimits | None = None  # rate limit and credits (auth/metering.py)


class CredentialCache:
    def __init__(self, ttl: float = TTL_SECONDS) -> None:
        self._ttl = ttl
        self._entries: dict[str, CachedKey] = {}
        self._loading: Flights[CachedKey] = Flights()
        self._evictions = 0
        self.on_evict: Callable[[Scope, str], None] | None = None

    def get(self, digest: str) -> CachedKey | None:
        """The fresh entry of a digest, counted as a hit or a miss."""
        entry = self._fresh(digest)
        metrics.cache_event("miss" if entry is None else "hit")
        return entry

    def _fresh(self, digest: str) -> CachedKey | None:
        entry = self._entries.get(digest)
        if entry is not None and time.monotonic() - entry.filled_at > self._ttl:
            del self._entries[digest]
            return None
        return entry

    async def get_or_load(self, digest: str, load: Callable[[], Awaitable[CachedKey]]) -> CachedKey:
        """The entry, loaded by `load` on a miss, once for all the requests missing it."""
        entry = self._fresh(digest)
        if entry is not None:
            return entry
        return await self._loading.join(digest, lambda: self._load(digest, load))

    async def _load(self, digest: str, load: Callable[[], Awaitable[CachedKey]]) -> CachedKey:
        evictions = self._evictions
        entry = await load()
        if evictions == self._evictions:
            self.put(digest, entry)
        return entry

    def put(self, digest: str, entry: CachedKey) -> None:
        if len(self._entries) >= _MAX_ENTRIES:
            self._entries.clear()
        self._entries[digest] = entry

    def evict(self, scope: Scope, ident: str) -> None:
        """In this process, and through `on_evict` in every other."""
        self.evict_local(scope, ident)
        if self.on_evict is not None:
            self.on_evict(scope, ident)

    def evict_local(self, scope: Scope, ident: str) -> None:
        metrics.cache_event("invalidation")
        self._evictions += 1
        self._loading.clear()  # a request from now on loads afresh
        attribute = "api_key_id" if scope == "key" else "organization_id"
        for digest in [d for d, e in self._entries.items() if getattr(e, attribute) == ident]:
            del self._entries[digest]

    def clear(self) -> None:
        self._loading.clear()
        self._entries.clear()
