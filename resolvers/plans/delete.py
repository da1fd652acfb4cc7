from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Plan, Subscription
from resolvers import owned, policy

IN_USE = owned.InUse({Subscription: "plan_id"}, "the plan has subscriptions")


async def delete_plan(principal: Principal, plan_id: owned.Ref) -> Plan:
    policy.require(principal, PermissionObject.PLAN, Access.WRITE)
    return await owned.delete(Plan, principal, plan_id, unless=IN_USE)
