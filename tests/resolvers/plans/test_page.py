"""Plans by numbered pages (GET /api/v1/plans)."""

from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.errors import Forbidden
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.plans.page import page_plans
from tests.rest.calls import assert_a_page_beyond_the_last_is_empty, assert_numbered_pages


async def _make(org, count):
    return [
        await create_plan(org.admin, PlanFields(code=f"p{i}", name="P", currency="EUR"))
        for i in range(count)
    ]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    await assert_numbered_pages(client, org, other_org, "plans", made)


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    await assert_a_page_beyond_the_last_is_empty(page_plans, org)


async def test_it_needs_plan_read(org):
    with pytest.raises(Forbidden):
        await page_plans(Principal(org.id, full_access=False, grants=frozenset()))
