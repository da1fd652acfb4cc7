"""Property tests: the token codec, CIDR matching, grant expansion, and the checks
of what a request carries (NUL, line breaks, instants, JSON, cursors, mail subjects)."""

from __future__ import annotations

import base64
import ipaddress
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from typing import Any

import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from auth.addresses import allowed, parse_networks
from auth.grants import Access, PermissionObject, expand
from auth.tokens import _ALPHABET, generate_token, parse_token
from jobs.outbox import compose
from models import ApiKey, NotificationKind, Organization
from resolvers import text
from resolvers.errors import BadUserInput
from resolvers.pagination import _decode_cursor

KINDS = st.sampled_from(["live", "test", "session"])
PREFIXES = st.from_regex(r"[a-z][a-z0-9]{0,15}", fullmatch=True)


@given(PREFIXES, KINDS)
def test_every_generated_token_parses_back(prefix, kind):
    token = generate_token(prefix, kind)
    parsed = parse_token(token, prefix)
    assert parsed is not None and parsed.kind == kind and parsed.value == token


SYMBOLS = _ALPHABET + "_-"


@settings(max_examples=300)
@given(KINDS, st.data())
def test_any_one_character_change_is_refused(kind, data):
    token = generate_token("lk", kind)
    # Drawn without looking at the (random) token, so Hypothesis replays the same draws.
    index = data.draw(st.integers(0, len(token) - 1))
    shift = data.draw(st.integers(1, len(SYMBOLS) - 1))
    replacement = SYMBOLS[(SYMBOLS.index(token[index]) + shift) % len(SYMBOLS)]
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


# Text that often holds what breaks storage or a header: NUL, CR, LF, tab, C0 and C1
# controls, the Unicode line separators; otherwise any character a request can carry
# (lone surrogates are refused before: by the JSON decoder and the GraphQL lexer).
HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from("\x00\r\n\t\x07\x0b\x1b\x85\u2028\u2029"), st.characters(codec="utf-8")
    ),
    max_size=40,
)
BREAKING = {"Cc", "Zl", "Zp"}


def _breaking(value: str, allowed_chars: str = "") -> bool:
    return any(unicodedata.category(c) in BREAKING and c not in allowed_chars for c in value)


@given(HOSTILE)
def test_a_line_is_refused_exactly_when_it_holds_a_nul_or_a_control_character(value):
    try:
        assert text.check_line("name", value) == value
    except BadUserInput as refused:
        assert refused.extensions == {"field": "name"}
        assert _breaking(value)
    else:
        assert not _breaking(value)


@given(HOSTILE)
def test_a_paragraph_allows_a_tab_and_nothing_else_that_breaks_a_line(value):
    try:
        text.check_paragraph("description", value)
    except BadUserInput as refused:
        assert refused.extensions == {"field": "description"}
        assert _breaking(value, allowed_chars="\t")
    else:
        assert not _breaking(value, allowed_chars="\t")


OFFSETS = st.timedeltas(
    min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59)
)
INSTANTS = st.datetimes(
    min_value=datetime.min,
    max_value=datetime.max,
    timezones=st.one_of(st.none(), OFFSETS.map(timezone), st.just(UTC)),
)


@given(INSTANTS)
@example(datetime.fromisoformat("9999-12-31T23:59:59-14:00"))
@example(datetime.fromisoformat("0001-01-01T00:00:00+14:00"))
def test_an_instant_is_the_same_moment_in_utc_or_bad_user_input(value):
    try:
        in_utc = text.check_instant("expiresAt", value)
    except BadUserInput as refused:
        assert refused.extensions == {"field": "expiresAt"}
        if value.tzinfo is not None:
            with pytest.raises(OverflowError):
                value.astimezone(UTC)
    else:
        assert in_utc.tzinfo is UTC and in_utc == value


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    HOSTILE,
)
JSON = st.one_of(
    st.recursive(
        JSON_LEAVES,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE, inner, max_size=3),
        max_leaves=20,
    ),
    st.integers(0, 300).map(lambda depth: _nested(depth)),
)


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"a": value} if depth % 2 else [value]
    return value


@given(JSON)
def test_json_that_is_accepted_is_stored_by_any_database(value):
    try:
        checked = text.check_json("properties", value)
    except BadUserInput as refused:
        assert refused.extensions == {"field": "properties"}
        return
    stored = orjson.dumps(checked)  # what the JSON field writes; it refuses >255 levels
    assert b"\\u0000" not in stored and b"\x00" not in stored


@given(st.one_of(st.binary(max_size=80).map(base64.urlsafe_b64encode).map(bytes.decode), HOSTILE))
@example(
    base64.urlsafe_b64encode(
        b"9999-12-31T23:59:59-14:00|00000000-0000-0000-0000-000000000000"
    ).decode()
)
@example(
    base64.urlsafe_b64encode(b"2020-01-01T00:00:00|00000000-0000-0000-0000-000000000000").decode()
)
@example(base64.urlsafe_b64encode(b"2020-01-01T00:00:00+00:00|x\x00").decode())
def test_a_cursor_is_an_aware_instant_and_a_uuid_or_bad_user_input(cursor):
    try:
        created, pk = _decode_cursor(cursor)
    except BadUserInput as refused:
        assert refused.extensions == {"field": "after"}
    else:
        assert created.tzinfo is UTC and len(pk) == 36


@settings(max_examples=200)
@given(HOSTILE, HOSTILE, st.sampled_from(list(NotificationKind)))
def test_a_subject_is_one_header_line_whatever_the_stored_names(org_name, key_name, kind):
    organization = Organization(name=org_name)
    key = ApiKey(name=key_name, prefix="lk_live_abcd", organization_id=organization.id)
    subject, body = compose(kind, organization, key, f"API key {key_name}", datetime.now(UTC), "")
    assert not _breaking(subject)
    assert len(body.splitlines()) == 7  # no name adds or forges a line
    message = EmailMessage()
    message["Subject"] = subject  # raised on a line break, and the row ended FAILED
    assert message["Subject"] == subject
