from __future__ import annotations

import pytest

from models import BillableMetric
from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.delete import delete_billable_metric
from resolvers.billable_metrics.fields import BillableMetricFields
from resolvers.errors import NotFound


async def test_a_metric_is_deleted_inside_its_organization_only(org, other_org):
    metric = await create_billable_metric(org.admin, BillableMetricFields(code="calls", name="C"))
    with pytest.raises(NotFound):
        await delete_billable_metric(other_org.admin, str(metric.id))
    assert (await delete_billable_metric(org.admin, str(metric.id))).code == "calls"
    assert not await BillableMetric.exists(id=metric.id)
