"""Fixtures: one database per backend for the run, emptied around each test.

Every test that takes `app` (or `client`) runs twice: on SQLite and on a
PostgreSQL database created for the run and dropped after it.
`APIKEYS_TEST_BACKENDS=sqlite` (the fast `make check`) runs the SQLite leg only.
"""

from __future__ import annotations

import base64
import functools
import os
from collections.abc import AsyncIterator
from graphlib import TopologicalSorter
from pathlib import Path

import httpx
import pytest
from hypothesis import settings as hypothesis_settings
from starlette.applications import Starlette
from tortoise import Tortoise

from auth.keyring import Keyring
from models import database
from resolvers.services import Services
from server import create_app
from settings import Settings
from tests import services as backing
from tests.factories import Org, make_organization

# Property tests check behaviour, never speed: no per-example deadline on a loaded machine.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

TEST_SEALING_KEYS = (("t1", base64.b64decode(base64.b64encode(b"k" * 32))),)
BACKENDS = os.environ.get("APIKEYS_TEST_BACKENDS", "sqlite,postgres").split(",")
if not set(BACKENDS) <= {"sqlite", "postgres"}:
    raise pytest.UsageError(f"APIKEYS_TEST_BACKENDS: {BACKENDS} is not a subset of sqlite,postgres")


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "pepper": b"test-pepper-" + b"p" * 32,
        "sealing_keys": TEST_SEALING_KEYS,
        "mail_dir": Path(os.environ.get("TMPDIR", "/tmp")) / "apikeys-test-mail",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", params=BACKENDS)
async def settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Settings]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        url, dropped = f"sqlite://{path}", None
    else:
        dropped = await backing.create_postgres_database()
        url = backing.postgres_url(dropped)
    settings = make_settings(url)
    await database.migrate(settings)
    await database.open_database(settings)
    try:
        yield settings
    finally:
        await database.close_database()
        if dropped:
            await backing.drop_postgres_database(dropped)


@pytest.fixture
def backend(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgres"


@functools.cache
def _tables_children_first() -> tuple[str, ...]:
    """The table of every registered model, each before the tables its foreign keys point to:
    a new model is emptied with the rest, and no delete breaks a reference."""
    refers_to = {
        model._meta.db_table: {
            model._meta.fields_map[name].related_model._meta.db_table
            for name in (*model._meta.fk_fields, *model._meta.o2o_fields)
        }
        - {model._meta.db_table}
        for model in Tortoise.apps["models"].values()
    }
    parents_first = TopologicalSorter(refers_to).static_order()
    return tuple(reversed(list(parents_first)))


@pytest.fixture(autouse=True)
async def _clean(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    yield
    if "settings" in request.fixturenames:
        connection = Tortoise.get_connection("default")
        for table in _tables_children_first():
            await connection.execute_script(f"DELETE FROM {table}")


@pytest.fixture
def postgres_only(backend: str) -> None:
    if backend != "postgres":
        pytest.skip("needs PostgreSQL row locks; runs on the postgres leg")


@pytest.fixture
def app(settings: Settings) -> Starlette:
    """The app of a test (its lifespan not started: jobs wait in the outbox)."""
    return create_app(settings, manage_database=False)


@pytest.fixture
def services(app: Starlette) -> Services:
    """The app's own services: what the test's requests use too."""
    made: Services = app.state.services
    return made


@pytest.fixture
def keyring(services: Services) -> Keyring:
    return services.keyring


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def org(services: Services) -> Org:
    return await make_organization(services, "Acme")


@pytest.fixture
async def other_org(services: Services) -> Org:
    return await make_organization(services, "Other")
