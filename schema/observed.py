"""What the access line (and the metrics) say of a GraphQL request: its operation, as one
of the schema's own top-level fields (a bounded set: a caller cannot make up new values,
nor smuggle text into the logs), and the calling API key, by the start of its id."""

from __future__ import annotations

from functools import cache

from auth.principal import Principal
from telemetry import logs

SEVERAL = "several"  # more than one top-level field
OTHER = "other"  # a field the schema does not have, or no single operation


@cache
def _known() -> frozenset[str]:
    from schema import schema

    graphql = schema._schema
    roots = [graphql.query_type, graphql.mutation_type]
    return frozenset(name for root in roots if root is not None for name in root.fields)


def operation_of(fields: frozenset[str]) -> str:
    if len(fields) == 1 and fields <= _known():
        return next(iter(fields))
    if len(fields) > 1 and fields <= _known():
        return SEVERAL
    return OTHER


def describe(fields: frozenset[str]) -> None:
    record = logs.current.get()
    if record is not None:
        record.operation = operation_of(fields)


def caller(principal: Principal | None) -> None:
    record = logs.current.get()
    if record is not None and principal is not None and principal.api_key_id:
        record.key = principal.api_key_id[:8]
