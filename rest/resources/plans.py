"""Plans, by their code."""

from __future__ import annotations

from auth.grants import PermissionObject
from models import PlanInterval
from resolvers.plans.create import create_plan
from resolvers.plans.delete import delete_plan
from resolvers.plans.fields import PlanFields
from resolvers.plans.get import get_plan
from resolvers.plans.page import page_plans
from resolvers.plans.update import update_plan
from rest.fields import (
    INSTANT_OUT,
    INTEGER,
    STRING,
    TEXT,
    In,
    Input,
    Shape,
    choice,
    column,
    enum_column,
    lago_id,
    lowered,
)
from rest.operations import Key, creating, deleting, getting, listing, updating

PLAN = PermissionObject.PLAN
INTERVALS = lowered(PlanInterval)
SHAPE = Shape(
    "plan",
    "plans",
    "Plan",
    (
        lago_id(),
        column("name", STRING),
        column("code", STRING),
        enum_column("interval", INTERVALS),
        column("amount_cents", {"type": "integer"}),
        column("amount_currency", STRING, "currency"),
        column("created_at", INSTANT_OUT),
    ),
)
BODY = Input(
    "plan",
    "PlanInput",
    PlanFields,
    (
        In("name", TEXT, "name"),
        In("code", TEXT, "code", description="Unique in the organization."),
        In("interval", choice(INTERVALS), "interval"),
        In("amount_cents", INTEGER, "amount_cents"),
        In("amount_currency", TEXT, "currency", description="ISO 4217, such as EUR."),
    ),
)
KEY = Key("code", "code", "The plan's code.")

OPERATIONS = (
    listing(SHAPE, PLAN, page_plans),
    creating(SHAPE, PLAN, BODY, create_plan),
    getting(SHAPE, PLAN, KEY, get_plan),
    updating(SHAPE, PLAN, KEY, BODY, update_plan),
    deleting(
        SHAPE,
        PLAN,
        KEY,
        delete_plan,
        failures=frozenset({404, 405}),
        description="Refused (405, `plan_in_use`) while it has subscriptions.",
    ),
)
