"""Fixtures: one database per backend for the run, emptied around each test.

Every test that takes `app` (or `client`) runs twice: on SQLite and on a
PostgreSQL database created for the run and dropped after it.
"""

from __future__ import annotations

import base64
import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from hypothesis import settings as hypothesis_settings
from tortoise import Tortoise

from auth.cache import credential_cache
from auth.keyring import Keyring
from auth.last_used import last_used
from models import database
from server import create_app
from settings import Settings
from tests import services
from tests.factories import Org, make_organization

# Property tests check behaviour, never speed: no per-example deadline on a loaded machine.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

TEST_SEALING_KEYS = (("t1", base64.b64decode(base64.b64encode(b"k" * 32))),)
_TABLES = (  # children before parents
    "event",
    "invoice",
    "subscription",
    "billable_metric",
    "plan",
    "customer",
    "notification",
    "audit_event",
    "api_key_secret",
    "session",
    "api_key",
    "member",
    "organization",
)


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "pepper": b"test-pepper-" + b"p" * 32,
        "sealing_keys": TEST_SEALING_KEYS,
        "mail_dir": Path(os.environ.get("TMPDIR", "/tmp")) / "apikeys-test-mail",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Settings]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        url, dropped = f"sqlite://{path}", None
    else:
        dropped = await services.create_postgres_database()
        url = services.postgres_url(dropped)
    settings = make_settings(url)
    await database.migrate(settings)
    await database.open_database(settings)
    try:
        yield settings
    finally:
        await database.close_database()
        if dropped:
            await services.drop_postgres_database(dropped)


@pytest.fixture
def backend(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgres"


@pytest.fixture(autouse=True)
async def _clean(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    credential_cache.clear()
    last_used.clear()
    yield
    if "settings" in request.fixturenames:
        connection = Tortoise.get_connection("default")
        for table in _TABLES:
            await connection.execute_script(f"DELETE FROM {table}")
    credential_cache.clear()


@pytest.fixture
def postgres_only(backend: str) -> None:
    if backend != "postgres":
        pytest.skip("needs PostgreSQL row locks; runs on the postgres leg")


@pytest.fixture
def keyring(settings: Settings) -> Keyring:
    return Keyring(settings)


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def org(keyring: Keyring) -> Org:
    return await make_organization(keyring, "Acme")


@pytest.fixture
async def other_org(keyring: Keyring) -> Org:
    return await make_organization(keyring, "Other")
