"""What the use cases and the request path need beyond the database, made once by the
app (server.py) and reached through each request's context: no module-level singletons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from redis.asyncio import Redis

from auth.activity import ActivityRecorder
from auth.cache import CredentialCache
from auth.keyring import Keyring
from auth.last_used import LastUsedRecorder
from auth.metering import Meter
from auth.throttle import FailureThrottle
from jobs.dispatch import Dispatcher, OutboxOnly
from settings import Settings


@dataclass
class Services:
    settings: Settings
    keyring: Keyring
    cache: CredentialCache
    throttle: FailureThrottle
    last_used: LastUsedRecorder
    # Outbox rows wait for a sweeper until the app starts its job runner (its lifespan).
    dispatcher: Dispatcher = field(default_factory=OutboxOnly)
    # The time sudo mode is judged by (resolvers/policy.py); tests move it.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    # Rate limits and credits per key (on Redis when it is set).
    meter: Meter = field(default_factory=Meter)
    # Each key's requests per minute and outcome, and its recent requests.
    activity: ActivityRecorder = field(default_factory=ActivityRecorder)

    @classmethod
    def for_settings(cls, settings: Settings, redis: Redis | None = None) -> Services:
        return cls(
            settings=settings,
            keyring=Keyring(settings),
            cache=CredentialCache(),
            throttle=FailureThrottle.for_settings(settings, redis),
            last_used=LastUsedRecorder(),
            meter=Meter(redis, namespace=settings.redis_namespace),
        )
