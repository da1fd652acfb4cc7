from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.errors import Forbidden
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.plans.get import get_plan


async def test_a_plan_is_read_by_id_inside_its_organization_only(org, other_org):
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    assert (await get_plan(org.admin, str(plan.id))) == plan
    assert await get_plan(other_org.admin, str(plan.id)) is None


async def test_it_needs_plan_read(org):
    with pytest.raises(Forbidden):
        await get_plan(Principal(org.id, full_access=False, grants=frozenset()), "x")
