"""DataLoaders built per request, scoped to the caller's organization."""

from __future__ import annotations

from functools import partial

from strawberry.dataloader import DataLoader

from models import Customer, Plan, Subscription
from resolvers.customers.load import load_customers
from resolvers.organization.load import load_max_key_age_days
from resolvers.plans.load import load_plans
from resolvers.subscriptions.load import load_subscriptions, load_subscriptions_of_customers


class Loaders:
    def __init__(self, organization_id: str) -> None:
        self.customers: DataLoader[str, Customer | None] = DataLoader(
            partial(load_customers, organization_id)
        )
        self.plans: DataLoader[str, Plan | None] = DataLoader(partial(load_plans, organization_id))
        self.subscriptions: DataLoader[str, Subscription | None] = DataLoader(
            partial(load_subscriptions, organization_id)
        )
        self.subscriptions_of_customer: DataLoader[str, list[Subscription]] = DataLoader(
            partial(load_subscriptions_of_customers, organization_id)
        )
        # Rotation policy: the organization's maxKeyAgeDays, read once per request.
        self.max_key_age_days: DataLoader[str, int | None] = DataLoader(load_max_key_age_days)
