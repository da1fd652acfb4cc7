from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import BillableMetric
from resolvers import owned, policy
from resolvers.billable_metrics.fields import BillableMetricFields, check_consistent


async def update_billable_metric(
    principal: Principal, metric_id: owned.Ref, data: BillableMetricFields
) -> BillableMetric:
    """Change the fields given; the aggregation and its property must still agree."""
    policy.require(principal, PermissionObject.BILLABLE_METRIC, Access.WRITE)
    changes = data.changes()
    async with owned.transaction(unique="code"):
        metric = await owned.find(BillableMetric, principal, metric_id, lock=True)
        check_consistent(
            changes.get("aggregation", metric.aggregation),
            changes.get("field_name", metric.field_name),
        )
        await owned.save(metric, changes)
    return metric
