from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Plan
from resolvers import owned, policy
from resolvers.plans.fields import PlanFields


async def update_plan(principal: Principal, plan_id: owned.Ref, data: PlanFields) -> Plan:
    policy.require(principal, PermissionObject.PLAN, Access.WRITE)
    return await owned.update(Plan, principal, plan_id, data.changes(), unique="code")
