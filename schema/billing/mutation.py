from __future__ import annotations

import strawberry

from auth.grants import PermissionObject as Obj
from resolvers.billing import billable_metrics, customers, invoices, plans, subscriptions
from resolvers.billing import events as event_ingestion
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
    values_of,
)
from schema.billing.types import BillableMetric, Customer, Event, Invoice, Plan, Subscription
from schema.context import Info
from schema.permissions import WRITE, requires


@strawberry.type
class BillingMutation:
    @strawberry.mutation(extensions=requires(Obj.CUSTOMER, WRITE))
    async def create_customer(self, info: Info, input: CustomerInput) -> Customer:
        made = await customers.create_customer(info.context.caller, values_of(input))
        return Customer.from_model(made)

    @strawberry.mutation(extensions=requires(Obj.CUSTOMER, WRITE))
    async def update_customer(self, info: Info, input: UpdateCustomerInput) -> Customer:
        changed = await customers.update_customer(info.context.caller, input.id, values_of(input))
        return Customer.from_model(changed)

    @strawberry.mutation(extensions=requires(Obj.CUSTOMER, WRITE))
    async def delete_customer(self, info: Info, id: strawberry.ID) -> Customer:
        return Customer.from_model(await customers.delete_customer(info.context.caller, id))

    @strawberry.mutation(extensions=requires(Obj.PLAN, WRITE))
    async def create_plan(self, info: Info, input: PlanInput) -> Plan:
        return Plan.from_model(await plans.create_plan(info.context.caller, values_of(input)))

    @strawberry.mutation(extensions=requires(Obj.PLAN, WRITE))
    async def update_plan(self, info: Info, input: UpdatePlanInput) -> Plan:
        changed = await plans.update_plan(info.context.caller, input.id, values_of(input))
        return Plan.from_model(changed)

    @strawberry.mutation(extensions=requires(Obj.PLAN, WRITE))
    async def delete_plan(self, info: Info, id: strawberry.ID) -> Plan:
        return Plan.from_model(await plans.delete_plan(info.context.caller, id))

    @strawberry.mutation(extensions=requires(Obj.BILLABLE_METRIC, WRITE))
    async def create_billable_metric(
        self, info: Info, input: BillableMetricInput
    ) -> BillableMetric:
        made = await billable_metrics.create_billable_metric(info.context.caller, values_of(input))
        return BillableMetric.from_model(made)

    @strawberry.mutation(extensions=requires(Obj.BILLABLE_METRIC, WRITE))
    async def update_billable_metric(
        self, info: Info, input: UpdateBillableMetricInput
    ) -> BillableMetric:
        changed = await billable_metrics.update_billable_metric(
            info.context.caller, input.id, values_of(input)
        )
        return BillableMetric.from_model(changed)

    @strawberry.mutation(extensions=requires(Obj.BILLABLE_METRIC, WRITE))
    async def delete_billable_metric(self, info: Info, id: strawberry.ID) -> BillableMetric:
        removed = await billable_metrics.delete_billable_metric(info.context.caller, id)
        return BillableMetric.from_model(removed)

    @strawberry.mutation(extensions=requires(Obj.SUBSCRIPTION, WRITE))
    async def create_subscription(self, info: Info, input: SubscriptionInput) -> Subscription:
        made = await subscriptions.create_subscription(info.context.caller, values_of(input))
        return Subscription.from_model(made)

    @strawberry.mutation(extensions=requires(Obj.SUBSCRIPTION, WRITE))
    async def update_subscription(self, info: Info, input: UpdateSubscriptionInput) -> Subscription:
        changed = await subscriptions.update_subscription(
            info.context.caller, input.id, values_of(input)
        )
        return Subscription.from_model(changed)

    @strawberry.mutation(extensions=requires(Obj.SUBSCRIPTION, WRITE))
    async def delete_subscription(self, info: Info, id: strawberry.ID) -> Subscription:
        removed = await subscriptions.delete_subscription(info.context.caller, id)
        return Subscription.from_model(removed)

    @strawberry.mutation(extensions=requires(Obj.INVOICE, WRITE))
    async def create_invoice(self, info: Info, input: InvoiceInput) -> Invoice:
        return Invoice.from_model(
            await invoices.create_invoice(info.context.caller, values_of(input))
        )

    @strawberry.mutation(extensions=requires(Obj.INVOICE, WRITE))
    async def update_invoice(self, info: Info, input: UpdateInvoiceInput) -> Invoice:
        changed = await invoices.update_invoice(info.context.caller, input.id, values_of(input))
        return Invoice.from_model(changed)

    @strawberry.mutation(extensions=requires(Obj.INVOICE, WRITE))
    async def delete_invoice(self, info: Info, id: strawberry.ID) -> Invoice:
        return Invoice.from_model(await invoices.delete_invoice(info.context.caller, id))

    @strawberry.mutation(
        extensions=requires(Obj.EVENT, WRITE),
        description="Idempotent by transactionId. Does not update the key's lastUsedAt.",
    )
    async def create_event(self, info: Info, input: EventInput) -> Event:
        return Event.from_model(
            await event_ingestion.create_event(info.context.caller, values_of(input))
        )

    @strawberry.mutation(
        extensions=requires(Obj.EVENT, WRITE),
        description="At most 100 events a call; idempotent by transactionId; returns them in "
        "input order. Does not update the key's lastUsedAt.",
    )
    async def ingest_events(self, info: Info, events: list[EventInput]) -> list[Event]:
        stored = await event_ingestion.ingest_events(
            info.context.caller, [values_of(event) for event in events]
        )
        return [Event.from_model(event) for event in stored]
