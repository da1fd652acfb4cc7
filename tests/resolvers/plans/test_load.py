from __future__ import annotations

from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.plans.load import load_plans


async def test_a_batch_in_the_order_asked_with_none_for_other_organizations(org, other_org):
    ours = await create_plan(org.admin, PlanFields(code="ours", name="P", currency="EUR"))
    theirs = await create_plan(other_org.admin, PlanFields(code="theirs", name="P", currency="EUR"))
    loaded = await load_plans(org.id, [str(ours.id), str(theirs.id), str(ours.id)])
    assert [p.code if p else None for p in loaded] == ["ours", None, "ours"]
