"""Billable metrics by numbered pages (GET /api/v1/billable_metrics)."""

from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.fields import BillableMetricFields
from resolvers.billable_metrics.page import page_billable_metrics
from resolvers.errors import Forbidden
from tests.rest.calls import all_ids, ok


async def _make(org, count):
    return [
        await create_billable_metric(org.admin, BillableMetricFields(code=f"m{i}", name="M"))
        for i in range(count)
    ]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    assert await all_ids(client, org.key, "billable_metrics", per_page=2) == made[::-1]
    last = await ok(client, "GET", "/billable_metrics", org.key, page=2, per_page=2)
    assert last["meta"] == {
        "current_page": 2,
        "next_page": None,
        "prev_page": 1,
        "total_pages": 2,
        "total_count": 3,
    }
    assert (await ok(client, "GET", "/billable_metrics", other_org.key))["meta"]["total_count"] == 0


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    page = await page_billable_metrics(org.admin, 5, 10)
    assert page.items == [] and page.total_count == 1 and page.prev_page is None


async def test_it_needs_billable_metric_read(org):
    with pytest.raises(Forbidden):
        await page_billable_metrics(Principal(org.id, full_access=False, grants=frozenset()))
