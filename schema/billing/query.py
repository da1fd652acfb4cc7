from __future__ import annotations

import strawberry

from resolvers.billable_metrics.get import get_billable_metric
from resolvers.billable_metrics.list import list_billable_metrics
from resolvers.customers.get import get_customer
from resolvers.customers.list import list_customers
from resolvers.events.get import get_event
from resolvers.events.list import list_events
from resolvers.invoices.get import get_invoice
from resolvers.invoices.list import list_invoices
from resolvers.plans.get import get_plan
from resolvers.plans.list import list_plans
from resolvers.subscriptions.get import get_subscription
from resolvers.subscriptions.list import list_subscriptions
from schema.billing.fields import reads
from schema.billing.types import BillableMetric, Customer, Event, Invoice, Plan, Subscription


@strawberry.type
class BillingQuery:
    """Each object's connection (`customers`) and lookup (`customer`)."""

    customers, customer = reads(Customer, list_customers, get_customer)
    plans, plan = reads(Plan, list_plans, get_plan)
    billable_metrics, billable_metric = reads(
        BillableMetric, list_billable_metrics, get_billable_metric
    )
    subscriptions, subscription = reads(Subscription, list_subscriptions, get_subscription)
    invoices, invoice = reads(Invoice, list_invoices, get_invoice)
    events, event = reads(Event, list_events, get_event)
