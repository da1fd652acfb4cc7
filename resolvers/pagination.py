"""Keyset pagination, newest first, on (created_at, id)."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import BadUserInput

MAX_PAGE = 100
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    has_next_page: bool
    total_count: int

    def cursor(self, item: M) -> str:
        return encode_cursor(item)

    @property
    def end_cursor(self) -> str | None:
        return encode_cursor(self.items[-1]) if self.items else None


def encode_cursor(item: Model) -> str:
    raw = f"{item.created_at.isoformat()}|{item.pk}"  # type: ignore[attr-defined]
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    """Strictly what encode_cursor makes: a forged one must never reach the database."""
    try:
        created, _, pk = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return _aware(datetime.fromisoformat(created)).astimezone(UTC), str(uuid.UUID(pk))
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
        raise BadUserInput("after", "not a cursor returned by this API") from None


def _aware(value: datetime) -> datetime:
    if value.utcoffset() is None:
        raise ValueError("a cursor's time carries its offset")
    return value


def check_first(first: int) -> int:
    if not 0 <= first <= MAX_PAGE:
        raise BadUserInput("first", f"must be between 0 and {MAX_PAGE}")
    return first


async def paginate(query: QuerySet[M], first: int, after: str | None) -> Page[M]:
    check_first(first)
    total = await query.count()
    if after:
        created, pk = _decode_cursor(after)
        query = query.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=pk))
    rows = await query.order_by("-created_at", "-id").limit(first + 1)
    return Page(items=rows[:first], has_next_page=len(rows) > first, total_count=total)
