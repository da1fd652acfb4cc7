"""Rows as records of chosen columns, each value converted as the model's field converts
it, without building a model per row: a page of 100 keys built 100 models of 32 fields
(three JSON, a dozen times), most of them never read, and Tortoise's `values()` converts
each datetime through a regular expression and an environment lookup."""

from __future__ import annotations

import uuid
from collections import namedtuple
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, Protocol, TypeVar

from tortoise import timezone
from tortoise.fields import DatetimeField, Field, UUIDField
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.tortoise_adapter import raw_values

M = TypeVar("M", bound=Model)
Convert = Callable[[Any], Any]


class Row(Protocol):
    """A record of some of a model's columns, by their field names, and its `pk`."""

    @property
    def pk(self) -> Any: ...

    def __getattr__(self, name: str) -> Any: ...


async def rows_of(query: QuerySet[M], columns: Sequence[str]) -> list[Row]:
    """The rows `query` selects (its filters, order and limit), as `columns` records."""
    model, names = query.model, tuple(columns)
    records = await raw_values(query.values_list(*names))
    record, converts = _record(model, names), _converters(model, names)
    return [record(*[c(v) for c, v in zip(converts, found, strict=True)]) for found in records]


@cache
def _record(model: type[Model], names: tuple[str, ...]) -> Callable[..., Row]:
    pk = model._meta.pk_attr
    if pk not in names:
        raise ValueError(f"the columns of a {model.__name__} row hold its {pk}")
    base = namedtuple(f"{model.__name__}Row", names)  # type: ignore[misc]
    return type(base.__name__, (base,), {"__slots__": (), "pk": property(lambda r: getattr(r, pk))})


@cache
def _converters(model: type[Model], names: tuple[str, ...]) -> tuple[Convert, ...]:
    return tuple(_converter(model._meta.fields_map[name]) for name in names)


def _converter(field: Field[Any]) -> Convert:
    if isinstance(field, UUIDField):
        return _uuid
    if isinstance(field, DatetimeField) and _utc():
        return _utc_datetime
    return field.to_python_value


def _utc() -> bool:
    """Whether Tortoise makes every datetime aware and in UTC (settings.py says so): then
    `_utc_datetime` converts as its DatetimeField does."""
    return timezone.get_use_tz() and timezone.get_timezone() == "UTC"


def _uuid(value: Any) -> uuid.UUID | None:
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(value)


def _utc_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    at = value if isinstance(value, datetime) else datetime.fromisoformat(value)  # SQLite: text
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
