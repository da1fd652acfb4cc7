"""Where a webhook may go (SSRF): the URL when it is registered, every resolved address when
it is delivered."""

from __future__ import annotations

import ipaddress

import pytest

from jobs.webhook_addresses import UnsafeUrl, check_url, resolve


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/a?b=c",
        "https://hooks.example.com:8443/a",
        "https://93.184.216.34/hook",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
    ],
)
def test_https_to_a_public_host_is_allowed(url):
    check_url(url, allow_local=False)


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/",
        "https://127.0.0.2/",
        "https://0.0.0.0/",
        "https://192.168.1.1/",
        "https://172.16.0.1/",
        "https://100.64.0.1/",
        "https://[fe80::1]/",
        "https://[fd00::1]/",
        "https://[::ffff:10.0.0.1]/",
        "https://LOCALHOST/",
        "https://hooks.example.com/#frag",
        "https://hooks.example.com:99999/",
        "https:///nohost",
    ],
)
def test_anything_else_is_refused_in_production(url):
    with pytest.raises(UnsafeUrl):
        check_url(url, allow_local=False)


def test_local_mode_allows_http_to_loopback_only():
    check_url("http://127.0.0.1:8080/h", allow_local=True)
    check_url("http://localhost:8080/h", allow_local=True)
    check_url("https://10.0.0.1/h", allow_local=True)
    with pytest.raises(UnsafeUrl, match="https only"):
        check_url("http://hooks.example.com/h", allow_local=True)


async def test_resolving_refuses_a_name_with_a_loopback_address_in_production():
    with pytest.raises(UnsafeUrl, match="loopback"):
        await resolve("localhost", 443, allow_local=False)
    address = await resolve("localhost", 443, allow_local=True)
    assert ipaddress.ip_address(address).is_loopback


async def test_a_name_that_does_not_resolve_is_refused():
    with pytest.raises(UnsafeUrl, match="does not resolve"):
        await resolve("no-such-host.invalid", 443, allow_local=False)
