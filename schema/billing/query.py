from __future__ import annotations

import strawberry

from auth.grants import PermissionObject as Obj
from models import BillableMetric as BillableMetricModel
from models import Customer as CustomerModel
from models import Event as EventModel
from models import Invoice as InvoiceModel
from models import Plan as PlanModel
from models import Subscription as SubscriptionModel
from resolvers.billing import records
from schema.billing.types import BillableMetric, Customer, Event, Invoice, Plan, Subscription
from schema.context import Info
from schema.permissions import READ, requires
from schema.types import Connection, connection
from schema.types import page_size as _first


@strawberry.type
class BillingQuery:
    @strawberry.field(extensions=requires(Obj.CUSTOMER, READ))
    async def customers(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[Customer]:
        page = await records.page(CustomerModel, info.context.caller, _first(first), after)
        return connection(page, Customer)

    @strawberry.field(extensions=requires(Obj.CUSTOMER, READ))
    async def customer(self, info: Info, id: strawberry.ID) -> Customer | None:
        found = await records.get(CustomerModel, info.context.caller, id)
        return Customer.from_model(found) if found else None

    @strawberry.field(extensions=requires(Obj.PLAN, READ))
    async def plans(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[Plan]:
        page = await records.page(PlanModel, info.context.caller, _first(first), after)
        return connection(page, Plan)

    @strawberry.field(extensions=requires(Obj.PLAN, READ))
    async def plan(self, info: Info, id: strawberry.ID) -> Plan | None:
        found = await records.get(PlanModel, info.context.caller, id)
        return Plan.from_model(found) if found else None

    @strawberry.field(extensions=requires(Obj.BILLABLE_METRIC, READ))
    async def billable_metrics(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[BillableMetric]:
        page = await records.page(BillableMetricModel, info.context.caller, _first(first), after)
        return connection(page, BillableMetric)

    @strawberry.field(extensions=requires(Obj.BILLABLE_METRIC, READ))
    async def billable_metric(self, info: Info, id: strawberry.ID) -> BillableMetric | None:
        found = await records.get(BillableMetricModel, info.context.caller, id)
        return BillableMetric.from_model(found) if found else None

    @strawberry.field(extensions=requires(Obj.SUBSCRIPTION, READ))
    async def subscriptions(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[Subscription]:
        page = await records.page(SubscriptionModel, info.context.caller, _first(first), after)
        return connection(page, Subscription)

    @strawberry.field(extensions=requires(Obj.SUBSCRIPTION, READ))
    async def subscription(self, info: Info, id: strawberry.ID) -> Subscription | None:
        found = await records.get(SubscriptionModel, info.context.caller, id)
        return Subscription.from_model(found) if found else None

    @strawberry.field(extensions=requires(Obj.INVOICE, READ))
    async def invoices(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[Invoice]:
        page = await records.page(InvoiceModel, info.context.caller, _first(first), after)
        return connection(page, Invoice)

    @strawberry.field(extensions=requires(Obj.INVOICE, READ))
    async def invoice(self, info: Info, id: strawberry.ID) -> Invoice | None:
        found = await records.get(InvoiceModel, info.context.caller, id)
        return Invoice.from_model(found) if found else None

    @strawberry.field(extensions=requires(Obj.EVENT, READ))
    async def events(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[Event]:
        page = await records.page(EventModel, info.context.caller, _first(first), after)
        return connection(page, Event)

    @strawberry.field(extensions=requires(Obj.EVENT, READ))
    async def event(self, info: Info, id: strawberry.ID) -> Event | None:
        found = await records.get(EventModel, info.context.caller, id)
        return Event.from_model(found) if found else None
