"""Batch reads for per-request DataLoaders: one query per level, not per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from tortoise.models import Model

from models import Subscription

M = TypeVar("M", bound=Model)


async def by_ids(model: type[M], organization_id: str, ids: Sequence[str]) -> list[M | None]:
    rows = await model.filter(organization_id=organization_id, id__in=list(ids))
    found = {str(row.pk): row for row in rows}
    return [found.get(str(i)) for i in ids]


async def subscriptions_of_customers(
    organization_id: str, customer_ids: Sequence[str]
) -> list[list[Subscription]]:
    rows = await Subscription.filter(
        organization_id=organization_id, customer_id__in=list(customer_ids)
    ).order_by("-created_at", "-id")
    grouped: dict[str, list[Subscription]] = defaultdict(list)
    for row in rows:
        grouped[str(row.customer_id)].append(row)
    return [grouped[str(i)] for i in customer_ids]
