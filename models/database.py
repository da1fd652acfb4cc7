"""Opening, migrating and checking the database."""

from __future__ import annotations

import contextlib
import os

from tortoise import Tortoise
from tortoise.context import set_global_context
from tortoise.exceptions import DBConnectionError
from tortoise.migrations.api import migrate as apply_migrations

from models.tortoise_adapter import expire_pooled_connections, forget_compiled_queries
from settings import Settings, sqlite_path


async def migrate(settings: Settings) -> None:
    """Apply pending migrations (Tortoise's built-in migrations in migrations/)."""
    _create_sqlite_file(settings)
    try:
        await apply_migrations(config=settings.tortoise_config())
    finally:
        await Tortoise.close_connections()


async def open_database(settings: Settings) -> None:
    forget_compiled_queries()
    _create_sqlite_file(settings)
    context = await Tortoise.init(config=settings.tortoise_config())
    # Tortoise keeps its context in a ContextVar: made global, the lifespan's context
    # serves every request task too (what its own Starlette and FastAPI helpers do).
    set_global_context(context)


def _create_sqlite_file(settings: Settings) -> None:
    """Create a missing SQLite file readable by its owner only, like the secrets beside it:
    SQLite would create it with the umask's mode, and its journals copy the file's mode."""
    path = sqlite_path(settings.database_url)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


async def close_database() -> None:
    await Tortoise.close_connections()


async def ping() -> None:
    await Tortoise.get_connection("default").execute_query("SELECT 1")


def is_unavailable(error: BaseException) -> bool:
    """Whether an error means the database could not be reached (retry), not a bug."""
    import asyncpg

    unavailable = (
        ConnectionError,
        OSError,
        TimeoutError,
        DBConnectionError,
        asyncpg.exceptions.PostgresConnectionError,
        asyncpg.exceptions.OperatorInterventionError,
        asyncpg.exceptions.InterfaceError,
        asyncpg.exceptions.InternalClientError,
    )
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, unavailable):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def expire_connections() -> None:
    """After a connection failure: reopen pooled connections on their next use."""
    await expire_pooled_connections("default")


# Readiness (server.py /readyz): migrations the code has and the database lacks.
def known_migrations() -> list[str]:
    """The names of the migrations in migrations/, in order."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("migrations")
    assert spec is not None and spec.submodule_search_locations is not None
    directory = Path(next(iter(spec.submodule_search_locations)))
    return sorted(p.stem for p in directory.glob("[0-9][0-9][0-9][0-9]_*.py"))


async def pending_migrations(known: list[str] | None = None) -> list[str]:
    """The migrations (by default, those of migrations/) not yet applied, in order."""
    from tortoise.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(Tortoise.get_connection("default"))
    applied = {key.name for key in await recorder.applied_migrations() if key.app_label == "models"}
    return [name for name in known or known_migrations() if name not in applied]
