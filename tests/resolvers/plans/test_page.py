"""Plans by numbered pages (GET /api/v1/plans)."""

from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.errors import Forbidden
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.plans.page import page_plans
from tests.rest.calls import all_ids, ok


async def _make(org, count):
    return [
        await create_plan(org.admin, PlanFields(code=f"p{i}", name="P", currency="EUR"))
        for i in range(count)
    ]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    assert await all_ids(client, org.key, "plans", per_page=2) == made[::-1]
    last = await ok(client, "GET", "/plans", org.key, page=2, per_page=2)
    assert last["meta"] == {
        "current_page": 2,
        "next_page": None,
        "prev_page": 1,
        "total_pages": 2,
        "total_count": 3,
    }
    assert (await ok(client, "GET", "/plans", other_org.key))["meta"]["total_count"] == 0


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    page = await page_plans(org.admin, 5, 10)
    assert page.items == [] and page.total_count == 1 and page.prev_page is None


async def test_it_needs_plan_read(org):
    with pytest.raises(Forbidden):
        await page_plans(Principal(org.id, full_access=False, grants=frozenset()))
