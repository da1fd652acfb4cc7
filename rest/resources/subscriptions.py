"""Subscriptions, by their external_id: made for a customer (its external_id) and a plan
(its code); Lago's `DELETE` terminates one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Customer, Plan, Subscription, SubscriptionStatus
from resolvers.customers.load import load_customers
from resolvers.plans.load import load_plans
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from resolvers.subscriptions.get import get_subscription
from resolvers.subscriptions.page import page_subscriptions
from resolvers.subscriptions.terminate import terminate_subscription
from rest.fields import INSTANT, INSTANT_OUT, STRING, TEXT, UUID, In, Input, Out, Shape, reference
from rest.operations import Key, creating, deleting, getting, listing

SUBSCRIPTION = PermissionObject.SUBSCRIPTION
STATUSES = {member: member.value.lower() for member in SubscriptionStatus}


@dataclass(frozen=True)
class _Subscribed:
    """A subscription with the customer and the plan it names."""

    row: Subscription
    customer: Customer | None
    plan: Plan | None


async def _with_references(principal: Principal, rows: list[Any]) -> list[Any]:
    """Each subscription's customer and plan, in two queries for a page; none of either
    for a caller that may not read them (their external_id and code are theirs, as
    GraphQL's `subscription.customer` is)."""
    organization = principal.organization_id
    nothing: list[Any] = [None] * len(rows)
    customers = nothing
    if principal.allows(PermissionObject.CUSTOMER, Access.READ):
        customers = await load_customers(organization, [str(row.customer_id) for row in rows])
    plans = nothing
    if principal.allows(PermissionObject.PLAN, Access.READ):
        plans = await load_plans(organization, [str(row.plan_id) for row in rows])
    return [_Subscribed(*each) for each in zip(rows, customers, plans, strict=True)]


def _unless_readable(plural: str) -> dict[str, Any]:
    return {
        "type": ["string", "null"],
        "description": f"Null for a key that may not read {plural}.",
    }


SHAPE = Shape(
    "subscription",
    "subscriptions",
    "Subscription",
    (
        Out("lago_id", UUID, lambda s: str(s.row.id)),
        Out("external_id", STRING, lambda s: s.row.external_id or str(s.row.id)),
        Out("lago_customer_id", UUID, lambda s: str(s.row.customer_id)),
        Out(
            "external_customer_id",
            _unless_readable("customers"),
            lambda s: s.customer and s.customer.external_id,
        ),
        Out("lago_plan_id", UUID, lambda s: str(s.row.plan_id)),
        Out(
            "plan_code",
            _unless_readable("plans"),
            lambda s: s.plan and s.plan.code,
        ),
        Out(
            "status",
            {"type": "string", "enum": list(STATUSES.values())},
            lambda s: STATUSES[s.row.status],
        ),
        Out("created_at", INSTANT_OUT, lambda s: s.row.created_at),
        Out("started_at", INSTANT_OUT, lambda s: s.row.started_at),
        Out("subscription_at", INSTANT_OUT, lambda s: s.row.started_at),
    ),
    prepare=_with_references,
)
BODY = Input(
    "subscription",
    "SubscriptionInput",
    SubscriptionFields,
    (
        In("external_customer_id", reference("external_id"), "customer_id"),
        In("plan_code", reference("code"), "plan_id"),
        In(
            "external_id",
            TEXT,
            "external_id",
            nullable=True,
            description="Your application's id for it, unique in the organization; its "
            "lago_id when left out.",
        ),
        In("subscription_at", INSTANT, "started_at", nullable=True, description="Now if left out."),
    ),
)
KEY = Key("external_id", "external_id", "The subscription's external_id.")

OPERATIONS = (
    listing(SHAPE, SUBSCRIPTION, page_subscriptions),
    creating(
        SHAPE,
        SUBSCRIPTION,
        BODY,
        create_subscription,
        summary="Assign a plan to a customer",
        failures=frozenset({404}),
        description="404 `customer_not_found` or `plan_not_found` when the customer's "
        "external_id or the plan's code names none; naming them needs reading them (403 "
        "`customer_read_forbidden`, `plan_read_forbidden`).",
    ),
    getting(SHAPE, SUBSCRIPTION, KEY, get_subscription),
    deleting(
        SHAPE,
        SUBSCRIPTION,
        KEY,
        terminate_subscription,
        summary="Terminate a subscription by its external_id",
        description="An active subscription is terminated, a pending one canceled; one "
        "already ended is answered as it is.",
    ),
)
