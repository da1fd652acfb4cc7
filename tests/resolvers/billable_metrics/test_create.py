from __future__ import annotations

import pytest

from auth.principal import Principal
from models import Aggregation
from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.fields import BillableMetricFields
from resolvers.errors import BadUserInput, Forbidden
from tests.factories import error

METRIC = "mutation($i: BillableMetricInput!) { createBillableMetric(input: $i) { id aggregation fieldName } }"


async def test_an_aggregation_other_than_count_needs_its_field(client, org):
    failure = await error(
        client, METRIC, org.key, i={"code": "m", "name": "M", "aggregation": "SUM"}
    )
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "fieldName"}


async def test_a_metric_counts_unless_said_otherwise(org):
    made = await create_billable_metric(org.admin, BillableMetricFields(code="calls", name="C"))
    assert (made.aggregation, made.field_name) == (Aggregation.COUNT, None)
    summed = BillableMetricFields(
        code="bytes", name="B", aggregation=Aggregation.SUM, field_name="bytes"
    )
    assert (await create_billable_metric(org.admin, summed)).field_name == "bytes"


async def test_a_code_is_unique_in_the_organization(org):
    await create_billable_metric(org.admin, BillableMetricFields(code="calls", name="C"))
    with pytest.raises(BadUserInput) as refused:
        await create_billable_metric(org.admin, BillableMetricFields(code="calls", name="C"))
    assert refused.value.extensions == {"field": "code"}


async def test_it_needs_billable_metric_write(org):
    with pytest.raises(Forbidden):
        await create_billable_metric(
            Principal(org.id, full_access=False, grants=frozenset()),
            BillableMetricFields(code="calls", name="C"),
        )
