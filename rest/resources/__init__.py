"""Every operation of /api/v1, one module per object as in resolvers/."""

from __future__ import annotations

from rest.operations import Operation
from rest.resources import billable_metrics, customers, events, invoices, plans, subscriptions

OPERATIONS: tuple[Operation, ...] = (
    *customers.OPERATIONS,
    *plans.OPERATIONS,
    *billable_metrics.OPERATIONS,
    *subscriptions.OPERATIONS,
    *invoices.OPERATIONS,
    *events.OPERATIONS,
)
