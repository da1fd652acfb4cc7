from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Plan
from resolvers import owned, policy
from resolvers.plans.fields import PlanFields


async def create_plan(principal: Principal, data: PlanFields) -> Plan:
    policy.require(principal, PermissionObject.PLAN, Access.WRITE)
    return await owned.create(Plan, principal, data.for_creation(), unique="code")
