"""Keyset pagination on another column than created_at (issue 22: keys by last use or
expiry), forward only (`first`/`after`), nulls last in either direction, ties broken by id.

Rows are read in two steps, those with a value and then those without, because SQLite
and PostgreSQL put NULL at opposite ends: the order is the same on both. A cursor names
its column, so one made for another order is refused (BAD_USER_INPUT), never misread.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import BadUserInput
from resolvers.pagination import DEFAULT_PAGE, Page, PageRequest, check_size

M = TypeVar("M", bound=Model)
Key = tuple[datetime | None, str]  # (the column's value, id) of a row


@dataclass(frozen=True)
class Order:
    column: str  # a datetime column of the model
    descending: bool = True


@dataclass(frozen=True)
class OrderedPage(Page[M], Generic[M]):
    order: Order = Order("created_at")

    def cursor(self, item: M) -> str:
        return encode_cursor(item, self.order)

    @property
    def start_cursor(self) -> str | None:
        return encode_cursor(self.items[0], self.order) if self.items else None

    @property
    def end_cursor(self) -> str | None:
        return encode_cursor(self.items[-1], self.order) if self.items else None


def encode_cursor(item: Model, order: Order) -> str:
    value = getattr(item, order.column)
    raw = f"o|{order.column}|{value.isoformat() if value else ''}|{item.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str, order: Order) -> Key:
    try:
        tag, column, value, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        if tag != "o" or column != order.column:
            raise ValueError("a cursor of another order")
        when = datetime.fromisoformat(value) if value else None
        if when is not None and when.utcoffset() is None:
            raise ValueError("a cursor's time carries its offset")
        return (when.astimezone(UTC) if when else None), str(uuid.UUID(pk))
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
        raise BadUserInput("after", "not a cursor returned by this API for this order") from None


def _q(**lookups: Any) -> Q:
    return Q(**lookups)


def _after(key: Key, order: Order) -> Q:
    """The rows after `key` in the list."""
    value, pk = key
    column = order.column
    beyond, id_beyond = ("lt", "id__lt") if order.descending else ("gt", "id__gt")
    if value is None:
        return _q(**{f"{column}__isnull": True, id_beyond: pk})
    return (
        _q(**{f"{column}__{beyond}": value})
        | _q(**{column: value, id_beyond: pk})
        | _q(**{f"{column}__isnull": True})
    )


async def paginate_ordered(query: QuerySet[M], request: PageRequest, order: Order) -> Page[M]:
    if request.last is not None or request.before is not None:
        raise BadUserInput("orderBy", "an order other than the default pages forward only")
    size = check_size(DEFAULT_PAGE if request.first is None else request.first, "first")
    start = _decode_cursor(request.after, order) if request.after else None
    total = await query.count() if request.count else None
    window = query.filter(_after(start, order)) if start is not None else query
    sign = "-" if order.descending else ""
    valued = await (
        window.filter(**{f"{order.column}__isnull": False})
        .order_by(f"{sign}{order.column}", f"{sign}id")
        .limit(size + 1)
    )
    rows = list(valued)
    if len(rows) <= size:
        empty = window.filter(**{f"{order.column}__isnull": True}).order_by(f"{sign}id")
        rows += await empty.limit(size + 1 - len(rows))
    before_start = start is not None and await query.exclude(_after(start, order)).exists()
    return OrderedPage(rows[:size], before_start, len(rows) > size, total, order)
