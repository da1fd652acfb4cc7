"""Numbered pages (`page`, `per_page`), the way Lago's REST lists page: offsets over the
same newest-first order as the Relay lists (resolvers/pagination.py), with the total.

`per_page` above 100 is served as 100; a page beyond the last is empty, and costs no
query but the count. Page numbers stop at 2**31 - 1, so that every client can hold them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import BadUserInput

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 2**31 - 1  # a number every client's integers hold
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class NumberedPage(Generic[M]):
    items: list[M]
    page: int
    per_page: int
    total_count: int

    @property
    def total_pages(self) -> int:
        return -(-self.total_count // self.per_page)

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.total_pages else None

    @property
    def prev_page(self) -> int | None:
        return self.page - 1 if 1 < self.page <= self.total_pages else None


async def numbered(query: QuerySet[M], page: int, per_page: int) -> NumberedPage[M]:
    """Page `page` (from 1) of `query`, newest first, `per_page` rows a page."""
    if not 1 <= page <= MAX_PAGE:
        raise BadUserInput("page", f"must be between 1 and {MAX_PAGE}")
    if per_page < 1:
        raise BadUserInput("per_page", "must be 1 or more")
    per_page = min(per_page, MAX_PER_PAGE)
    total = await query.count()
    offset = (page - 1) * per_page
    rows: list[M] = []
    if offset < total:
        rows = await query.order_by("-created_at", "-id").offset(offset).limit(per_page)
    return NumberedPage(rows, page, per_page, total)
