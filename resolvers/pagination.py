"""Keyset pagination, newest first, on (created_at, id): Relay's cursor connections.

`first` (with `after`) pages forward, towards older rows; `last` (with `before`) pages
backward, towards newer ones; `after` and `before` together bound the window on both sides.
One of `first` and `last` at a time (both is BAD_USER_INPUT naming `last`); neither is a
forward page of 20.

The flags follow the Relay Cursor Connections spec, computed honestly: the side a page
runs towards is one row fetched beyond the page (`first + 1` or `last + 1`); the side it
starts from is checked when a cursor is given there, with one EXISTS query for a row at
or beyond the cursor (`after` for hasPreviousPage, `before` for hasNextPage). Without a
cursor on that side the page starts at the end of the list, and the flag is false.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.columns import Row, rows_of
from resolvers.errors import BadUserInput

DEFAULT_PAGE = 20
MAX_PAGE = 100
M = TypeVar("M", bound=Model)
Key = tuple[datetime, str]  # (created_at, id) of a row


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]  # models; or Rows of the columns asked for (`paginate`'s `columns`)
    has_previous_page: bool
    has_next_page: bool
    total_count: int | None  # None when the caller did not ask for it (no COUNT ran)

    def cursor(self, item: M) -> str:
        return encode_cursor(item)

    @property
    def start_cursor(self) -> str | None:
        return encode_cursor(self.items[0]) if self.items else None

    @property
    def end_cursor(self) -> str | None:
        return encode_cursor(self.items[-1]) if self.items else None


def encode_cursor(item: Model | Row) -> str:
    raw = f"{item.created_at.isoformat()}|{item.pk}"  # type: ignore[union-attr]
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str, field: str = "after") -> Key:
    """Strictly what encode_cursor makes: a forged one must never reach the database."""
    try:
        created, _, pk = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return _aware(datetime.fromisoformat(created)).astimezone(UTC), str(uuid.UUID(pk))
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
        raise BadUserInput(field, "not a cursor returned by this API") from None


def _aware(value: datetime) -> datetime:
    if value.utcoffset() is None:
        raise ValueError("a cursor's time carries its offset")
    return value


def check_size(size: int, field: str) -> int:
    if not 0 <= size <= MAX_PAGE:
        raise BadUserInput(field, f"must be between 0 and {MAX_PAGE}")
    return size


def _size(first: int | None, last: int | None) -> tuple[int, bool]:
    """(how many rows, whether backward) of a page."""
    if first is not None and last is not None:
        raise BadUserInput("last", "give first or last, not both")
    if last is not None:
        return check_size(last, "last"), True
    return check_size(DEFAULT_PAGE if first is None else first, "first"), False


def _older(key: Key) -> Q:
    """The rows after `key` in the list (newest first)."""
    created, pk = key
    return Q(created_at__lt=created) | Q(created_at=created, id__lt=pk)


def _newer(key: Key) -> Q:
    """The rows before `key` in the list."""
    created, pk = key
    return Q(created_at__gt=created) | Q(created_at=created, id__gt=pk)


def _at_or_older(key: Key) -> Q:
    created, pk = key
    return Q(created_at__lt=created) | Q(created_at=created, id__lte=pk)


def _at_or_newer(key: Key) -> Q:
    created, pk = key
    return Q(created_at__gt=created) | Q(created_at=created, id__gte=pk)


@dataclass(frozen=True)
class PageRequest:
    """What a client asks of a list: Relay's `first`/`after` or `last`/`before`, and whether
    it wants `totalCount` (one COUNT, left out when it does not)."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None
    count: bool = True
    # Only these columns, read into Rows rather than models (`created_at` and the key
    # for the cursors are added); None: whole models.
    columns: Sequence[str] | None = None


async def paginate(query: QuerySet[M], request: PageRequest) -> Page[M]:
    """A page of `query`, newest first: models, or Rows of `request.columns`."""
    size, backward = _size(request.first, request.last)
    start = _decode_cursor(request.after, "after") if request.after else None
    end = _decode_cursor(request.before, "before") if request.before else None
    total = await query.count() if request.count else None
    window = query
    if start is not None:
        window = window.filter(_older(start))
    if end is not None:
        window = window.filter(_newer(end))
    columns = _with_key(query, request.columns)
    if backward:
        return await _backward(query, window, size, end, total, columns)
    return await _forward(query, window, size, start, total, columns)


def _with_key(query: QuerySet[M], columns: Sequence[str] | None) -> tuple[str, ...] | None:
    if columns is None:
        return None
    key = ("created_at", query.model._meta.pk_attr)
    return (*key, *(column for column in dict.fromkeys(columns) if column not in key))


async def _rows(ordered: QuerySet[M], columns: tuple[str, ...] | None) -> list[M]:
    if columns is None:
        return await ordered
    return await rows_of(ordered, columns)  # type: ignore[return-value]  # Rows for models


async def _forward(
    query: QuerySet[M],
    window: QuerySet[M],
    size: int,
    start: Key | None,
    total: int | None,
    columns: tuple[str, ...] | None,
) -> Page[M]:
    """The first `size` rows of the window; before it, whatever is at or before `after`."""
    rows = await _rows(window.order_by("-created_at", "-id").limit(size + 1), columns)
    before_start = start is not None and await query.filter(_at_or_newer(start)).exists()
    return Page(rows[:size], before_start, len(rows) > size, total)


async def _backward(
    query: QuerySet[M],
    window: QuerySet[M],
    size: int,
    end: Key | None,
    total: int | None,
    columns: tuple[str, ...] | None,
) -> Page[M]:
    """The last `size` rows of the window; after it, whatever is at or after `before`."""
    rows = await _rows(window.order_by("created_at", "id").limit(size + 1), columns)
    after_end = end is not None and await query.filter(_at_or_older(end)).exists()
    return Page(rows[:size][::-1], len(rows) > size, after_end, total)
