"""Billing objects as GraphQL types. Nested objects are guarded by their own object."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import strawberry
from strawberry.scalars import JSON

from auth.grants import PermissionObject as Obj
from models import Aggregation, InvoiceStatus, PlanInterval, SubscriptionStatus
from schema.billing.fields import BillingType, nested
from schema.context import Info
from schema.permissions import READ, requires
from schema.types import Node

for _enum in (Aggregation, InvoiceStatus, PlanInterval, SubscriptionStatus):
    strawberry.enum(_enum)


@strawberry.type
class Plan(BillingType, Node):
    OBJECT: ClassVar[Obj] = Obj.PLAN

    id: strawberry.ID
    code: str
    name: str
    interval: PlanInterval
    amount_cents: int
    currency: str
    created_at: datetime


@strawberry.type
class BillableMetric(BillingType, Node):
    OBJECT: ClassVar[Obj] = Obj.BILLABLE_METRIC

    id: strawberry.ID
    code: str
    name: str
    aggregation: Aggregation
    field_name: str | None
    created_at: datetime


@strawberry.type
class Event(BillingType, Node):
    OBJECT: ClassVar[Obj] = Obj.EVENT

    id: strawberry.ID
    transaction_id: str
    external_customer_id: str
    code: str
    timestamp: datetime
    properties: JSON
    created_at: datetime


@strawberry.type
class Customer(BillingType, Node):
    OBJECT: ClassVar[Obj] = Obj.CUSTOMER

    id: strawberry.ID
    external_id: str
    name: str | None
    email: str | None
    currency: str | None
    created_at: datetime

    @strawberry.field(extensions=requires(Obj.SUBSCRIPTION, READ))
    async def subscriptions(self, info: Info) -> list[Subscription] | None:
        rows = await info.context.loaders.subscriptions_of_customer.load(self.id)
        return [Subscription.from_model(row) for row in rows]


@strawberry.type
class Subscription(BillingType, Node):
    OBJECT: ClassVar[Obj] = Obj.SUBSCRIPTION

    id: strawberry.ID
    external_id: str | None
    status: SubscriptionStatus
    started_at: datetime
    created_at: datetime
    customer_id: strawberry.ID
    plan_id: strawberry.ID

    customer = nested(Customer, lambda loaders: loaders.customers, "customer_id")
    plan = nested(Plan, lambda loaders: loaders.plans, "plan_id")


@strawberry.type
class Invoice(BillingType, Node):
    OBJECT: ClassVar[Obj] = Obj.INVOICE

    id: strawberry.ID
    number: str
    status: InvoiceStatus
    total_cents: int
    currency: str
    issued_at: datetime | None
    created_at: datetime
    customer_id: strawberry.ID
    subscription_id: strawberry.ID | None

    customer = nested(Customer, lambda loaders: loaders.customers, "customer_id")
    subscription = nested(Subscription, lambda loaders: loaders.subscriptions, "subscription_id")
