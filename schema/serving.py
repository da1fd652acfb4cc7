"""Serving the app over HTTP: uvicorn on a listening socket made here, in one process or
several. (The access log, one JSON line per request, is web/observe.py.)

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

import uvicorn
from uvicorn.supervisors import Multiprocess

from telemetry import logs
from web.observe import access_log

APP = "server:app_from_environment"  # the factory every worker process imports
STARTUP_FAILURE = 3  # uvicorn's exit code for a server that never started
# SIGTERM: stop accepting, let the requests in flight finish (at most this long), then
# the lifespan's end flushes lastUsedAt and closes the database.
GRACEFUL_SECONDS = 20
__all__ = ["access_log", "listening_socket", "serve"]


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


def serve(
    host: str, port: int, workers: int, log_format: str = "text", metrics_port: int | None = None
) -> int:
    """Serve `APP` until interrupted; the exit code. With `metrics_port`, the workers also
    listen there, where the app answers GET /metrics only (web/metrics.py)."""
    config = uvicorn.Config(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
        # LOG_FORMAT=json: uvicorn's lines and the app's, one JSON object each.
        log_config=logs.uvicorn_config(log_format) or uvicorn.config.LOGGING_CONFIG,
        # The app writes its own access log when asked (ACCESS_LOG, web/observe.py).
        access_log=False,
        # TRUSTED_PROXIES is the one source of trust, applied by the app itself
        # (auth/addresses.py): uvicorn must not rewrite the peer from X-Forwarded-For.
        proxy_headers=False,
    )
    sockets = []
    for listened in (port, metrics_port):
        if listened is None:
            continue
        try:
            sockets.append(listening_socket(host, listened))
        except OSError as error:
            print(f"cannot listen on {host}:{listened}: {error.strerror or error}", file=sys.stderr)
            for sock in sockets:
                sock.close()
            return 1
    logging.getLogger("uvicorn.error").info(
        "serving on http://%s:%d with %d worker(s)", host, sockets[0].getsockname()[1], workers
    )
    if metrics_port is not None:
        logging.getLogger("uvicorn.error").info(
            "metrics on http://%s:%d/metrics", host, sockets[1].getsockname()[1]
        )
    try:
        if workers > 1:
            Multiprocess(config, sockets=sockets).run()
            return 0
        server = uvicorn.Server(config)
        server.run(sockets=sockets)
        return 0 if server.started else STARTUP_FAILURE
    finally:
        for sock in sockets:
            sock.close()
