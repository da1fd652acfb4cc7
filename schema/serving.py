"""Serving the app over HTTP: uvicorn on a listening socket made here, in one process or
several, and the access log (one JSON line per request) when it is asked for.

The socket is made with IPPROTO_TCP so that every connection it accepts is sent without
delay (TCP_NODELAY): asyncio sets the option only on connections of a socket made so, and
uvicorn makes the socket it shares between `--workers` with protocol 0 (uvicorn issue 3149),
which made every keep-alive answer wait about 40 ms for the client's delayed ACK. uvicorn
picks uvloop and httptools when they are installed, asyncio and h11 otherwise.
"""

from __future__ import annotations

import logging
import socket
import sys
import time
from datetime import UTC, datetime

import orjson
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.supervisors import Multiprocess

APP = "server:app_from_environment"  # the factory every worker process imports
STARTUP_FAILURE = 3  # uvicorn's exit code for a server that never started
access_log = logging.getLogger("apikeys.access")


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port, ready to be shared with worker processes."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve(host: str, port: int, workers: int) -> int:
    """Serve `APP` until interrupted; the exit code."""
    config = uvicorn.Config(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # The app writes its own access log when asked (ACCESS_LOG, AccessLog below).
        access_log=False,
        # TRUSTED_PROXIES is the one source of trust, applied by the app itself
        # (auth/addresses.py): uvicorn must not rewrite the peer from X-Forwarded-For.
        proxy_headers=False,
    )
    try:
        sock = listening_socket(host, port)
    except OSError as error:
        print(f"cannot listen on {host}:{port}: {error.strerror or error}", file=sys.stderr)
        return 1
    logging.getLogger("uvicorn.error").info(
        "serving on http://%s:%d with %d worker(s)", host, sock.getsockname()[1], workers
    )
    with sock:
        if workers > 1:
            Multiprocess(config, sockets=[sock]).run()
            return 0
        server = uvicorn.Server(config)
        server.run(sockets=[sock])
        return 0 if server.started else STARTUP_FAILURE


class AccessLog:
    """ASGI middleware: after each HTTP request, one JSON line on the `apikeys.access` logger
    with its method, path, status, duration and peer. Never a header, a query string nor a
    body: those may carry a token or a password."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        _write_lines_to_stdout(access_log)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            access_log.info(_line(scope, status, time.perf_counter() - started))


def _line(scope: Scope, status: int, seconds: float) -> str:
    client = scope.get("client")
    entry = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "method": scope["method"],
        "path": scope["path"],
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "client": client[0] if client else None,
    }
    return orjson.dumps(entry).decode()


def _write_lines_to_stdout(logger: logging.Logger) -> None:
    """The lines as they are (each already JSON), on stdout, whatever the root logger does
    (worker processes have no handler of their own)."""
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
