"""Field validation shared by the billing objects; each failure names its field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from resolvers import text as strings
from resolvers.errors import BadUserInput

E = TypeVar("E", bound=Enum)
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(field: str, value: Any, *, required: bool = True, limit: int = 255) -> str | None:
    """One line of text: every billing string is a name or an identifier."""
    if value is None:
        if required:
            raise BadUserInput(field, "is required")
        return None
    value = strings.check_line(field, str(value).strip())
    if required and not value:
        raise BadUserInput(field, "must not be empty")
    if len(value) > limit:
        raise BadUserInput(field, f"at most {limit} characters")
    return value or None


def currency(field: str, value: Any, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        raise BadUserInput(field, "an ISO 4217 code such as EUR or USD")
    return value


def email(field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 320 or not _EMAIL.match(value):
        raise BadUserInput(field, "not an e-mail address")
    return strings.check_line(field, value).lower()


def instant(field: str, value: datetime | None) -> datetime | None:
    return None if value is None else strings.check_instant(field, value)


def cents(field: str, value: Any) -> int:
    if not isinstance(value, int) or value < 0 or value > 10**15:
        raise BadUserInput(field, "a whole number of cents, 0 or more")
    return value


def choice(field: str, kind: type[E], value: Any) -> E:
    """A value of an enum; null where a value is required names the field."""
    if value is None:
        raise BadUserInput(field, "is required")
    return kind(value)


def present(values: Mapping[str, Any], checks: Mapping[str, Any]) -> dict[str, Any]:
    """Run the check of every field given; omitted fields are left out."""
    return {name: check(values[name]) for name, check in checks.items() if name in values}
