"""The app's own routes: liveness, readiness, the SDL and GraphiQL. (POST /graphql:
tests/schema/test_endpoint.py.)"""

from __future__ import annotations

import dataclasses

import httpx

from server import create_app
from tests import services


async def test_healthz_and_readyz(client):
    assert (await client.get("/healthz")).status_code == 200
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}


async def _readyz_with_redis(settings, redis_url: str) -> httpx.Response:
    app = create_app(dataclasses.replace(settings, redis_url=redis_url), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as client,
    ):
        return await client.get("/readyz")


async def test_readyz_checks_redis_when_it_is_set(settings):
    services.require_service("Redis", "127.0.0.1", 6379)
    assert (await _readyz_with_redis(settings, services.REDIS_URL)).status_code == 200
    down = await _readyz_with_redis(settings, "redis://127.0.0.1:1/0")
    assert down.status_code == 503 and down.json() == {"status": "unavailable"}


async def test_the_schema_is_served_with_its_directives(client):
    sdl = (await client.get("/graphql/schema.graphql")).text
    assert "directive @requiresPermission(object: PermissionObject!, access: Access!)" in sdl
    assert "apiKeys(" in sdl and "@requiresPermission(object: API_KEY, access: READ)" in sdl


async def test_graphiql_is_served_on_get(client):
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
