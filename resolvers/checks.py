"""Checks of the values a caller sets on a billing object; each failure names its field.

A billing object's input is a `Fields` dataclass: each field is UNCHANGED unless the caller
gives it and declares its check in its annotation, so one class serves both creation
(where the REQUIRED fields must be given) and update (where only the given fields change).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from functools import partial
from typing import Annotated, Any, ClassVar, TypeVar, get_origin, get_type_hints

from resolvers import text as strings
from resolvers.errors import BadUserInput
from resolvers.unchanged import UNCHANGED

E = TypeVar("E", bound=Enum)
Check = Callable[[Any], Any]
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


def keeping_null(check: Callable[..., Any]) -> Callable[..., Any]:
    """`check`, except that null leaves the field as it is (its default, on creation)."""

    def checking(*arguments: Any) -> Any:
        return UNCHANGED if arguments[-1] is None else check(*arguments)

    return checking


def checked(check: Callable[..., Any], field: str, *args: Any, **options: Any) -> Check:
    """The check of a `Fields` field, in its annotation: `Annotated[Any, checked(...)]`.

    Given a value, it runs `check(field, *args, value, **options)`.
    """
    return partial(check, field, *args, **options)


@dataclasses.dataclass(frozen=True)
class Fields:
    """What a caller sets on an object: each field is UNCHANGED unless given, and those
    annotated with a check are checked. The others (ids of other objects) are the use
    case's to look up."""

    REQUIRED: ClassVar[frozenset[str]] = frozenset()
    _checks: ClassVar[Mapping[str, Check]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        hints = get_type_hints(cls, include_extras=True).items()
        cls._checks = {name: h.__metadata__[0] for name, h in hints if get_origin(h) is Annotated}

    def changes(self) -> dict[str, Any]:
        """The checked value of every field given; what is left as it is is left out."""
        return self._checked(frozenset())

    def for_creation(self) -> dict[str, Any]:
        """As `changes()`; a REQUIRED field left out is refused as null is."""
        return self._checked(self.REQUIRED)

    def _checked(self, required: frozenset[str]) -> dict[str, Any]:
        values = {}
        for name, check in self._checks.items():
            value = getattr(self, name)
            if value is UNCHANGED and name in required:
                value = None
            if value is not UNCHANGED:
                values[name] = check(value)
        return {name: value for name, value in values.items() if value is not UNCHANGED}
