from __future__ import annotations

import pytest

from models import Aggregation
from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.fields import BillableMetricFields
from resolvers.billable_metrics.update import update_billable_metric
from resolvers.errors import BadUserInput, NotFound


async def _metric(org):
    return await create_billable_metric(org.admin, BillableMetricFields(code="calls", name="C"))


async def test_the_aggregation_and_its_field_must_still_agree(org):
    metric = await _metric(org)
    with pytest.raises(BadUserInput) as refused:
        await update_billable_metric(
            org.admin, str(metric.id), BillableMetricFields(aggregation=Aggregation.MAX)
        )
    assert refused.value.extensions == {"field": "fieldName"}
    changed = await update_billable_metric(
        org.admin,
        str(metric.id),
        BillableMetricFields(aggregation=Aggregation.MAX, field_name="latency"),
    )
    assert (changed.aggregation, changed.field_name, changed.code) == (
        Aggregation.MAX,
        "latency",
        "calls",
    )


async def test_another_organizations_metric_is_not_found(org, other_org):
    theirs = await _metric(other_org)
    with pytest.raises(NotFound):
        await update_billable_metric(org.admin, str(theirs.id), BillableMetricFields(name="x"))
