"""The client's address, and whether it falls inside a key's allowed ranges."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from settings import IPNetwork

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


# Requests come mostly from the same few peers (a balancer, a connector): each is parsed
# once, not once a request; bounded, as forwarded hops come from anyone.
@lru_cache(maxsize=1024)
def _address(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _inside(address: IPAddress, networks: Iterable[IPNetwork]) -> bool:
    return any(address in network for network in networks)


def client_address(
    peer: str | None, forwarded_for: str | None, trusted: tuple[IPNetwork, ...]
) -> IPAddress | None:
    """The socket peer; when the peer is a trusted proxy, the right-most
    X-Forwarded-For address that is not one."""
    address = _address(peer) if peer else None
    if address is None or not trusted or not _inside(address, trusted):
        return address
    for hop in reversed((forwarded_for or "").split(",")):
        hop_address = _address(hop)
        if hop_address is None:
            return address
        if not _inside(hop_address, trusted):
            return hop_address
    return address


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """CIDRs as networks; raises ValueError naming the bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{value!r} is not a CIDR range") from None
    return tuple(networks)


def allowed(address: IPAddress | None, networks: tuple[IPNetwork, ...]) -> bool:
    if not networks:
        return True
    return address is not None and _inside(address, networks)
