from __future__ import annotations

import strawberry

from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.delete import delete_billable_metric
from resolvers.billable_metrics.update import update_billable_metric
from resolvers.customers.create import create_customer
from resolvers.customers.delete import delete_customer
from resolvers.customers.update import update_customer
from resolvers.events.create import create_event
from resolvers.events.fields import EventFields
from resolvers.events.ingest import ingest_events
from resolvers.invoices.create import create_invoice
from resolvers.invoices.delete import delete_invoice
from resolvers.invoices.update import update_invoice
from resolvers.plans.create import create_plan
from resolvers.plans.delete import delete_plan
from resolvers.plans.update import update_plan
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.delete import delete_subscription
from resolvers.subscriptions.update import update_subscription
from schema.billing.fields import creating, deleting, given, updating
from schema.billing.inputs import (
    BillableMetricInput,
    CustomerInput,
    EventInput,
    InvoiceInput,
    PlanInput,
    SubscriptionInput,
    UpdateBillableMetricInput,
    UpdateCustomerInput,
    UpdateInvoiceInput,
    UpdatePlanInput,
    UpdateSubscriptionInput,
)
from schema.billing.types import BillableMetric, Customer, Event, Invoice, Plan, Subscription
from schema.context import Info
from schema.permissions import WRITE, requires


@strawberry.type
class BillingMutation:
    """Each object's create, update and delete, grouped by verb; and the events' ingestion."""

    create_customer = creating(Customer, CustomerInput, create_customer)
    create_plan = creating(Plan, PlanInput, create_plan)
    create_billable_metric = creating(BillableMetric, BillableMetricInput, create_billable_metric)
    create_subscription = creating(Subscription, SubscriptionInput, create_subscription)
    create_invoice = creating(Invoice, InvoiceInput, create_invoice)

    update_customer = updating(Customer, UpdateCustomerInput, update_customer)
    update_plan = updating(Plan, UpdatePlanInput, update_plan)
    update_billable_metric = updating(
        BillableMetric, UpdateBillableMetricInput, update_billable_metric
    )
    update_subscription = updating(Subscription, UpdateSubscriptionInput, update_subscription)
    update_invoice = updating(Invoice, UpdateInvoiceInput, update_invoice)

    delete_customer = deleting(Customer, delete_customer)
    delete_plan = deleting(Plan, delete_plan)
    delete_billable_metric = deleting(BillableMetric, delete_billable_metric)
    delete_subscription = deleting(Subscription, delete_subscription)
    delete_invoice = deleting(Invoice, delete_invoice)

    create_event = creating(
        Event,
        EventInput,
        create_event,
        description="Idempotent by transactionId. Does not update the key's lastUsedAt.",
    )

    @strawberry.mutation(
        extensions=requires(Event.OBJECT, WRITE),
        description="At most 100 events a call; idempotent by transactionId; returns them in "
        "input order. Does not update the key's lastUsedAt.",
    )
    async def ingest_events(self, info: Info, events: list[EventInput]) -> list[Event]:
        batch = [EventFields(**given(event)) for event in events]
        stored = await ingest_events(info.context.caller, batch)
        return [Event.from_model(event) for event in stored]
