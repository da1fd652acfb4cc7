"""The serving glue in process: the listening socket's connections go without delay on
the pure-Python event loop too, and the access log's lines."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import socket

import httpx
import pytest

from schema.serving import access_log, listening_socket
from server import create_app
from settings import SettingError, load_settings


def test_connections_accepted_on_the_listening_socket_have_tcp_nodelay():
    """asyncio (not only uvloop) sets TCP_NODELAY on what a socket made with IPPROTO_TCP
    accepts: uvicorn's own multi-worker socket (protocol 0) left Nagle's algorithm on."""
    options: list[int] = []

    async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        options.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    sock = listening_socket("127.0.0.1", 0)
    loop = asyncio.new_event_loop()  # the standard loop, whatever the suite runs on
    try:
        server = loop.run_until_complete(asyncio.start_server(accepted, sock=sock))
        port = sock.getsockname()[1]
        reader, writer = loop.run_until_complete(asyncio.open_connection("127.0.0.1", port))
        loop.run_until_complete(reader.read())
        writer.close()
        server.close()
        loop.run_until_complete(server.wait_closed())
    finally:
        loop.close()
    assert options and options[0] != 0


def test_the_listening_socket_refuses_a_port_in_use():
    with listening_socket("127.0.0.1", 0) as held:
        held.listen()
        with pytest.raises(OSError):
            listening_socket("127.0.0.1", held.getsockname()[1])


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


async def test_the_access_log_names_the_request_and_never_its_credentials(settings, org):
    app = create_app(dataclasses.replace(settings, access_log=True), manage_database=False)
    lines = _Lines()
    access_log.addHandler(lines)
    try:
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answer = await client.post(
                "/graphql?token=x",
                json={"query": "{ viewer { fullAccess } }"},
                headers={"Authorization": f"Bearer {org.key}"},
            )
            await client.get("/healthz")
    finally:
        access_log.removeHandler(lines)
    assert answer.status_code == 200
    posted, health = (json.loads(line) for line in lines.lines)
    assert {k: posted[k] for k in ("method", "path", "status", "client")} == {
        "method": "POST",
        "path": "/graphql",
        "status": 200,
        "client": "203.0.113.9",
    }
    assert health["path"] == "/healthz" and isinstance(posted["duration_ms"], float)
    assert not any(org.key in line or "token" in line for line in lines.lines)


async def test_no_access_log_unless_asked(settings):
    lines = _Lines()
    access_log.addHandler(lines)
    try:
        transport = httpx.ASGITransport(app=create_app(settings, manage_database=False))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            await client.get("/healthz")
    finally:
        access_log.removeHandler(lines)
    assert lines.lines == []


@pytest.mark.parametrize(("value", "on"), [("", False), ("0", False), ("1", True), ("true", True)])
def test_the_access_log_setting(value, on):
    environ = {"DATABASE_URL": "sqlite://:memory:", "ACCESS_LOG": value}
    assert load_settings(environ).access_log is on


def test_a_malformed_access_log_setting_is_named():
    with pytest.raises(SettingError, match="ACCESS_LOG"):
        load_settings({"DATABASE_URL": "sqlite://:memory:", "ACCESS_LOG": "maybe"})
