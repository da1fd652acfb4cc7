"""The baselines: plain Strawberry apps, without this project's extensions, database or
authentication, served by the same uvicorn from the same venv as the service.

    /default/graphql   `{ viewer { fullAccess } }` on Strawberry's defaults
    /cached/graphql    the same, with ParserCache and ValidationCache
    /list/graphql      `apiKeys(first: 100) { edges { node { 5 fields } } }`: 100 static dicts

One process holds the three; the benchmark drives one route at a time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import Enum
from operator import getitem
from typing import Any

import strawberry
from starlette.applications import Starlette
from starlette.routing import Mount
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@strawberry.type
class Viewer:
    full_access: bool


@strawberry.type
class ViewerQuery:
    @strawberry.field
    def viewer(self) -> Viewer:
        return Viewer(full_access=True)


@strawberry.enum
class ApiKeyStatus(Enum):
    ACTIVE = "ACTIVE"
    REVOKED = "REVOKED"


@strawberry.type
class ApiKey:
    id: strawberry.ID
    name: str | None
    prefix: str
    status: ApiKeyStatus
    created_at: datetime


@strawberry.type
class ApiKeyEdge:
    node: ApiKey


@strawberry.type
class ApiKeyConnection:
    edges: list[ApiKeyEdge]


KEYS: list[dict[str, Any]] = [
    {
        "node": {
            "id": f"5b3f0c1e-8a7d-4f57-9f43-{i:012d}",
            "name": f"bulk-{i}",
            "prefix": "lk_live_bulk",
            "status": ApiKeyStatus.ACTIVE,
            "created_at": NOW - timedelta(seconds=i),
        }
    }
    for i in range(100)
]


@strawberry.type
class ListQuery:
    @strawberry.field
    def api_keys(self, first: int = 20) -> ApiKeyConnection:
        return {"edges": KEYS[:first]}  # type: ignore[return-value]  # dicts, read by getitem


def _graphql(schema: strawberry.Schema) -> GraphQL[Any, Any]:
    return GraphQL(schema, graphql_ide=None)


default_schema = strawberry.Schema(query=ViewerQuery)
cached_schema = strawberry.Schema(query=ViewerQuery, extensions=[ParserCache, ValidationCache])
list_schema = strawberry.Schema(query=ListQuery, config=StrawberryConfig(default_resolver=getitem))

app = Starlette(
    routes=[
        Mount("/default", _graphql(default_schema)),
        Mount("/cached", _graphql(cached_schema)),
        Mount("/list", _graphql(list_schema)),
    ]
)
