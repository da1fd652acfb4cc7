"""What every upgrade_NNNN script does around its own rows: a database migrated only up to
the migration before the one under test, its old rows written in plain SQL (the models
describe the new schema), then every migration applied and the models opened to read what
became of them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from tortoise import Tortoise
from tortoise.migrations.api import migrate

from models import database
from settings import Settings


def settings_for(url: str) -> Settings:
    return Settings(
        database_url=url,
        pepper=b"migration-pepper-" + b"p" * 32,
        sealing_keys=(("t1", b"k" * 32),),
    )


@asynccontextmanager
async def upgraded_from(
    settings: Settings, before: str, statements: Iterable[str]
) -> AsyncIterator[None]:
    """The database at `before` with `statements` run, then migrated to the latest and open
    until the block ends."""
    database._create_sqlite_file(settings)
    await migrate(config=settings.tortoise_config(), target=f"models.{before}")
    await Tortoise.init(config=settings.tortoise_config())
    connection = Tortoise.get_connection("default")
    for statement in statements:
        await connection.execute_script(statement)
    await Tortoise.close_connections()

    await database.migrate(settings)
    await database.open_database(settings)
    try:
        yield
    finally:
        await database.close_database()
