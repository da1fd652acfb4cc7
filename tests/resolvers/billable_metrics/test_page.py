"""Billable metrics by numbered pages (GET /api/v1/billable_metrics)."""

from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.fields import BillableMetricFields
from resolvers.billable_metrics.page import page_billable_metrics
from resolvers.errors import Forbidden
from tests.rest.calls import assert_a_page_beyond_the_last_is_empty, assert_numbered_pages


async def _make(org, count):
    return [
        await create_billable_metric(org.admin, BillableMetricFields(code=f"m{i}", name="M"))
        for i in range(count)
    ]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    await assert_numbered_pages(client, org, other_org, "billable_metrics", made)


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    await assert_a_page_beyond_the_last_is_empty(page_billable_metrics, org)


async def test_it_needs_billable_metric_read(org):
    with pytest.raises(Forbidden):
        await page_billable_metrics(Principal(org.id, full_access=False, grants=frozenset()))
