"""The GraphQL shapes of a key's activity (resolvers/api_keys/usage.py, recent_requests.py)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from auth.activity import KeyOutcome
from resolvers.api_keys.usage import Granularity

RequestOutcome = strawberry.enum(KeyOutcome, name="RequestOutcome")
UsageGranularity = strawberry.enum(Granularity, name="UsageGranularity")


@strawberry.type
class UsageBucket:
    start: datetime
    outcome: RequestOutcome  # type: ignore[valid-type]
    count: int
    operation: str | None = strawberry.field(
        description="The root operation field (REST: the operation id); with byOperation only."
    )


@strawberry.type
class RecentRequest:
    at: datetime
    client_address: str | None
    operation: str = strawberry.field(
        description="The root operation fields, comma-separated (REST: the operation id)."
    )
    outcome: RequestOutcome  # type: ignore[valid-type]
