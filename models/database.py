"""Opening, migrating and checking the database."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.api import migrate as apply_migrations

from settings import Settings


async def migrate(settings: Settings) -> None:
    """Apply pending migrations (Tortoise's built-in migrations in migrations/)."""
    try:
        await apply_migrations(config=settings.tortoise_config())
    finally:
        await Tortoise.close_connections()


async def open_database(settings: Settings) -> None:
    # The global fallback lets the lifespan's context serve every request task.
    await Tortoise.init(config=settings.tortoise_config(), _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()


async def ping() -> None:
    await Tortoise.get_connection("default").execute_query("SELECT 1")
