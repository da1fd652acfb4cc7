"""The Starlette app and the command line: serve, bootstrap, migrate, worker."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import uvicorn
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from auth.cache import credential_cache
from auth.invalidation import RedisInvalidation
from auth.keyring import Keyring
from auth.last_used import last_used
from auth.throttle import FailureThrottle
from jobs import dispatch
from jobs.inline import InlineRunner
from jobs.rq_dispatch import RQDispatcher
from models import database
from resolvers.errors import DomainError
from resolvers.organization.bootstrap import bootstrap
from schema import schema
from schema.endpoint import GraphQLEndpoint, json_response
from settings import SettingError, Settings, load_settings

log = logging.getLogger("apikeys")
CONSOLE_DIR = Path(__file__).resolve().parent / "console"
# Headers, not meta tags: only a header can forbid framing (clickjacking).
CONSOLE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class ConsoleFiles(StaticFiles):
    """The console's static files, each with the console's security headers."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(CONSOLE_HEADERS)
        return response


def create_app(settings: Settings, *, manage_database: bool = True) -> Starlette:
    keyring = Keyring(settings)
    redis = _redis(settings.redis_url) if settings.redis_url else None

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            await database.open_database(settings)
        background = [asyncio.create_task(last_used.run())]
        invalidation = (
            RedisInvalidation(redis, credential_cache, settings.redis_namespace)
            if redis is not None
            else None
        )
        if invalidation is not None:
            credential_cache.on_evict = invalidation.publish
            background.append(asyncio.create_task(invalidation.listen()))
            dispatch.current = RQDispatcher.of(settings)
        else:
            runner = InlineRunner(settings)
            dispatch.current = runner
            background.append(asyncio.create_task(runner.run()))
        try:
            yield
        finally:
            dispatch.current = dispatch.OutboxOnly()
            credential_cache.on_evict = None
            if invalidation is not None:
                invalidation.stop()
            for task in background:
                task.cancel()
            # Bounded: a client library that swallows a cancellation must not hang shutdown.
            await asyncio.wait(background, timeout=5)
            if redis is not None:
                await asyncio.wait_for(redis.aclose(), timeout=5)
            if manage_database:
                await database.close_database()

    async def healthz(request: Request) -> Response:
        return json_response({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            await database.ping()
            if redis is not None:
                await redis.ping()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            log.warning("not ready: %s", type(error).__name__)
            return json_response({"status": "unavailable"}, 503)
        return json_response({"status": "ready"})

    async def schema_sdl(request: Request) -> Response:
        return PlainTextResponse(schema.as_str() + "\n")

    endpoint = GraphQLEndpoint(settings, keyring, FailureThrottle.for_settings(settings, redis))
    routes = [
        Route("/graphql", endpoint.handle, methods=["GET", "POST"]),
        Route("/graphql/schema.graphql", schema_sdl, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        # The browser console: static files that use only the public API (/console redirects).
        Mount("/console", app=ConsoleFiles(directory=CONSOLE_DIR, html=True)),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def _redis(url: str) -> Redis:
    return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def app_from_environment() -> Starlette:
    """The uvicorn factory (`server:app_from_environment`) used by every worker process."""
    return create_app(load_settings())


def _settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingError as error:
        print(str(error), file=sys.stderr)
        raise SystemExit(2) from None


def _serve(args: argparse.Namespace) -> int:
    settings = _settings_or_exit()
    if args.workers > 1 and not settings.redis_url:
        # Without Redis each worker evicts only its own cache: a revoked key would
        # keep working on the others until their entries expire.
        print(
            f"serve --workers {args.workers} needs REDIS_URL (revocation reaches every "
            "worker only through Redis); set it or serve with one worker",
            file=sys.stderr,
        )
        return 2
    asyncio.run(database.migrate(settings))
    uvicorn.run(
        "server:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        # TRUSTED_PROXIES is the one source of trust, applied by the app itself
        # (auth/addresses.py): uvicorn must not rewrite the peer from X-Forwarded-For.
        proxy_headers=False,
    )
    return 0


def _bootstrap(args: argparse.Namespace) -> int:
    settings = _settings_or_exit()

    async def run() -> dict[str, str]:
        await database.migrate(settings)
        await database.open_database(settings)
        try:
            created = await bootstrap(
                args.org, args.admin_email, args.admin_password, Keyring(settings)
            )
        finally:
            await database.close_database()
        return {
            "organization_id": created.organization_id,
            "member_id": created.member_id,
            "api_key_id": created.api_key_id,
            "api_key": created.api_key,
        }

    try:
        print(json.dumps(asyncio.run(run())))
    except DomainError as error:
        print(f"bootstrap refused: {error.message}", file=sys.stderr)
        return 1
    return 0


def _migrate(args: argparse.Namespace) -> int:
    asyncio.run(database.migrate(_settings_or_exit()))
    print("migrations applied", file=sys.stderr)
    return 0


def _worker(args: argparse.Namespace) -> int:
    settings = _settings_or_exit()
    if not settings.redis_url:
        print(
            "worker needs REDIS_URL (without it, serve delivers jobs in-process)", file=sys.stderr
        )
        return 2
    from jobs.worker import run_worker

    run_worker(settings)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="server.py", description="The API-key service.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate if needed, then serve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=_serve)
    boot = commands.add_parser("bootstrap", help="first organization, ADMIN member and API key")
    boot.add_argument("--org", required=True)
    boot.add_argument("--admin-email", required=True)
    boot.add_argument("--admin-password", required=True)
    boot.set_defaults(run=_bootstrap)
    commands.add_parser("migrate", help="apply pending migrations").set_defaults(run=_migrate)
    commands.add_parser("worker", help="the RQ worker with its scheduler").set_defaults(run=_worker)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
