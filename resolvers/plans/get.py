from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Plan
from resolvers import owned, policy


async def get_plan(principal: Principal, plan_id: owned.Ref) -> Plan | None:
    policy.require(principal, PermissionObject.PLAN, Access.READ)
    return await owned.get(Plan, principal, plan_id)
