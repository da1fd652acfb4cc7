from __future__ import annotations

from functools import partial
from typing import Any

from auth.grants import Access
from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from models import Plan, PlanInterval, Subscription
from resolvers import policy
from resolvers.billing import checks, records
from resolvers.errors import Conflict

CHECKS = {
    "code": partial(checks.text, "code"),
    "name": partial(checks.text, "name"),
    "interval": partial(checks.choice, "interval", PlanInterval),
    "amount_cents": partial(checks.cents, "amountCents"),
    "currency": partial(checks.currency, "currency"),
}


async def create_plan(principal: Principal, values: dict[str, Any]) -> Plan:
    policy.require(principal, Obj.PLAN, Access.WRITE)
    required = {"code": None, "name": None, "currency": None, "amount_cents": 0}
    checked = checks.present({**required, **values}, CHECKS)
    return await records.create(Plan, principal, checked, unique="code")


async def update_plan(principal: Principal, plan_id: str, values: dict[str, Any]) -> Plan:
    policy.require(principal, Obj.PLAN, Access.WRITE)
    changes = checks.present(values, CHECKS)
    return await records.update(Plan, principal, plan_id, changes, unique="code")


async def delete_plan(principal: Principal, plan_id: str) -> Plan:
    policy.require(principal, Obj.PLAN, Access.WRITE)
    plan = await records.find(Plan, principal, plan_id)
    if await Subscription.exists(plan_id=plan.id):
        raise Conflict("the plan has subscriptions")
    await plan.delete()
    return plan
