"""Property tests: the token codec, CIDR matching and grant expansion."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from auth.addresses import allowed, parse_networks
from auth.grants import Access, PermissionObject, expand
from auth.tokens import _ALPHABET, generate_token, parse_token

KINDS = st.sampled_from(["live", "test", "session"])
PREFIXES = st.from_regex(r"[a-z][a-z0-9]{0,15}", fullmatch=True)


@given(PREFIXES, KINDS)
def test_every_generated_token_parses_back(prefix, kind):
    token = generate_token(prefix, kind)
    parsed = parse_token(token, prefix)
    assert parsed is not None and parsed.kind == kind and parsed.value == token


@settings(max_examples=300)
@given(KINDS, st.data())
def test_any_one_character_change_is_refused(kind, data):
    token = generate_token("lk", kind)
    index = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from(_ALPHABET + "_-").filter(lambda c: c != token[index]))
    assert parse_token(token[:index] + replacement + token[index + 1 :], "lk") is None


@given(st.text(max_size=120))
def test_arbitrary_text_never_parses_and_never_raises(text):
    assert parse_token(text, "lk") is None


@given(st.ip_addresses(), st.integers(0, 128), st.ip_addresses())
def test_cidr_matching_agrees_with_ipaddress(network_address, prefix, candidate):
    prefix = min(prefix, network_address.max_prefixlen)
    network = ipaddress.ip_network(f"{network_address}/{prefix}", strict=False)
    (parsed,) = parse_networks([f"{network_address}/{prefix}"])
    assert parsed == network
    assert allowed(candidate, (parsed,)) == (candidate in network)


GRANTS = st.lists(
    st.tuples(st.sampled_from(list(PermissionObject)), st.sampled_from(list(Access))),
    unique_by=lambda grant: grant[0],
)


@given(GRANTS)
def test_read_write_is_read_and_write_and_nothing_else(grants):
    stored = [{"object": o.value, "access": a.value} for o, a in grants]
    expanded = expand(stored)
    for obj in PermissionObject:
        access = dict(grants).get(obj)
        assert ((obj, Access.READ) in expanded) == (access in (Access.READ, Access.READ_WRITE))
        assert ((obj, Access.WRITE) in expanded) == (access in (Access.WRITE, Access.READ_WRITE))
    assert all(access is not Access.READ_WRITE for _, access in expanded)


@given(GRANTS, GRANTS)
def test_merging_grant_lists_is_the_union_of_their_expansions(first, second):
    def stored(grants: list[tuple[PermissionObject, Access]]) -> list[dict[str, str]]:
        return [{"object": o.value, "access": a.value} for o, a in grants]

    assert expand(stored(first) + stored(second)) == expand(stored(first)) | expand(stored(second))
