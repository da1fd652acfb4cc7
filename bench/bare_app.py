"""The baseline: the same query on a bare Strawberry + Starlette app, with no
authentication and no database, answering the same result size."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@strawberry.type
class Customer:
    id: strawberry.ID
    external_id: str
    name: str | None
    email: str | None
    currency: str | None
    created_at: datetime


@strawberry.type
class CustomerEdge:
    cursor: str
    node: Customer


@strawberry.type
class CustomerConnection:
    edges: list[CustomerEdge]
    total_count: int


@strawberry.type
class Query:
    @strawberry.field
    async def customers(self, first: int | None = 20) -> CustomerConnection:
        node = Customer(
            id=strawberry.ID("5b3f0c1e-8a7d-4f57-9f43-2f0d6a8b9c10"),
            external_id="bench-1",
            name="Bench",
            email="bench@example.test",
            currency="EUR",
            created_at=NOW,
        )
        return CustomerConnection(edges=[CustomerEdge(cursor="x" * 72, node=node)], total_count=1)


app = Starlette(routes=[Route("/graphql", GraphQL(strawberry.Schema(query=Query)))])
