"""Each billing object's create input, and its update input made from it."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import get_type_hints

import strawberry
from strawberry.scalars import JSON

from models import Aggregation, InvoiceStatus, PlanInterval, SubscriptionStatus


def update_input(create: type, *names: str) -> type:
    """`Update<create's name>`: the object's `id`, then the fields `names` of its create input
    (all of them when none is named) in that order, each optional: a field left out stays
    as it is."""
    hints = get_type_hints(create)
    changed = names or tuple(field.name for field in dataclasses.fields(create))
    annotations = {"id": strawberry.ID} | {name: hints[name] | None for name in changed}
    namespace = {"__module__": __name__, "__annotations__": annotations}
    namespace |= dict.fromkeys(changed, strawberry.UNSET)
    return strawberry.input(type(f"Update{create.__name__}", (), namespace))


@strawberry.input
class CustomerInput:
    external_id: str
    name: str | None = None
    email: str | None = None
    currency: str | None = None


UpdateCustomerInput = update_input(CustomerInput)


@strawberry.input
class PlanInput:
    code: str
    name: str
    currency: str
    interval: PlanInterval = PlanInterval.MONTHLY
    amount_cents: int = 0


UpdatePlanInput = update_input(PlanInput)


@strawberry.input
class BillableMetricInput:
    code: str
    name: str
    aggregation: Aggregation = Aggregation.COUNT
    field_name: str | None = None


UpdateBillableMetricInput = update_input(BillableMetricInput)


@strawberry.input
class SubscriptionInput:
    customer_id: strawberry.ID
    plan_id: strawberry.ID
    status: SubscriptionStatus = SubscriptionStatus.ACTIVE
    started_at: datetime | None = None
    external_id: str | None = strawberry.field(
        default=None,
        description="The caller's own name for it, unique in the organization; its id if left out.",
    )


UpdateSubscriptionInput = update_input(SubscriptionInput, "status", "plan_id")


@strawberry.input
class InvoiceInput:
    customer_id: strawberry.ID
    number: str
    currency: str
    subscription_id: strawberry.ID | None = None
    status: InvoiceStatus = InvoiceStatus.DRAFT
    total_cents: int = 0
    issued_at: datetime | None = None


UpdateInvoiceInput = update_input(InvoiceInput, "status", "total_cents", "issued_at")


@strawberry.input
class EventInput:
    transaction_id: str
    external_customer_id: str
    code: str
    timestamp: datetime | None = None
    properties: JSON | None = None
