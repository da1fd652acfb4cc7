from __future__ import annotations

from functools import partial
from typing import Any

from auth.grants import Access
from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from models import Aggregation, BillableMetric
from resolvers import policy
from resolvers.billing import checks, records
from resolvers.errors import BadUserInput

CHECKS = {
    "code": partial(checks.text, "code"),
    "name": partial(checks.text, "name"),
    "aggregation": partial(checks.choice, "aggregation", Aggregation),
    "field_name": partial(checks.text, "fieldName", required=False),
}


def _consistent(aggregation: Aggregation, field_name: str | None) -> None:
    if aggregation is not Aggregation.COUNT and not field_name:
        raise BadUserInput(
            "fieldName", f"{aggregation.value} needs the event property to aggregate"
        )


async def create_billable_metric(principal: Principal, values: dict[str, Any]) -> BillableMetric:
    policy.require(principal, Obj.BILLABLE_METRIC, Access.WRITE)
    checked = checks.present({"code": None, "name": None, **values}, CHECKS)
    _consistent(checked.get("aggregation", Aggregation.COUNT), checked.get("field_name"))
    return await records.create(BillableMetric, principal, checked, unique="code")


async def update_billable_metric(
    principal: Principal, metric_id: str, values: dict[str, Any]
) -> BillableMetric:
    policy.require(principal, Obj.BILLABLE_METRIC, Access.WRITE)
    changes = checks.present(values, CHECKS)
    metric = await records.find(BillableMetric, principal, metric_id)
    _consistent(
        changes.get("aggregation", metric.aggregation), changes.get("field_name", metric.field_name)
    )
    return await records.update(BillableMetric, principal, metric_id, changes, unique="code")


async def delete_billable_metric(principal: Principal, metric_id: str) -> BillableMetric:
    policy.require(principal, Obj.BILLABLE_METRIC, Access.WRITE)
    return await records.delete(BillableMetric, principal, metric_id)
