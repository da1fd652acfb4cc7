from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from models import Aggregation, InvoiceStatus, PlanInterval, SubscriptionStatus


@strawberry.input
class CustomerInput:
    external_id: str
    name: str | None = None
    email: str | None = None
    currency: str | None = None


@strawberry.input
class UpdateCustomerInput:
    id: strawberry.ID
    external_id: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET


@strawberry.input
class PlanInput:
    code: str
    name: str
    currency: str
    interval: PlanInterval = PlanInterval.MONTHLY
    amount_cents: int = 0


@strawberry.input
class UpdatePlanInput:
    id: strawberry.ID
    code: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    interval: PlanInterval | None = strawberry.UNSET
    amount_cents: int | None = strawberry.UNSET


@strawberry.input
class BillableMetricInput:
    code: str
    name: str
    aggregation: Aggregation = Aggregation.COUNT
    field_name: str | None = None


@strawberry.input
class UpdateBillableMetricInput:
    id: strawberry.ID
    code: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    aggregation: Aggregation | None = strawberry.UNSET
    field_name: str | None = strawberry.UNSET


@strawberry.input
class SubscriptionInput:
    customer_id: strawberry.ID
    plan_id: strawberry.ID
    status: SubscriptionStatus = SubscriptionStatus.ACTIVE
    started_at: datetime | None = None


@strawberry.input
class UpdateSubscriptionInput:
    id: strawberry.ID
    status: SubscriptionStatus | None = strawberry.UNSET
    plan_id: strawberry.ID | None = strawberry.UNSET


@strawberry.input
class InvoiceInput:
    customer_id: strawberry.ID
    number: str
    currency: str
    subscription_id: strawberry.ID | None = None
    status: InvoiceStatus = InvoiceStatus.DRAFT
    total_cents: int = 0
    issued_at: datetime | None = None


@strawberry.input
class UpdateInvoiceInput:
    id: strawberry.ID
    status: InvoiceStatus | None = strawberry.UNSET
    total_cents: int | None = strawberry.UNSET
    issued_at: datetime | None = strawberry.UNSET


@strawberry.input
class EventInput:
    transaction_id: str
    external_customer_id: str
    code: str
    timestamp: datetime | None = None
    properties: JSON | None = None
