"""DataLoaders built per request, scoped to the caller's organization."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from strawberry.dataloader import DataLoader

from models import Customer, Plan, Subscription
from resolvers.billing import batches


class Loaders:
    def __init__(self, organization_id: str) -> None:
        self.customers: DataLoader[str, Customer | None] = DataLoader(
            partial(batches.by_ids, Customer, organization_id)
        )
        self.plans: DataLoader[str, Plan | None] = DataLoader(
            partial(batches.by_ids, Plan, organization_id)
        )
        self.subscriptions: DataLoader[str, Subscription | None] = DataLoader(
            partial(batches.by_ids, Subscription, organization_id)
        )
        self.subscriptions_of_customer: DataLoader[str, list[Subscription]] = DataLoader(
            partial(_subscriptions_of, organization_id)
        )


async def _subscriptions_of(
    organization_id: str, customer_ids: Sequence[str]
) -> list[list[Subscription]]:
    return await batches.subscriptions_of_customers(organization_id, customer_ids)
