"""The token format: `<prefix>_<kind>_<base62 body><base62 CRC32>`.

`kind` is `live` or `test` for API keys, `session` for member sessions, `invite` for
invitations and `reset` for password resets (both e-mailed). The
checksum lets the server (and secret scanners) refuse a typo offline, before
any database access.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Literal

TokenKind = Literal["live", "test", "session", "invite", "reset"]

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BODY_BYTES = 32
_BODY_CHARS = 43  # 62**43 > 256**32
_CHECK_CHARS = 6  # 62**6 > 2**32
_TOKEN_RE = re.compile(
    rf"^(?P<prefix>[a-z][a-z0-9]{{0,15}})_(?P<kind>live|test|session|invite|reset)_"
    rf"(?P<body>[0-9A-Za-z]{{{_BODY_CHARS}}})(?P<check>[0-9A-Za-z]{{{_CHECK_CHARS}}})$"
)
DISPLAY_BODY_CHARS = 4


@dataclass(frozen=True)
class ParsedToken:
    prefix: str
    kind: TokenKind
    value: str = field(repr=False)  # the whole token

    @property
    def display_prefix(self) -> str:
        """Safe to show: e.g. `lk_live_3Fq9`."""
        return self.value[: len(self.prefix) + len(self.kind) + 2 + DISPLAY_BODY_CHARS]

    @property
    def last_four(self) -> str:
        return self.value[-4:]


def base62(number: int, width: int) -> str:
    chars = []
    while number:
        number, digit = divmod(number, 62)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars)).rjust(width, "0")


def _checksum(head: str) -> str:
    return base62(zlib.crc32(head.encode()), _CHECK_CHARS)


def generate_token(prefix: str, kind: TokenKind) -> str:
    body = base62(int.from_bytes(secrets.token_bytes(_BODY_BYTES), "big"), _BODY_CHARS)
    head = f"{prefix}_{kind}_{body}"
    return head + _checksum(head)


def parse_token(token: str, prefix: str) -> ParsedToken | None:
    """The token if its shape, prefix and checksum are right; None otherwise."""
    match = _TOKEN_RE.match(token)
    if match is None or match["prefix"] != prefix:
        return None
    head = token[:-_CHECK_CHARS]
    if not hmac.compare_digest(_checksum(head), match["check"]):
        return None
    kind: TokenKind = match["kind"]  # type: ignore[assignment]
    return ParsedToken(prefix=prefix, kind=kind, value=token)


def digest_token(pepper: bytes, token: str) -> str:
    """HMAC-SHA256 with the server's pepper: the only form a token is looked up by."""
    return hmac.new(pepper, token.encode(), hashlib.sha256).hexdigest()
