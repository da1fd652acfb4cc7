"""What every door reads off a request before anything else: the client's address (with
TRUSTED_PROXIES), whether the body is JSON, and the body, at most a limit (1 MB)."""

from __future__ import annotations

from starlette.requests import ClientDisconnect, Request

from auth.addresses import IPAddress, client_address
from settings import IPNetwork

MAX_BODY_BYTES = 1_000_000
JSON = "application/json"


class BodyTooLarge(Exception):
    """The body is over the limit (as declared, or as it arrives)."""


class ClientGone(Exception):
    """The client went away before the body was read."""


# The scope's (trusted proxies, client address), left by web/observe.py, which reads it first.
CLIENT = "apikeys.client"


def client_of(request: Request, trusted_proxies: tuple[IPNetwork, ...]) -> IPAddress | None:
    """The socket peer, or, from a trusted proxy, the address it forwards for (several
    X-Forwarded-For lines read as one list, in order)."""
    known = request.scope.get(CLIENT)
    if known is not None and known[0] == trusted_proxies:
        address: IPAddress | None = known[1]
        return address
    peer = request.client.host if request.client else None
    forwarded = ",".join(request.headers.getlist("x-forwarded-for")) or None
    return client_address(peer, forwarded, trusted_proxies)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it is known to be over `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
    except ClientDisconnect:
        raise ClientGone from None
    return b"".join(chunks)


def media_type(value: str) -> str:
    """`application/json; charset=utf-8` is `application/json`."""
    return value.split(";", 1)[0].strip().lower()


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type is application/json (parameters such as charset allowed)."""
    return content_type is not None and media_type(content_type) == JSON
