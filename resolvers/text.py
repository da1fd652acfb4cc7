"""Checks of the values a request carries as text: strings, JSON and ISO 8601 instants.

Each failure is BAD_USER_INPUT naming the field, never a database error: PostgreSQL
cannot store NUL, and a line break in a name would break the header of a mail.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from resolvers.errors import BadUserInput

# Control characters, and the two separators Python's str.splitlines() also breaks on.
_BREAKING = frozenset({"Cc", "Zl", "Zp"})
MAX_JSON_DEPTH = 32
_INT64 = range(-(2**63), 2**63)


def refuse_nul(field: str, value: str) -> str:
    if "\x00" in value:
        raise BadUserInput(field, "must not contain a NUL character")
    return value


def check_line(field: str, value: str) -> str:
    """One line: a name or an identifier. No control character at all."""
    if any(_breaks(char) for char in refuse_nul(field, value)):
        raise BadUserInput(field, "must not contain line breaks or control characters")
    return value


def check_paragraph(field: str, value: str) -> str:
    """Free text such as a description: tabs are fine, line breaks are not."""
    if any(char != "\t" and _breaks(char) for char in refuse_nul(field, value)):
        raise BadUserInput(field, "must not contain line breaks or control characters")
    return value


def _breaks(char: str) -> bool:
    return unicodedata.category(char) in _BREAKING


def check_instant(field: str, value: datetime) -> datetime:
    """The instant in UTC; a naive one, or one UTC cannot represent, names the field."""
    if value.utcoffset() is None:
        raise BadUserInput(field, "must carry a UTC offset, such as 2030-01-01T00:00:00Z")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise BadUserInput(field, "must fall between the years 1 and 9999 in UTC") from None


def check_json(field: str, value: Any) -> Any:
    """A JSON value any database stores: no NUL, 64-bit integers, finite, not too deep."""
    for depth, item in _walk(value, 0):
        if depth > MAX_JSON_DEPTH:
            raise BadUserInput(field, f"nested at most {MAX_JSON_DEPTH} levels deep")
        if isinstance(item, str):
            refuse_nul(field, item)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int) and item not in _INT64:
            raise BadUserInput(field, "integers must fit in 64 bits")
        elif isinstance(item, float) and not math.isfinite(item):
            raise BadUserInput(field, "numbers must be finite")
    return value


def _walk(value: Any, depth: int) -> Iterator[tuple[int, Any]]:
    """Every key and value with its depth, parents first; stops below the limit."""
    yield depth, value
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield depth + 1, key
            yield from _walk(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
