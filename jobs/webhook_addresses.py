"""Where a webhook may be sent (SSRF): https to a public address; http and loopback or
private addresses only when WEBHOOK_ALLOW_LOCAL is set (development, tests).

The URL is checked when an endpoint is registered, and its host resolved and every address
checked again at each delivery, which then connects to the address it checked (a name that
resolves to a public address when registered and to 127.0.0.1 later is refused).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeUrl(ValueError):
    """A URL a webhook must not be sent to; the message says why (never the URL's query)."""


def check_url(url: str, *, allow_local: bool) -> None:
    """Refuse what no delivery could be made to: raises UnsafeUrl."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"at most {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError as error:
        raise UnsafeUrl("not a URL") from error
    if not host or parts.scheme not in ("https", "http"):
        raise UnsafeUrl("an https:// URL with a host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("no user name or password in the URL")
    if parts.fragment:
        raise UnsafeUrl("no #fragment")
    local = host.lower() in _LOCAL_NAMES or _is_local_literal(host)
    if parts.scheme == "http" and not (allow_local and local):
        raise UnsafeUrl("https only (http is for localhost in development)")
    if local and not allow_local:
        raise UnsafeUrl("not a loopback, private or link-local address")


def _is_local_literal(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not _public(address)


def _public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _public(address.ipv4_mapped)
    return address.is_global and not address.is_multicast


async def resolve(host: str, port: int, *, allow_local: bool) -> Address:
    """The address to connect to: every address of the name must be allowed."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise UnsafeUrl(f"the host does not resolve ({type(error).__name__})") from error
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise UnsafeUrl("the host has no address")
    if not allow_local and not all(_public(a) for a in addresses):
        raise UnsafeUrl("the host resolves to a loopback, private or link-local address")
    return addresses[0]
