from __future__ import annotations

import ipaddress

from auth.addresses import allowed, client_address, parse_networks

PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)


def test_without_trusted_proxies_the_peer_is_the_client():
    assert str(client_address("198.51.100.1", "203.0.113.9", ())) == "198.51.100.1"


def test_a_trusted_proxy_gives_the_right_most_untrusted_forwarded_address():
    forwarded = "203.0.113.9, 198.51.100.7, 10.0.0.2"
    assert str(client_address("10.0.0.1", forwarded, PROXIES)) == "198.51.100.7"


def test_an_untrusted_peer_cannot_spoof_x_forwarded_for():
    assert str(client_address("198.51.100.1", "203.0.113.9", PROXIES)) == "198.51.100.1"


def test_ipv6_ranges_match():
    networks = parse_networks(["2001:db8::/32"])
    assert allowed(ipaddress.ip_address("2001:db8::1"), networks)
    assert not allowed(ipaddress.ip_address("2001:db9::1"), networks)


def test_no_ranges_allow_any_address_and_ranges_refuse_an_unknown_one():
    assert allowed(None, ())
    assert not allowed(None, parse_networks(["10.0.0.0/8"]))
