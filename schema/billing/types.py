"""Billing objects as GraphQL types. Nested objects are guarded by their own object."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from auth.grants import PermissionObject as Obj
from models import Aggregation, InvoiceStatus, PlanInterval, SubscriptionStatus
from models import BillableMetric as BillableMetricModel
from models import Customer as CustomerModel
from models import Event as EventModel
from models import Invoice as InvoiceModel
from models import Plan as PlanModel
from models import Subscription as SubscriptionModel
from schema.context import Info
from schema.permissions import READ, requires

for _enum in (Aggregation, InvoiceStatus, PlanInterval, SubscriptionStatus):
    strawberry.enum(_enum)


def _id(value: object) -> strawberry.ID:
    return strawberry.ID(str(value))


@strawberry.type
class Plan:
    id: strawberry.ID
    code: str
    name: str
    interval: PlanInterval
    amount_cents: int
    currency: str
    created_at: datetime

    @classmethod
    def from_model(cls, plan: PlanModel) -> Plan:
        return cls(
            id=_id(plan.id),
            code=plan.code,
            name=plan.name,
            interval=plan.interval,
            amount_cents=plan.amount_cents,
            currency=plan.currency,
            created_at=plan.created_at,
        )


@strawberry.type
class BillableMetric:
    id: strawberry.ID
    code: str
    name: str
    aggregation: Aggregation
    field_name: str | None
    created_at: datetime

    @classmethod
    def from_model(cls, metric: BillableMetricModel) -> BillableMetric:
        return cls(
            id=_id(metric.id),
            code=metric.code,
            name=metric.name,
            aggregation=metric.aggregation,
            field_name=metric.field_name,
            created_at=metric.created_at,
        )


@strawberry.type
class Subscription:
    id: strawberry.ID
    status: SubscriptionStatus
    started_at: datetime
    created_at: datetime
    customer_id: strawberry.ID
    plan_id: strawberry.ID

    @strawberry.field(extensions=requires(Obj.CUSTOMER, READ))
    async def customer(self, info: Info) -> Customer | None:
        found = await info.context.loaders.customers.load(self.customer_id)
        return Customer.from_model(found) if found else None

    @strawberry.field(extensions=requires(Obj.PLAN, READ))
    async def plan(self, info: Info) -> Plan | None:
        found = await info.context.loaders.plans.load(self.plan_id)
        return Plan.from_model(found) if found else None

    @classmethod
    def from_model(cls, subscription: SubscriptionModel) -> Subscription:
        return cls(
            id=_id(subscription.id),
            status=subscription.status,
            started_at=subscription.started_at,
            created_at=subscription.created_at,
            customer_id=_id(subscription.customer_id),
            plan_id=_id(subscription.plan_id),
        )


@strawberry.type
class Customer:
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

    @classmethod
    def from_model(cls, customer: CustomerModel) -> Customer:
        return cls(
            id=_id(customer.id),
            external_id=customer.external_id,
            name=customer.name,
            email=customer.email,
            currency=customer.currency,
            created_at=customer.created_at,
        )


@strawberry.type
class Invoice:
    id: strawberry.ID
    number: str
    status: InvoiceStatus
    total_cents: int
    currency: str
    issued_at: datetime | None
    created_at: datetime
    customer_id: strawberry.ID
    subscription_id: strawberry.ID | None

    @strawberry.field(extensions=requires(Obj.CUSTOMER, READ))
    async def customer(self, info: Info) -> Customer | None:
        found = await info.context.loaders.customers.load(self.customer_id)
        return Customer.from_model(found) if found else None

    @strawberry.field(extensions=requires(Obj.SUBSCRIPTION, READ))
    async def subscription(self, info: Info) -> Subscription | None:
        if self.subscription_id is None:
            return None
        found = await info.context.loaders.subscriptions.load(self.subscription_id)
        return Subscription.from_model(found) if found else None

    @classmethod
    def from_model(cls, invoice: InvoiceModel) -> Invoice:
        return cls(
            id=_id(invoice.id),
            number=invoice.number,
            status=invoice.status,
            total_cents=invoice.total_cents,
            currency=invoice.currency,
            issued_at=invoice.issued_at,
            created_at=invoice.created_at,
            customer_id=_id(invoice.customer_id),
            subscription_id=_id(invoice.subscription_id) if invoice.subscription_id else None,
        )


@strawberry.type
class Event:
    id: strawberry.ID
    transaction_id: str
    external_customer_id: str
    code: str
    timestamp: datetime
    properties: JSON
    created_at: datetime

    @classmethod
    def from_model(cls, event: EventModel) -> Event:
        return cls(
            id=_id(event.id),
            transaction_id=event.transaction_id,
            external_customer_id=event.external_customer_id,
            code=event.code,
            timestamp=event.timestamp,
            properties=event.properties,
            created_at=event.created_at,
        )
