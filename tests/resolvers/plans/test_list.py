from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.errors import Forbidden
from resolvers.pagination import PageRequest
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.plans.list import list_plans


async def test_the_organizations_plans_newest_first(org, other_org):
    for code in ("first", "second"):
        await create_plan(org.admin, PlanFields(code=code, name="P", currency="EUR"))
    await create_plan(other_org.admin, PlanFields(code="theirs", name="P", currency="EUR"))
    page = await list_plans(org.admin, PageRequest(first=1))
    assert ([p.code for p in page.items], page.total_count, page.has_next_page) == (
        ["second"],
        2,
        True,
    )


async def test_it_needs_plan_read(org):
    with pytest.raises(Forbidden):
        await list_plans(
            Principal(org.id, full_access=False, grants=frozenset()), PageRequest(first=1)
        )
