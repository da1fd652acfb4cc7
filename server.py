"""The Starlette app and the command line: serve, bootstrap, migrate, worker."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path

from prometheus_client.core import Metric
from redis import Redis as SyncRedis
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from auth.bearer import Authenticator
from auth.invalidation import RedisInvalidation
from jobs import heartbeat
from jobs import state as jobs_state
from jobs.dispatch import OutboxOnly
from jobs.inline import InlineRunner
from jobs.rq_dispatch import RQDispatcher
from models import Organization, database
from resolvers.errors import DomainError
from resolvers.organization.bootstrap import bootstrap
from resolvers.services import Services
from rest.api import RestApi
from rest.leaks import LeakDoor
from schema import schema, serving
from schema.endpoint import GraphQLEndpoint, json_response
from schema.ide import GraphiQL
from settings import LOG_FORMATS, SettingError, Settings, load_settings
from telemetry import logs, metrics, multiproc, traces
from web import observe
from web.metrics import MetricsEndpoint, MetricsPortOnly, publish_every

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
        # Revalidated at each load with the ETag StaticFiles sends (a 304 when unchanged):
        # a new release shows at once, an unchanged file costs no body.
        response.headers.setdefault("Cache-Control", "no-cache")
        return response


def create_app(settings: Settings, *, manage_database: bool = True) -> Starlette:
    """The app and what it owns: its Redis client, its services (keyring, credential
    cache, limits, lastUsedAt, job dispatcher) and the background work of its lifespan."""
    redis = _redis(settings.redis_url) if settings.redis_url else None
    services = Services.for_settings(settings, redis)
    authenticator = Authenticator(settings, services.cache, services.throttle)
    app = Starlette(
        routes=_routes(
            GraphQLEndpoint(services, authenticator),
            RestApi(services, authenticator),
            _Health(redis, settings.redis_namespace),
        )
        + _operations_routes(settings),
        middleware=_middleware(settings),
        lifespan=_lifespan(services, redis, manage_database=manage_database),
    )
    app.state.services = services
    # POST /leaks: secret scanners report tokens found in public (rest/leaks.py).
    app.router.routes.extend(LeakDoor(services).routes())
    return app


def _routes(endpoint: GraphQLEndpoint, rest: RestApi, health: _Health) -> list[BaseRoute]:
    async def schema_sdl(request: Request) -> Response:
        return PlainTextResponse(schema.as_str() + "\n")

    return [
        # GET /graphql is GraphiQL, from our own files (schema/ide.py): no CDN.
        *GraphiQL().routes(),
        Route("/graphql", endpoint.handle, methods=["POST"]),
        Route("/graphql/schema.graphql", schema_sdl, methods=["GET"]),
        # /api/v1: the same use cases in Lago's REST shapes, for connectors (rest/).
        *rest.routes(),
        Route("/healthz", health.live, methods=["GET"]),
        Route("/readyz", health.ready, methods=["GET"]),
        # The browser console: static files that use only the public API (/console redirects).
        Mount("/console", app=ConsoleFiles(directory=CONSOLE_DIR, html=True)),
    ]


def _operations_routes(settings: Settings) -> list[BaseRoute]:
    """GET /metrics (web/metrics.py): off unless METRICS_TOKEN is set."""
    url = settings.redis_url if settings.metrics_token or settings.metrics_port else None
    connection = SyncRedis.from_url(url, socket_timeout=2) if url else None

    async def state() -> list[Metric]:
        return await jobs_state.gauges(settings, connection)

    endpoint = MetricsEndpoint(settings.metrics_token, state, settings.metrics_port)
    return [Route("/metrics", endpoint.handle, methods=["GET"])]


def _middleware(settings: Settings) -> list[Middleware]:
    # Outermost first: the request id and the access line cover the whole answer, CORS
    # preflights included. LOG_FORMAT=json logs every request (ACCESS_LOG does with text).
    log_requests = settings.access_log or settings.log_format == "json"
    if log_requests:
        observe.log_requests_to_stdout(settings.log_format)
    observed = Middleware(
        observe.Observe, trusted_proxies=settings.trusted_proxies, log_requests=log_requests
    )
    only_metrics = []  # METRICS_PORT serves /metrics and nothing else
    if settings.metrics_port is not None:
        only_metrics.append(Middleware(MetricsPortOnly, port=settings.metrics_port))
    return [*only_metrics, observed, *_cors(settings.cors_origins), *_compression()]


# Issue 22: static files and JSON answers gzip-compressed above a size floor (smaller ones
# gain nothing). No BREACH exposure: no ambient credential (cookie) rides along, so a
# third-party page cannot make a browser send an authenticated request to compress.
GZIP_MINIMUM_SIZE = 1024


def _compression() -> list[Middleware]:
    return [Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE)]


def _cors(origins: tuple[str, ...]) -> list[Middleware]:
    """Front ends on the listed origins may call the API with a Bearer token; the browser
    caches the preflight for ten minutes. No origin listed: the same origin only."""
    if not origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(origins),
            allow_methods=["GET", "POST", "PUT", "DELETE"],  # /api/v1 updates and deletes
            allow_headers=["Authorization", "Content-Type", "Accept"],
            # A key's limits, readable by the front end that is metered (auth/metering.py).
            expose_headers=["RateLimit", "RateLimit-Policy", "Retry-After"],
            max_age=600,
        )
    ]


class _Health:
    def __init__(self, redis: Redis | None, namespace: str = "") -> None:
        self._redis, self._namespace = redis, namespace
        self._migrated = False  # once up to date, the code's migrations stay applied
        self._migrations = database.known_migrations()

    async def live(self, request: Request) -> Response:
        return json_response({"status": "ok"})

    async def ready(self, request: Request) -> Response:
        """200 {"status": "ready"}; or 503 with `problems`, one line for each of the
        database, its migrations, Redis and the worker's heartbeats that is wrong."""
        problems = await self._database() + await self._redis_and_worker()
        if problems:
            log.warning("not ready: %s", "; ".join(problems))
            return json_response({"status": "unavailable", "problems": problems}, 503)
        return json_response({"status": "ready"})

    async def _database(self) -> list[str]:
        try:
            await database.ping()
            if self._migrated:
                return []
            pending = await database.pending_migrations(self._migrations)
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            return [f"database: unavailable ({type(error).__name__})"]
        if pending:
            return [f"migrations: {len(pending)} pending ({', '.join(pending)})"]
        self._migrated = True
        return []

    async def _redis_and_worker(self) -> list[str]:
        if self._redis is None:
            return []
        try:
            await self._redis.ping()
            stale = await heartbeat.stale_loops(self._redis, self._namespace)
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            return [f"redis: unavailable ({type(error).__name__})"]
        if stale:
            return [
                f"worker: no heartbeat within {heartbeat.STALE_AFTER:.0f} s from "
                f"{', '.join(stale)} (is `python server.py worker` running?)"
            ]
        return []


