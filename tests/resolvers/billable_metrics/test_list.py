from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.fields import BillableMetricFields
from resolvers.billable_metrics.list import list_billable_metrics
from resolvers.errors import Forbidden
from resolvers.pagination import PageRequest
from tests.factories import data


async def test_the_organizations_metrics(client, org, other_org):
    await create_billable_metric(org.admin, BillableMetricFields(code="calls", name="C"))
    query = "{ billableMetrics { totalCount edges { node { code } } } }"
    assert (await data(client, query, org.key))["billableMetrics"] == {
        "totalCount": 1,
        "edges": [{"node": {"code": "calls"}}],
    }
    assert (await list_billable_metrics(other_org.admin, PageRequest(first=10))).items == []


async def test_it_needs_billable_metric_read(org):
    with pytest.raises(Forbidden):
        await list_billable_metrics(
            Principal(org.id, full_access=False, grants=frozenset()), PageRequest(first=1)
        )
