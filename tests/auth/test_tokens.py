from __future__ import annotations

import zlib

import pytest

from auth.tokens import base62, digest_token, generate_token, parse_token


def test_an_api_key_has_the_documented_shape():
    token = generate_token("lk", "live")
    prefix, kind, rest = token.split("_")
    assert (prefix, kind, len(rest)) == ("lk", "live", 43 + 6)
    assert rest.isalnum()


def test_generated_tokens_parse_with_their_kind_and_display_parts():
    token = generate_token("lk", "session")
    parsed = parse_token(token, "lk")
    assert parsed is not None and parsed.kind == "session"
    assert parsed.display_prefix == token[: len("lk_session_") + 4]
    assert parsed.last_four == token[-4:]


def test_tokens_are_random():
    assert len({generate_token("lk", "live") for _ in range(200)}) == 200


def test_the_checksum_is_the_crc32_of_the_head():
    token = generate_token("lk", "test")
    assert token[-6:] == base62(zlib.crc32(token[:-6].encode()), 6)


@pytest.mark.parametrize("position", [0, 3, 8, 20, 50, -1])
def test_any_changed_character_is_refused(position):
    token = generate_token("lk", "live")
    index = position % len(token)
    swapped = "b" if token[index] != "b" else "c"
    assert parse_token(token[:index] + swapped + token[index + 1 :], "lk") is None


@pytest.mark.parametrize(
    "garbage",
    ["", "lk_live_", "Bearer x", "lk_live_" + "a" * 49 + "!", "x" * 10_000, "lk_prod_" + "a" * 49],
)
def test_malformed_tokens_are_refused(garbage):
    assert parse_token(garbage, "lk") is None


def test_another_prefix_is_refused():
    assert parse_token(generate_token("other", "live"), "lk") is None


def test_the_digest_is_keyed_by_the_pepper():
    token = generate_token("lk", "live")
    assert digest_token(b"a" * 32, token) == digest_token(b"a" * 32, token)
    assert digest_token(b"a" * 32, token) != digest_token(b"b" * 32, token)
    assert len(digest_token(b"a" * 32, token)) == 64 and token not in digest_token(b"a" * 32, token)


def test_no_object_holding_a_token_prints_it():
    """A token in a dataclass ends up in tracebacks and debuggers as its repr."""
    from auth.keyring import Keyring
    from resolvers.leaks.report import LeakReport
    from settings import Settings

    new = Keyring(Settings(pepper=b"p" * 32, sealing_keys=(("k1", b"k" * 32),))).new_secret()
    parsed = parse_token(new.token, "lk")
    assert parsed is not None
    for holder in (new, parsed, LeakReport(token=new.token)):
        shown = repr(holder) + str(holder)
        assert new.token not in shown and new.token[-12:] not in shown
    assert new.prefix in repr(new)  # the display prefix is safe to show
