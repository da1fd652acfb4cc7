"""What every door reads off a request: the client's address, whether the body is JSON,
and the body within its limit."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from web.requests import BodyTooLarge, client_of, is_json, read_body


async def _echo(request: Request) -> JSONResponse:
    trusted = (ipaddress.ip_network("10.0.0.0/8"),)
    try:
        size = len(await read_body(request, 10))
    except BodyTooLarge:
        size = -1
    return JSONResponse({"client": str(client_of(request, trusted)), "size": size})


async def _post(peer: str, content: bytes, headers: dict[str, str]) -> dict:
    app = Starlette(routes=[Route("/", _echo, methods=["POST"])])
    transport = httpx.ASGITransport(app=app, client=(peer, 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return (await client.post("/", content=content, headers=headers)).json()


async def test_a_trusted_proxy_forwards_the_address_and_others_do_not():
    forwarded = {"X-Forwarded-For": "198.51.100.9"}
    assert (await _post("10.0.0.1", b"", forwarded))["client"] == "198.51.100.9"
    assert (await _post("203.0.113.7", b"", forwarded))["client"] == "203.0.113.7"


async def test_a_body_over_the_limit_is_refused_as_declared_or_as_it_arrives():
    assert (await _post("10.0.0.1", b"x" * 10, {}))["size"] == 10
    assert (await _post("10.0.0.1", b"x" * 11, {}))["size"] == -1

    async def chunks():
        for _ in range(3):
            yield b"xxxx"

    app = Starlette(routes=[Route("/", _echo, methods=["POST"])])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        assert (await client.post("/", content=chunks())).json()["size"] == -1


@pytest.mark.parametrize(
    ("content_type", "json"),
    [
        ("application/json", True),
        ("Application/JSON; charset=utf-8", True),
        ("text/plain", False),
        (None, False),
        ("application/jsonx", False),
    ],
)
def test_is_json(content_type, json):
    assert is_json(content_type) is json