def _lifespan(
    services: Services, redis: Redis | None, *, manage_database: bool
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            await database.open_database(services.settings)
        background = _Background.start(services, redis)
        await background.listening()
        try:
            yield
        finally:
            await background.stop(services)
            if redis is not None:
                await asyncio.wait_for(redis.aclose(), timeout=5)
            if manage_database:
                await database.close_database()

    return lifespan


LISTEN_SECONDS = 2.0


@dataclass
class _Background:
    """lastUsedAt flushes; with Redis, cache invalidation across processes and RQ for
    jobs; without it, the in-process job runner."""

    tasks: list[asyncio.Task[None]]
    invalidation: RedisInvalidation | None = None

    @classmethod
    def start(cls, services: Services, redis: Redis | None) -> _Background:
        settings = services.settings
        background = cls([asyncio.create_task(services.last_used.run())])
        background.tasks.append(asyncio.create_task(services.meter.run()))
        background.tasks.append(asyncio.create_task(services.activity.run()))
        if multiproc.enabled():  # counts and pools, for the worker a scrape reaches
            background.tasks.append(asyncio.create_task(publish_every(1.0)))
        if redis is None:
            runner = InlineRunner(settings)
            services.dispatcher = runner
            background.tasks.append(asyncio.create_task(runner.run()))
            return background
        invalidation = RedisInvalidation(redis, services.cache, settings.redis_namespace)
        services.cache.on_evict = invalidation.publish
        services.dispatcher = RQDispatcher.of(settings)
        background.tasks.append(asyncio.create_task(invalidation.listen()))
        background.invalidation = invalidation
        return background

    async def listening(self) -> None:
        """Until the invalidation channel is subscribed, at most LISTEN_SECONDS (Redis down
        does not hold the start): subscribing clears the cache, which must come before the
        first request's entries, not after them (a cached key then went back to its guess
        limit)."""
        if self.invalidation is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(LISTEN_SECONDS):
                    await self.invalidation.subscribed.wait()

    async def stop(self, services: Services) -> None:
        services.dispatcher = OutboxOnly()
        services.cache.on_evict = None
        if self.invalidation is not None:
            self.invalidation.stop()
        for task in self.tasks:
            task.cancel()
        # Bounded: a client library that swallows a cancellation must not hang shutdown.
        await asyncio.wait(self.tasks, timeout=5)
        observe.flush()  # the last requests' metrics and access lines
        metrics.publish()  # the last counts, before a worker's gauges leave the sums
        multiproc.forget_this_process()


def _redis(url: str) -> Redis:
    return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def app_from_environment() -> Starlette:
    """The uvicorn factory (`server:app_from_environment`) used by every worker process."""
    traces.configure()  # off unless OTEL_EXPORTER_OTLP_ENDPOINT is set
    app = create_app(load_settings())
    # What is loaded by now (the modules, the schema) lives as long as the process: out of
    # the collector's reach, a full collection no longer stalls requests for ~100 ms.
    gc.collect()
    gc.freeze()
    return app


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
    if not asyncio.run(_has_an_organization(settings)):
        if settings.log_format == "json":  # every line JSON, this one too
            log.info(_FIRST_STEPS.format(python=_python()))
        else:
            print(_FIRST_STEPS.format(python=_python()), file=sys.stderr)
    if args.access_log:
        os.environ["ACCESS_LOG"] = "1"  # read by every worker's load_settings()
    with multiproc.directory(args.workers):  # one view of /metrics across the workers
        return serving.serve(
            args.host, args.port, args.workers, settings.log_format, settings.metrics_port
        )


_FIRST_STEPS = """No organization yet. In another terminal, create one, its admin and a first key:
  {python} server.py bootstrap --org NAME --admin-email EMAIL --admin-password PASSWORD"""


async def _has_an_organization(settings: Settings) -> bool:
    await database.open_database(settings)
    try:
        return await Organization.exists()
    finally:
        await database.close_database()


def _python() -> str:
    """How to call this interpreter from here: `.venv/bin/python` after `make serve`."""
    try:
        return str(Path(sys.executable).relative_to(Path.cwd()))
    except ValueError:
        return "python"


def _bootstrap(args: argparse.Namespace) -> int:
    settings = _settings_or_exit()

    async def run() -> dict[str, str]:
        await database.migrate(settings)
        await database.open_database(settings)
        try:
            created = await bootstrap(
                args.org, args.admin_email, args.admin_password, Services.for_settings(settings)
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


def _jobs(args: argparse.Namespace) -> int:
    """`jobs`: the outbox by status, the queue's registries and its failed jobs;
    `jobs retry-failed`: re-enqueue the failed jobs."""
    settings = _settings_or_exit()
    url = settings.redis_url
    connection = SyncRedis.from_url(url, socket_connect_timeout=2) if url else None
    if args.action == "retry-failed":
        if connection is None:
            print("jobs retry-failed needs REDIS_URL (the queue lives in Redis)", file=sys.stderr)
            return 2
        print(f"{jobs_state.retry_failed(settings, connection)} failed job(s) re-enqueued")
        return 0

    async def report() -> str:
        await database.open_database(settings)
        try:
            return await jobs_state.report(settings, connection)
        finally:
            await database.close_database()

    print(asyncio.run(report()))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="server.py", description="The API-key service.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate if needed, then serve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--access-log", action="store_true", help="one JSON line per request (ACCESS_LOG=1)"
    )
    serve.set_defaults(run=_serve)
    boot = commands.add_parser("bootstrap", help="first organization, ADMIN member and API key")
    boot.add_argument("--org", required=True)
    boot.add_argument("--admin-email", required=True)
    boot.add_argument("--admin-password", required=True)
    boot.set_defaults(run=_bootstrap)
    commands.add_parser("migrate", help="apply pending migrations").set_defaults(run=_migrate)
    commands.add_parser("worker", help="the RQ worker with its scheduler").set_defaults(run=_worker)
    jobs = commands.add_parser("jobs", help="the queue, its failed jobs and the outbox")
    jobs.add_argument("action", nargs="?", choices=["retry-failed"], help="re-enqueue failed jobs")
    jobs.set_defaults(run=_jobs)
    args = parser.parse_args(argv)
    # LOG_FORMAT as given; a malformed one is reported by the command's load_settings().
    log_format = os.environ.get("LOG_FORMAT", "text").strip().lower()
    logs.configure(log_format if log_format in LOG_FORMATS else "text")
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
