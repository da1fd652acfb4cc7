"""DataLoaders' batches, for fields whose own permission the schema has checked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from models import Subscription
from resolvers import owned


async def load_subscriptions(organization_id: str, ids: Sequence[str]) -> list[Subscription | None]:
    return await owned.by_ids(Subscription, organization_id, ids)


async def load_subscriptions_of_customers(
    organization_id: str, customer_ids: Sequence[str]
) -> list[list[Subscription]]:
    """Each customer's subscriptions, newest first, in one query."""
    rows = await Subscription.filter(
        organization_id=organization_id, customer_id__in=list(customer_ids)
    ).order_by("-created_at", "-id")
    grouped: dict[str, list[Subscription]] = defaultdict(list)
    for row in rows:
        grouped[str(row.customer_id)].append(row)
    return [grouped[str(i)] for i in customer_ids]
