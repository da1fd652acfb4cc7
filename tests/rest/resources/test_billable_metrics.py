"""/api/v1/billable_metrics: Lago's aggregation names, by code."""

from __future__ import annotations

from tests.rest.calls import ok, refused

METRIC = {"code": "storage", "name": "Storage", "aggregation_type": "sum_agg", "field_name": "gb"}


async def test_a_metric_as_lago_answers_it(client, org):
    made = (await ok(client, "POST", "/billable_metrics", org.key, {"billable_metric": METRIC}))[
        "billable_metric"
    ]
    assert {k: made[k] for k in METRIC} == METRIC
    assert set(made) == set(METRIC) | {"lago_id", "created_at"}
    assert (await ok(client, "GET", "/billable_metrics/storage", org.key))[
        "billable_metric"
    ] == made
    listed = await ok(client, "GET", "/billable_metrics", org.key)
    assert listed["billable_metrics"] == [made] and listed["meta"]["total_count"] == 1


async def test_the_aggregation_and_its_property_must_agree(client, org):
    alone = METRIC | {"field_name": None}
    refusal = await refused(
        client, 422, "POST", "/billable_metrics", org.key, {"billable_metric": alone}
    )
    assert list(refusal["error_details"]) == ["field_name"]
    counted = await ok(
        client,
        "POST",
        "/billable_metrics",
        org.key,
        {"billable_metric": alone | {"aggregation_type": "count_agg"}},
    )
    assert counted["billable_metric"]["aggregation_type"] == "count_agg"
    unknown = await refused(
        client,
        422,
        "PUT",
        "/billable_metrics/storage",
        org.key,
        {"billable_metric": {"aggregation_type": "latest_agg"}},
    )
    assert list(unknown["error_details"]) == ["aggregation_type"]


async def test_update_and_delete_by_code(client, org):
    await ok(client, "POST", "/billable_metrics", org.key, {"billable_metric": METRIC})
    changed = await ok(
        client,
        "PUT",
        "/billable_metrics/storage",
        org.key,
        {"billable_metric": {"aggregation_type": "max_agg"}},
    )
    assert changed["billable_metric"]["aggregation_type"] == "max_agg"
    assert (await ok(client, "DELETE", "/billable_metrics/storage", org.key)) == changed
    missing = await refused(client, 404, "GET", "/billable_metrics/storage", org.key)
    assert missing["code"] == "billable_metric_not_found"
