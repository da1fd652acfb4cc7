from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.fields import BillableMetricFields
from resolvers.billable_metrics.get import get_billable_metric
from resolvers.errors import Forbidden


async def test_a_metric_is_read_by_id_inside_its_organization_only(org, other_org):
    metric = await create_billable_metric(org.admin, BillableMetricFields(code="calls", name="C"))
    assert (await get_billable_metric(org.admin, str(metric.id))) == metric
    assert await get_billable_metric(other_org.admin, str(metric.id)) is None


async def test_it_needs_billable_metric_read(org):
    with pytest.raises(Forbidden):
        await get_billable_metric(Principal(org.id, full_access=False, grants=frozenset()), "x")
