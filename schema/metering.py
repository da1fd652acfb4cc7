"""The GraphQL shapes of a key's rate limit and credits (resolvers/api_keys/limits.py)."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import ListValueNode, VariableNode

from resolvers.api_keys import limits
from schema.document import TopLevel

RefillInterval = strawberry.enum(
    limits.RefillInterval,
    description="DAILY: at midnight UTC. MONTHLY: on the 1st, at midnight UTC.",
)


@strawberry.input(description="At most `requests` in any `perSeconds` seconds.")
class RateLimitInput:
    requests: int
    per_seconds: int


@strawberry.input
class RefillInput:
    amount: int = strawberry.field(description="What `remaining` is set to at each refill.")
    interval: RefillInterval  # type: ignore[valid-type]


@strawberry.input(
    description="Each authenticated request spends one credit (event ingestion: one per event)."
)
class CreditsInput:
    remaining: int
    refill: RefillInput | None = strawberry.field(default=None, description="Null: never.")


@strawberry.type
class RateLimit:
    requests: int
    per_seconds: int


@strawberry.type
class Refill:
    amount: int
    interval: RefillInterval  # type: ignore[valid-type]


@strawberry.type
class Credits:
    remaining: int = strawberry.field(
        description="As last written: spends reach the database within 30 seconds."
    )
    refill: Refill | None


def rate_limit_of(value: RateLimitInput | None) -> limits.RateLimit | None:
    return None if value is None else limits.RateLimit(value.requests, value.per_seconds)


def credits_of(value: CreditsInput | None) -> limits.Credits | None:
    if value is None:
        return None
    refill = value.refill
    return limits.Credits(
        value.remaining,
        None if refill is None else limits.Refill(refill.amount, refill.interval),
    )


def given_or(value: Any, convert: Any) -> Any:
    """An omitted argument (UNSET) as UNSET; any other through `convert`."""
    return value if value is strawberry.UNSET else convert(value)


def rate_limit_view(key: Any) -> RateLimit | None:
    limit = limits.rate_limit_of(key)
    return (
        None if limit is None else RateLimit(requests=limit.requests, per_seconds=limit.per_seconds)
    )


def credits_view(key: Any) -> Credits | None:
    credits = limits.credits_of(key)
    if credits is None:
        return None
    refill = credits.refill
    return Credits(
        remaining=credits.remaining,
        refill=None if refill is None else Refill(amount=refill.amount, interval=refill.interval),
    )


def request_cost(top: TopLevel, variables: dict[str, Any] | None) -> int:
    """The credits a request spends: one, or one per event of `ingestEvents` (its `events`
    written in the document or given by a variable), read from the document as the
    endpoint parsed it."""
    events = 0
    for selection in top.selections:
        if selection.name.value != "ingestEvents":
            continue
        for argument in selection.arguments or ():
            if argument.name.value != "events":
                continue
            value = argument.value
            if isinstance(value, ListValueNode):
                events += len(value.values)
            elif isinstance(value, VariableNode):
                given = (variables or {}).get(value.name.value)
                events += len(given) if isinstance(given, list) else 1
    return max(1, events)
